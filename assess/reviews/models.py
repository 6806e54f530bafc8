"""Staff review decisions, one per requirement per vendor."""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

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
