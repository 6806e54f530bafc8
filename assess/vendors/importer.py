"""Importing a checked vendor list: what it would do (the preview), doing it (an audit event per
created or changed vendor, nothing for a row that matches what is stored), and the rows kept
between the preview and the confirmation. Services flush; the caller commits."""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.util.clock import utcnow
from assess.vendors.import_rows import LABELS, VendorRow
from assess.vendors.models import Vendor, VendorImport

PENDING_HOURS = 24
_COMPARED = ("name", "contact_name", "contact_email")


@dataclass(frozen=True)
class Change:
    row: VendorRow
    vendor_id: int | None  # None: a new vendor
    before: dict  # the fields that change, as stored ({} for a new vendor)
    after: dict

    def lines(self) -> list[str]:
        """「担当者名: 山田 → 佐藤」 for the preview."""
        return [f"{LABELS[k]}: {self.before[k]} → {self.after[k]}" for k in self.after]


@dataclass
class Plan:
    creates: list[Change] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not self.creates and not self.updates


def plan(session: Session, rows: list[VendorRow]) -> Plan:
    """Compare with what is stored: one query for all the file's numbers, not one per row."""
    numbers = [r.corporate_number for r in rows]
    stored = {v.corporate_number: v for v in
              session.scalars(select(Vendor).where(Vendor.corporate_number.in_(numbers)))} if numbers else {}
    result = Plan()
    for row in rows:
        vendor = stored.get(row.corporate_number)
        if vendor is None:
            result.creates.append(Change(row, None, {}, row.fields()))
            continue
        changed = [k for k in _COMPARED if getattr(vendor, k) != getattr(row, k)]
        if changed:
            result.updates.append(Change(row, vendor.id, {k: getattr(vendor, k) for k in changed},
                                         {k: getattr(row, k) for k in changed}))
        else:
            result.unchanged += 1
    return result


def apply(session: Session, actor: Actor, rows: list[VendorRow], source: str) -> Plan:
    """Store the file's rows; returns what was done."""
    done = plan(session, rows)
    for change in done.creates:
        vendor = Vendor(**change.after, created_at=utcnow())
        session.add(vendor)
        session.flush()
        record(session, actor, "vendor.create", "vendor", vendor.id,
               after={**change.after, "source": source, "row": change.row.row})
    for change in done.updates:
        vendor = session.get(Vendor, change.vendor_id)
        for key, value in change.after.items():
            setattr(vendor, key, value)
        session.flush()
        record(session, actor, "vendor.update", "vendor", vendor.id, before=change.before,
               after={**change.after, "source": source, "row": change.row.row})
    return done


def keep(session: Session, user_id: int, filename: str, rows: list[VendorRow]) -> VendorImport:
    """Keep checked rows until the user confirms; sweeps those left unconfirmed for a day."""
    session.execute(delete(VendorImport)
                    .where(VendorImport.created_at < utcnow() - timedelta(hours=PENDING_HOURS)))
    pending = VendorImport(user_id=user_id, filename=filename[:255], created_at=utcnow(),
                           rows=json.dumps([{"row": r.row, **r.fields()} for r in rows],
                                           ensure_ascii=False))
    session.add(pending)
    session.flush()
    return pending


def pending_for(session: Session, pending_id: int, user_id: int) -> VendorImport | None:
    """Only the uploader's own, and only while fresh."""
    found = session.get(VendorImport, pending_id)
    if found is None or found.user_id != user_id:
        return None
    if found.created_at < utcnow() - timedelta(hours=PENDING_HOURS):
        return None
    return found


def rows_of(pending: VendorImport) -> list[VendorRow]:
    return [VendorRow(**r) for r in json.loads(pending.rows)]
