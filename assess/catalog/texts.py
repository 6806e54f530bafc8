"""The catalog's Jinja text templates (question, clause, checklist) over a control's parameters.

A sandboxed environment with StrictUndefined: a template can read its parameters and nothing
else, and a missing one is an error, never an empty string in a contract.
"""

import re
from functools import lru_cache

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment

_env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


# Most catalog texts only substitute parameters ({{ name }}): those skip Jinja's compiler (the
# bulk of catalog load time) and are filled by a regex; anything else goes through Jinja.
_PLAIN_VAR = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def _is_simple(text: str) -> bool:
    rest = _PLAIN_VAR.sub("", text)
    return not is_template(rest) and "}}" not in rest and "%}" not in rest


@lru_cache(maxsize=4096)
def _compiled(text: str):
    return _env.from_string(text)


def variables(text: str) -> set[str]:
    """The names a template reads. Raises TemplateSyntaxError."""
    if not is_template(text):
        return set()
    if _is_simple(text):
        return set(_PLAIN_VAR.findall(text))
    return meta.find_undeclared_variables(_env.parse(text))


def render(text: str, params: dict) -> str:
    """`text` with the parameter values filled in (numbers shown without a trailing .0)."""
    if not is_template(text):
        return text
    if _is_simple(text):
        return _PLAIN_VAR.sub(lambda m: _substitute(m.group(1), params), text)
    return _compiled(text).render({k: _display(v) for k, v in params.items()})


def _substitute(name: str, params: dict) -> str:
    if name not in params:  # as StrictUndefined would
        raise UndefinedError(f"'{name}' is undefined")
    return str(_display(params[name]))


def _display(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


__all__ = ["TemplateSyntaxError", "is_template", "render", "variables"]
