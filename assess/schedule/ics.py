"""Calendars (RFC 5545, made with the icalendar library): a meeting's .ics, and a staff member's
feed of meetings and due dates."""

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from assess.util.clock import JST, utcnow

PRODID = "-//assess//委託先セキュリティ評価//JA"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    return cal


def meeting_event(uid: str, title: str, held_on: date, starts_at: str, place: str, description: str) -> Event:
    hour, minute = (int(p) for p in starts_at.split(":"))
    start = datetime(held_on.year, held_on.month, held_on.day, hour, minute, tzinfo=JST)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", utcnow().replace(tzinfo=UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(hours=1))
    event.add("summary", title)
    if place:
        event.add("location", place)
    if description:
        event.add("description", description)
    return event


def due_event(uid: str, title: str, day: date, description: str = "") -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", utcnow().replace(tzinfo=UTC))
    event.add("dtstart", day)  # an all-day entry
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", title)
    if description:
        event.add("description", description)
    return event


def to_bytes(name: str, events: list[Event]) -> bytes:
    cal = _calendar(name)
    for e in events:
        cal.add_component(e)
    cal.add_missing_timezones()  # the VTIMEZONE for Asia/Tokyo that RFC 5545 asks for
    return cal.to_ical()
