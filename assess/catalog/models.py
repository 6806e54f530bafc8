"""Stored catalog versions: frozen, content-hashed copies that projects pin."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assess.db import Base


class CatalogVersion(Base):
    __tablename__ = "catalog_version"
    __table_args__ = (UniqueConstraint("catalog_key", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    catalog_key: Mapped[str] = mapped_column(String(80))  # the catalog's `id`
    label: Mapped[str] = mapped_column(String(40))  # the catalog's `version`, as written
    content_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict] = mapped_column(JSON)  # the parsed catalog, as plain data
    control_count: Mapped[int]
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
