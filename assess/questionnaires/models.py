"""Questionnaire versions, invitations, answers, submissions, returns and vendor questions."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
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
from assess.projects.models import Project
from assess.util.bounded import BoundedCache
from assess.vendors.models import Vendor

# Parsed question sets by content hash: a version never changes, so each process decodes its
# JSON once instead of on every page (read-only: callers must not mutate what they get). Bounded
# in bytes: a worker that serves many projects keeps the ones in use.
_parsed = BoundedCache(max_bytes=64 * 1024 * 1024)


class QuestionnaireVersion(Base):
    """The question set of one stage as vendors see it: the selection set frozen when the first
    invitation goes out, the operations set when the first round after the contract starts. A
    later change is a new version with a 変更通知 (note) every vendor of that stage sees."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("project_id", "stage", "number"),
                      CheckConstraint("stage IN ('selection', 'operations')", name="stage"))

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(12), default="selection", server_default="selection")
    number: Mapped[int]
    stored_content: Mapped[dict] = mapped_column("content", JSON, deferred=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    project: Mapped[Project] = relationship()

    @property
    def content(self) -> dict:
        found = _parsed.get(self.content_hash)
        if found is None:
            found = _parsed.put(self.content_hash, self.stored_content)
        return found


class Invitation(Base):
    __tablename__ = "invitation"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'submitted', 'returned')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # the link itself is never stored
    state: Mapped[str] = mapped_column(String(12), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_activity_at: Mapped[datetime | None] = mapped_column(DateTime)
    deadline: Mapped[date | None] = mapped_column(Date)  # a re-review round's own; else the project's
    round_id: Mapped[int | None] = mapped_column(ForeignKey("review_round.id", use_alter=True), index=True)

    project: Mapped[Project] = relationship()
    vendor: Mapped[Vendor] = relationship()

    @property
    def answer_deadline(self) -> date | None:
        return self.deadline or self.project.deadline

    @property
    def stage(self) -> str:
        """A procurement invitation answers the selection questions; a round after the
        contract answers the operations ones."""
        return "selection" if self.round_id is None else "operations"
    answers: Mapped[list["Answer"]] = relationship(back_populates="invitation",
                                                   cascade="all, delete-orphan")
    returns: Mapped[list["ItemReturn"]] = relationship(back_populates="invitation",
                                                       cascade="all, delete-orphan",
                                                       order_by="ItemReturn.id")


class Answer(Base):
    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("invitation_id", "control_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"))
    control_id: Mapped[str] = mapped_column(String(20))
    value: Mapped[str | None] = mapped_column(Text)  # exactly as typed
    na: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    nondisclosure: Mapped[bool] = mapped_column(default=False)  # 非開示希望
    nondisclosure_reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    prefilled: Mapped[bool] = mapped_column(default=False)  # 前回回答: copied, not yet confirmed

    invitation: Mapped[Invitation] = relationship(back_populates="answers")

    __mapper_args__ = {"version_id_col": revision}


class Submission(Base):
    """Each submit, kept whole: who, when, against which version, and every answer then."""

    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("invitation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    version_number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    answers: Mapped[dict] = mapped_column(JSON)


class ItemReturn(Base):
    """Staff returned one item to the vendor with a comment (差戻し)."""

    __tablename__ = "item_return"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"), index=True)
    control_id: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text)
    returned_at: Mapped[datetime] = mapped_column(DateTime)
    returned_by: Mapped[str] = mapped_column(String(120))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)

    invitation: Mapped[Invitation] = relationship(back_populates="returns")


class CorrectionWindow(Base):
    """補正: after the answer deadline, staff give every vendor that submitted the same chance to add
    the required evidence it lacked when the window opened (never to change an answer), until the
    end of `deadline` in Japan time. One window at a time per project."""

    __tablename__ = "correction_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    opened_by: Mapped[str] = mapped_column(String(120))
    deadline: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    # As of the opening, frozen: {invitation id (str): {control id: [evidence kinds missing]}} for
    # every submitted selection invitation, so a later upload or change never widens the window.
    missing: Mapped[dict] = mapped_column(JSON)

    def items_for(self, invitation_id: int) -> dict[str, list[str]]:
        return self.missing.get(str(invitation_id), {})


class VendorQuestion(Base):
    """A vendor's question (質疑応答); published with its answer to every invited vendor,
    never saying who asked."""

    __tablename__ = "vendor_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)  # as the vendor wrote it (staff only)
    published_body: Mapped[str] = mapped_column(Text, default="")  # as published: names taken out
    answer: Mapped[str] = mapped_column(Text, default="")
    asked_at: Mapped[datetime] = mapped_column(DateTime)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
