"""Staff review decisions, one per requirement per vendor, and the selection committee's record."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.db import Base


class Review(Base):
    """A reviewer's decision on one requirement of one vendor: 承認 / 要確認 / 不適合."""

    __tablename__ = "review"
    __table_args__ = (
        UniqueConstraint("invitation_id", "control_id"),
        CheckConstraint("decision IN ('accept', 'query', 'reject')", name="decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    control_id: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(120))
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    revision: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": revision}


class Evaluation(Base):
    """The selection committee's record for one project: when it evaluated, who sat on it, what it
    said of each candidate and overall, and its conclusion (the 評価結果報告書 prints all of it)."""

    __tablename__ = "evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), unique=True)
    period_from: Mapped[date | None] = mapped_column(Date)  # 評価期間
    period_to: Mapped[date | None] = mapped_column(Date)
    evaluated_on: Mapped[date | None] = mapped_column(Date)  # 評価日 (the committee's meeting)
    chosen_invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id", ondelete="SET NULL"))
    conclusion: Mapped[str] = mapped_column(Text, default="")  # 「…を契約候補者として選定することが適当である。」
    overall_comment: Mapped[str] = mapped_column(Text, default="")  # 総評
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    revision: Mapped[int] = mapped_column(Integer, default=1)

    members: Mapped[list["CommitteeMember"]] = relationship(order_by="CommitteeMember.position",
                                                            cascade="all, delete-orphan")
    comments: Mapped[list["CandidateComment"]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": revision}


class CommitteeMember(Base):
    """審査委員, in the order the report lists them."""

    __tablename__ = "committee_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(100), default="")


class CandidateComment(Base):
    """The committee's comment on one candidate."""

    __tablename__ = "candidate_comment"
    __table_args__ = (UniqueConstraint("evaluation_id", "invitation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id", ondelete="CASCADE"))
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
