"""Live secrets never reach a log line: the vendor link token in /q/<token> and the calendar feed
token in /calendar/<token>.ics become /q/*** and /calendar/***.ics, in every line the app,
werkzeug or gunicorn writes (request lines, referers, error messages, tracebacks).

Two ways in, one rule:
- `install()` (called by create_app) wraps the process's log record factory, so every record made
  after the app is loaded, by any logger, is masked when it is made: the app's own, werkzeug's
  request lines and, inside a gunicorn worker, gunicorn's access and error lines.
- `GunicornLogger` (gunicorn --logger-class assess.core.logmask.GunicornLogger, as the README
  recommends) also puts the filter on gunicorn's own handlers, for lines its master writes before
  or without the app.
"""

import logging
import re

from gunicorn.glogging import Logger as _GunicornLogger

MASK = "***"
# A token is whatever follows /q/ up to the next separator; percent-encoded text included.
_VENDOR = re.compile(r"(/q/)[^/\s?#\"'<>]+")
_FEED = re.compile(r"(/calendar/)[^/\s?#\"'<>]+?(\.ics)")


def mask(text: str) -> str:
    if "/q/" not in text and "/calendar/" not in text:
        return text
    return _FEED.sub(rf"\g<1>{MASK}\g<2>", _VENDOR.sub(rf"\g<1>{MASK}", text))


class MaskTokens(logging.Filter):
    """Rewrites the record's message (formatted once, here) and its traceback text."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_tokens_masked", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's business; leave it as it is
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        record._tokens_masked = True
        return True


_FILTER = MaskTokens()


def install() -> None:
    """Masks every record this process makes from now on (idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "masks_tokens", False):
        return

    def factory(*args, **kwargs):
        record = current(*args, **kwargs)
        _FILTER.filter(record)
        return record

    factory.masks_tokens = True
    logging.setLogRecordFactory(factory)


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger with the mask on its error and access handlers."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if _FILTER not in handler.filters:
                    handler.addFilter(_FILTER)
