"""Contracts, re-review rounds, meetings, action items, KPI figures, sent reminders, calendar
feeds."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.db import Base
from assess.projects.models import Project
from assess.vendors.models import Vendor


class Contract(Base):
    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"))  # the chosen answers
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id"))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date] = mapped_column(Date)
    cycle_months: Mapped[int]
    first_review_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Why this candidate when it was not the clear first (lower rank, 失格, 判定保留), and who approved
    award_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    approver: Mapped[str] = mapped_column(String(200), default="", server_default="")  # 氏名・職名

    project: Mapped[Project] = relationship()
    vendor: Mapped[Vendor] = relationship()
    rounds: Mapped[list["ReviewRound"]] = relationship(back_populates="contract", order_by="ReviewRound.number",
                                                       cascade="all, delete-orphan")


class ReviewRound(Base):
    """One re-review: planned on the cycle or triggered by an event; started = a questionnaire
    round sent to the vendor."""

    __tablename__ = "review_round"
    __table_args__ = (
        UniqueConstraint("contract_id", "number"),
        CheckConstraint("trigger IN ('start', 'cycle', 'incident', 'subcontract', 'certificate', 'other')",
                        name="trigger"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    trigger: Mapped[str] = mapped_column(String(12))

    @property
    def label(self) -> str:
        """「第1回 契約開始時の確認」「第2回 再レビュー」."""
        return f"第{self.number}回 {'契約開始時の確認' if self.trigger == 'start' else '再レビュー'}"
    note: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date] = mapped_column(Date)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"))
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)

    contract: Mapped[Contract] = relationship(back_populates="rounds")


class Meeting(Base):
    """定例レビュー会議 (or an inspection): its kind picks the checklist lines; its number is the
    回次 printed on both its checklist and its minutes."""

    __tablename__ = "meeting"
    __table_args__ = (
        UniqueConstraint("contract_id", "number"),
        CheckConstraint("kind IN ('routine', 'quarterly', 'yearly', 'inspection', 'contract')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]  # 第N回 within the contract, assigned at creation
    kind: Mapped[str] = mapped_column(String(12), default="routine", server_default="routine")
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[str] = mapped_column(String(5), default="10:00")  # HH:MM, Japan time
    place: Mapped[str] = mapped_column(String(200), default="")
    attendees: Mapped[str] = mapped_column(Text, default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(100), default="", server_default="")  # 作成者
    next_meeting: Mapped[str] = mapped_column(String(200), default="", server_default="")  # 次回開催予定
    distribution: Mapped[str] = mapped_column(Text, default="", server_default="")  # 配付先, one a line
    created_at: Mapped[datetime] = mapped_column(DateTime)

    contract: Mapped[Contract] = relationship()
    kpis: Mapped[list["KpiValue"]] = relationship(cascade="all, delete-orphan")


class ActionItem(Base):
    __tablename__ = "action_item"
    __table_args__ = (CheckConstraint("status IN ('open', 'in_progress', 'done')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(100))
    owner_email: Mapped[str] = mapped_column(String(254), default="")
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)


class KpiValue(Base):
    """A KPI figure measured for a meeting, for a requirement whose catalog control has a KPI."""

    __tablename__ = "kpi_value"
    __table_args__ = (UniqueConstraint("meeting_id", "control_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    control_id: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)


class ReminderLog(Base):
    """A reminder already sent: its key names the event and the day, so it is never sent twice."""

    __tablename__ = "reminder_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[datetime] = mapped_column(DateTime)


class CalendarFeed(Base):
    """A staff member's secret calendar URL (only its hash kept)."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
