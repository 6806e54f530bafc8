"""Vendor companies, and imports waiting between their preview and the confirmation."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assess.db import Base


class Vendor(Base):
    __tablename__ = "vendor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    corporate_number: Mapped[str] = mapped_column(String(13), unique=True)
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class VendorImport(Base):
    """The checked rows of an uploaded file, kept in the database (not in a worker's memory or a
    cookie) so any worker can show the preview and apply it; deleted when applied or cancelled,
    and swept after a day."""

    __tablename__ = "vendor_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    rows: Mapped[str] = mapped_column(Text)  # JSON: [{"row": 3, "name": …, …}, …]
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
