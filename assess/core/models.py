"""Shared tables: events counted for rate limits (several workers share them) and the state of
refused forms kept between a redirect and the page that shows it again."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assess.db import Base


class RateEvent(Base):
    __tablename__ = "rate_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(120), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


class FormState(Base):
    """What a refused form carried (values and the reason), kept on the server between the
    redirect and the page that shows it again; the session cookie holds only `token`. Rows older
    than an hour are removed (assess/core/web.py)."""

    __tablename__ = "form_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    form_key: Mapped[str] = mapped_column(String(200))
    values: Mapped[dict] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
