"""Calendar files: a meeting's .ics and each staff member's secret feed of meetings and dues."""

import hashlib
import secrets

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.auth.models import User
from assess.questionnaires.links import token_hash
from assess.schedule import ics
from assess.schedule.dashboard import visible_contracts
from assess.schedule.models import ActionItem, CalendarFeed, Meeting
from assess.util.clock import utcnow


def _domain() -> str:
    """A UID suffix unique to this installation (two cities' calendars never collide)."""
    digest = hashlib.sha256(current_app.config["SECRET_KEY"].encode()).hexdigest()[:12]
    return f"{digest}.assess"


def meeting_ics(meeting: Meeting) -> bytes:
    contract = meeting.contract
    event = ics.meeting_event(f"meeting-{meeting.id}@{_domain()}", f"{meeting.title}（{contract.vendor.name}）",
                              meeting.held_on, meeting.starts_at, meeting.place,
                              f"{contract.project.name}\n議題:\n{meeting.agenda}")
    return ics.to_bytes(meeting.title, [event])


def issue(session: Session, actor: Actor, user: User) -> str:
    """A new secret feed URL token (the old one stops working)."""
    token = secrets.token_urlsafe(24)
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token_hash=token_hash(token), created_at=utcnow())
        session.add(feed)
    feed.token_hash, feed.created_at = token_hash(token), utcnow()
    session.flush()
    record(session, actor, "calendar.issue", "staff_user", user.id)
    return token


def has_feed(session: Session, user: User) -> bool:
    return session.scalar(select(CalendarFeed.id).where(CalendarFeed.user_id == user.id)) is not None


def user_for(session: Session, token: str) -> User | None:
    if not token or len(token) > 200:
        return None
    feed = session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(token)))
    user = session.get(User, feed.user_id) if feed else None
    return user if user is not None and user.active else None


def user_feed(session: Session, user: User) -> bytes:
    events = []
    for contract in visible_contracts(session, user):  # the same projects the dashboard shows
        name = contract.project.name
        for m in session.scalars(select(Meeting).where(Meeting.contract_id == contract.id)):
            events.append(ics.meeting_event(f"meeting-{m.id}@{_domain()}", f"{m.title}（{contract.vendor.name}）",
                                            m.held_on, m.starts_at, m.place, name))
        for r in contract.rounds:
            if r.completed_at is None:
                events.append(ics.due_event(f"round-{r.id}@{_domain()}", f"{r.label}の期限（{name}）", r.due_on))
        for a in session.scalars(select(ActionItem).where(ActionItem.contract_id == contract.id,
                                                          ActionItem.status != "done")):
            events.append(ics.due_event(f"action-{a.id}@{_domain()}", f"アクション期限: {a.description}", a.due_on,
                                        f"{name} 担当: {a.owner}"))
    return ics.to_bytes(f"委託先の監督（{user.name}）", events)

