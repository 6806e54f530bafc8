"""City settings, projects and per-project tailoring of catalog controls."""

import re
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.auth.models import Department
from assess.catalog.models import CatalogVersion
from assess.db import Base

PROJECT_STATUSES = ("draft", "open", "evaluating", "contracted", "closed")
DEFAULT_APPROVAL_LABELS = "起案者／係長／課長"
MAX_APPROVAL_BOXES = 8


def approval_boxes(text: str | None) -> list[str]:
    """「起案者／係長／課長」 → the boxes of the 決裁欄, left to right (「/」, 「、」 and line breaks
    separate them too)."""
    return [part.strip() for part in re.split(r"[／/、,\n]", text or "") if part.strip()]


class City(Base):
    """One row: the municipality using this installation."""

    __tablename__ = "city"
    __table_args__ = (
        CheckConstraint("network_model IN ('alpha', 'alpha_prime', 'beta', 'beta_prime')",
                        name="network_model"),
        CheckConstraint("date_style IN ('wareki', 'seireki')", name="date_style"),
        CheckConstraint("parties IN ('itaku', 'hatchu', 'kouotsu')", name="parties"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    network_model: Mapped[str] = mapped_column(String(20))
    date_style: Mapped[str] = mapped_column(String(10), default="wareki")
    # How the contract documents name the parties: 委託者・受託者 / 発注者・受注者 / 甲・乙
    parties: Mapped[str] = mapped_column(String(10), default="itaku", server_default="itaku")
    # The boxes of the 決裁欄 on the 評価結果報告書, left to right, separated by 「／」.
    approval_labels: Mapped[str] = mapped_column(String(200), default=DEFAULT_APPROVAL_LABELS,
                                                 server_default=DEFAULT_APPROVAL_LABELS)

    @property
    def approval_boxes(self) -> list[str]:
        return approval_boxes(self.approval_labels)


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'evaluating', 'contracted', 'closed')",
                        name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    contract_start: Mapped[date | None] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)  # questionnaire answers due (end of day)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    catalog_version_id: Mapped[int] = mapped_column(ForeignKey("catalog_version.id"))
    profile: Mapped[dict] = mapped_column(JSON)  # see projects.profile for the fields
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"))
    points: Mapped[dict | None] = mapped_column(JSON)  # 配点 per domain id, for 総合評価 sheets
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    department: Mapped[Department] = relationship()
    catalog_version: Mapped[CatalogVersion] = relationship()
    tailoring: Mapped[list["Tailoring"]] = relationship(back_populates="project",
                                                        cascade="all, delete-orphan")


class Tailoring(Base):
    """Staff's changes to one control in one project, kept apart from the rules' choice so that
    re-applying the rules after a profile change never loses them."""

    __tablename__ = "project_tailoring"
    __table_args__ = (
        UniqueConstraint("project_id", "control_id"),
        CheckConstraint("mode IS NULL OR mode IN ('add', 'remove')", name="mode"),
        CheckConstraint("priority IS NULL OR priority IN ('must', 'important', 'nice')",
                        name="priority"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    control_id: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str | None] = mapped_column(String(10))  # add | remove | None
    reason: Mapped[str] = mapped_column(Text, default="")  # why removed (shown in the report)
    priority: Mapped[str | None] = mapped_column(String(10))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    project: Mapped[Project] = relationship(back_populates="tailoring")
