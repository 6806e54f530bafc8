"""Stored files, evidence items, register checks, and site visits with their observations."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.db import Base


class StoredFile(Base):
    """One file content, whoever uploaded it (content-addressed: sha256)."""

    __tablename__ = "stored_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))  # pdf png jpeg heif docx xlsx text
    mime: Mapped[str] = mapped_column(String(100))
    pages: Mapped[int | None]
    width: Mapped[int | None]
    height: Mapped[int | None]
    taken_at: Mapped[datetime | None] = mapped_column(DateTime)  # EXIF, as the camera wrote it
    camera: Mapped[str] = mapped_column(String(100), default="")
    has_thumb: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint("kind IN ('certificate', 'document', 'diagram', 'photo', 'log_sample', 'record')",
                        name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    site_visit_id: Mapped[int | None] = mapped_column(ForeignKey("site_visit.id", ondelete="CASCADE"), index=True)
    control_id: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256"))
    display_name: Mapped[str] = mapped_column(String(255))  # for people; never a path
    kind: Mapped[str] = mapped_column(String(20))
    valid_until: Mapped[date | None] = mapped_column(Date)  # certificates
    registration_number: Mapped[str] = mapped_column(String(100), default="")
    nondisclosure: Mapped[bool] = mapped_column(default=False)
    nondisclosure_reason: Mapped[str] = mapped_column(Text, default="")
    uploaded_by: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)

    file: Mapped[StoredFile] = relationship(lazy="joined")
    checks: Mapped[list["RegisterCheck"]] = relationship(order_by="RegisterCheck.id",
                                                         cascade="all, delete-orphan")


class RegisterCheck(Base):
    """Staff compared a certificate with the public register (ISMS-AC, JIPDEC, ISMAP list)."""

    __tablename__ = "register_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    register: Mapped[str] = mapped_column(String(100))
    result: Mapped[str] = mapped_column(Text)
    checked_on: Mapped[date] = mapped_column(Date)
    checked_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class SiteVisit(Base):
    """現地視察 of one vendor's premises."""

    __tablename__ = "site_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    visited_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    attendees: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    observations: Mapped[list["Observation"]] = relationship(cascade="all, delete-orphan")


class Observation(Base):
    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("site_visit_id", "control_id"),
        CheckConstraint("result IN ('confirmed', 'unconfirmed', 'na')", name="result"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_visit_id: Mapped[int] = mapped_column(ForeignKey("site_visit.id", ondelete="CASCADE"))
    control_id: Mapped[str] = mapped_column(String(20))
    result: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
