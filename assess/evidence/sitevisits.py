"""現地視察: the visit (date, place, attendees) and an observation per requirement."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.audit.services import Actor, record
from assess.evidence.models import Observation, SiteVisit
from assess.questionnaires.models import Invitation
from assess.util.clock import utcnow

RESULTS = {"confirmed": "確認済", "unconfirmed": "未確認", "na": "該当なし"}


class VisitError(ValueError):
    pass


def create(session: Session, actor: Actor, invitation: Invitation, visited_on: date | None,
           place: str, attendees: str) -> SiteVisit:
    if visited_on is None:
        raise VisitError("視察日を入力してください。")
    if not place.strip():
        raise VisitError("視察した場所を入力してください。")
    if not attendees.strip():
        raise VisitError("出席者を入力してください。")
    visit = SiteVisit(invitation_id=invitation.id, visited_on=visited_on, place=place.strip()[:200],
                      attendees=attendees.strip(), created_by=actor.name, created_at=utcnow())
    session.add(visit)
    session.flush()
    record(session, actor, "site_visit.create", "site_visit", visit.id,
           after={"invitation": invitation.id, "visited_on": visited_on, "place": visit.place,
                  "attendees": visit.attendees})
    return visit


def of_invitation(session: Session, invitation_id: int) -> list[SiteVisit]:
    return list(session.scalars(select(SiteVisit).where(SiteVisit.invitation_id == invitation_id)
                                .options(selectinload(SiteVisit.observations))
                                .order_by(SiteVisit.visited_on)))


def observe(session: Session, actor: Actor, visit: SiteVisit, results: dict[str, tuple[str, str]]) -> int:
    """Saves (result, note) per control id; a blank result clears the observation."""
    bad = [cid for cid, (result, _n) in results.items() if result and result not in RESULTS]
    if bad:
        raise VisitError(f"確認結果は 確認済・未確認・該当なし から選んでください: {'、'.join(bad)}")
    current = {o.control_id: o for o in visit.observations}
    changed = {}
    for cid, (result, note) in results.items():
        note = note.strip()
        existing = current.get(cid)
        before = (existing.result, existing.note) if existing else None
        if not result:
            if existing is not None:
                visit.observations.remove(existing)
                changed[cid] = (before, None)
            continue
        if before == (result, note):
            continue
        if existing is None:
            existing = Observation(control_id=cid)
            visit.observations.append(existing)
        existing.result, existing.note = result, note
        changed[cid] = (before, (result, note))
    session.flush()
    if changed:
        record(session, actor, "site_visit.observe", "site_visit", visit.id,
               before={k: b for k, (b, _a) in changed.items()}, after={k: a for k, (_b, a) in changed.items()})
    return len(changed)
