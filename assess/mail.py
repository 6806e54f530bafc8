"""Sending mail: through SMTP when MAIL_SERVER is set, otherwise written as .eml files to the
outbox folder (development, tests, and closed networks where staff forward mail by hand)."""

import smtplib
import ssl
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app, has_request_context, request

from assess.util.clock import JST, to_jst, utcnow


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def base_url() -> str:
    """The address links in mail start with: BASE_URL when set (how people reach the app), else
    the address this request came in on, else (a command, no request) the local address `make run`
    serves on (PORT)."""
    config = current_app.config
    if config.get("BASE_URL"):
        return config["BASE_URL"].rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    return f"http://127.0.0.1:{config.get('PORT') or 5000}"


def page_url(endpoint: str, **values) -> str:
    """A page's full address for a mail, also from a command (url_for needs a request there)."""
    return base_url() + current_app.url_map.bind("localhost").build(endpoint, values)


def signature(sender: str) -> str:
    """The closing lines of every mail: who sends it (city and 課) and how to reach them."""
    contact = current_app.config.get("MAIL_CONTACT") or "このメールは委託先セキュリティ評価ツールから送信しています。"
    return f"\n――――――――\n{sender}\n{contact}\n"


def build(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = " ".join(mail.to.split())
    message["Subject"] = " ".join(mail.subject.split())  # a name with a line break cannot break the header
    message["Date"] = format_datetime(to_jst(utcnow()).astimezone(JST))
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message.set_content(mail.body)  # UTF-8, encoded as the standard library chooses
    return message


def send(mail: Mail) -> str:
    """Sends (or files) one message; returns where it went, for the caller to tell the user."""
    config = current_app.config
    message = build(mail, config["MAIL_FROM"])
    if not config.get("MAIL_SERVER"):
        return str(_write_outbox(message, Path(config["OUTBOX_DIR"])))
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
    return f"smtp://{config['MAIL_SERVER']}:{config['MAIL_PORT']}"


def _write_outbox(message: EmailMessage, outbox: Path) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = to_jst(utcnow()).strftime("%Y%m%d-%H%M%S")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(bytes(message))
    tmp.replace(path)  # a reader of the outbox never sees half a message
    return path
