"""Review meetings (定例レビュー会議): agenda from open gaps, minutes, action items with owner and
deadline, KPI figures against the SLA targets the project set."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.projects import services as projects
from assess.questionnaires.answers import parse_number
from assess.schedule.models import ActionItem, Contract, KpiValue, Meeting
from assess.util.clock import utcnow
from assess.util.dates import parse_time

ACTION_STATUSES = {"open": "未着手", "in_progress": "対応中", "done": "完了"}

# The kinds of meeting, and which checklist lines (by the catalog's frequency) each one checks.
KINDS = {"routine": "定例会", "quarterly": "定例会（四半期確認）", "yearly": "定例会（年次確認）",
         "inspection": "実地検査", "contract": "契約時確認"}
FREQUENCIES = {"routine": ("every",), "quarterly": ("every", "quarterly"),
               "yearly": ("every", "quarterly", "yearly"), "inspection": ("every", "inspection"),
               "contract": ("contract",)}


class MeetingError(ValueError):
    pass


@dataclass(frozen=True)
class KpiTarget:
    control_id: str
    name: str
    target: float
    unit: str
    direction: str  # lte: at most the target; gte: at least
    cap: float | None = None  # 100 for rates that cannot pass 100%

    @property
    def label(self) -> str:
        figure = int(self.target) if float(self.target).is_integer() else self.target
        return f"{figure}{self.unit}{'以下' if self.direction == 'lte' else '以上'}"


def kpi_targets(session: Session, contract: Contract) -> list[KpiTarget]:
    """The SLA figures of the project: requirements whose control has a KPI, at the project's values."""
    out = []
    for r in projects.requirements_of(session, contract.project):
        kpi = r.kpi
        if r.included and kpi is not None:
            param = r.control.parameters[kpi.parameter]
            cap = 100.0 if param.unit == "%" and param.max is not None and param.max <= 100 else None
            out.append(KpiTarget(r.id, kpi.ja, float(r.params[kpi.parameter]), param.unit or "", kpi.direction, cap))
    return out


def meetings_of(session: Session, contract_id: int) -> list[Meeting]:
    return list(session.scalars(select(Meeting).where(Meeting.contract_id == contract_id).order_by(Meeting.held_on)))


def actions_of(session: Session, contract_id: int) -> list[ActionItem]:
    return list(session.scalars(select(ActionItem).where(ActionItem.contract_id == contract_id)
                                .order_by(ActionItem.due_on, ActionItem.id)))


def create(session: Session, actor: Actor, contract: Contract, title: str, held_on: date | None, starts_at: str,
           place: str, attendees: str, agenda: str, kind: str = "routine", author: str = "",
           next_meeting: str = "", distribution: str = "") -> Meeting:
    """A meeting numbered 第N回 (max + 1 within the contract), shared by its checklist and minutes."""
    if not title.strip():
        raise MeetingError("会議名を入力してください。")
    if len(title.strip()) > 200 or len(place.strip()) > 200:
        raise MeetingError("会議名と場所は200文字以内で入力してください。")
    if kind not in KINDS:
        raise MeetingError("会議の種類を 定例会・四半期確認・年次確認・実地検査・契約時確認 から選んでください。")
    if held_on is None:
        raise MeetingError("開催日を入力してください。")
    typed, starts_at = starts_at, parse_time(starts_at)
    if starts_at is None:
        raise MeetingError(f"開始時刻は 10:00 の形で入力してください（0:00〜23:59、入力: 「{typed[:20]}」）。")
    _check_record(author, next_meeting, distribution)
    meeting = Meeting(contract_id=contract.id, kind=kind, title=title.strip(), held_on=held_on, starts_at=starts_at,
                      place=place.strip(), attendees=attendees.strip(), agenda=agenda.strip(), author=author.strip(),
                      next_meeting=next_meeting.strip(), distribution=distribution.strip(), created_at=utcnow())
    meeting.number = (session.scalar(select(func.max(Meeting.number))
                                     .where(Meeting.contract_id == contract.id)) or 0) + 1
    session.add(meeting)
    try:
        session.flush()
    except IntegrityError:  # another request took the same 回次 first; the caller rolls back
        raise MeetingError("同じ時に別の会議が登録されました。もう一度「会議を登録する」を押してください。") from None
    record(session, actor, "meeting.create", "meeting", meeting.id,
           after={"contract": contract.id, "number": meeting.number, "kind": kind, "title": meeting.title,
                  "held_on": held_on})
    return meeting


def _check_record(author: str | None, next_meeting: str | None, distribution: str | None) -> None:
    if author is not None and len(author.strip()) > 100:
        raise MeetingError(f"作成者は100文字以内で入力してください（入力: {len(author.strip())}文字）。")
    if next_meeting is not None and len(next_meeting.strip()) > 200:
        raise MeetingError("次回開催予定は200文字以内で入力してください"
                           f"（例: 令和9年5月15日（金）10時、入力: {len(next_meeting.strip())}文字）。")
    if distribution is not None and len(distribution.strip()) > 2000:
        raise MeetingError("配付先は2,000文字以内で入力してください。")



def save_minutes(session: Session, actor: Actor, meeting: Meeting, attendees: str, decisions: str, notes: str,
                 kpi_values: dict[str, str], targets: list[KpiTarget], author: str | None = None,
                 next_meeting: str | None = None, distribution: str | None = None) -> None:
    """Minutes and KPI figures together; one figure that is not a number changes nothing.
    author, next_meeting, distribution: None leaves what is stored."""
    if author is not None and not author.strip():
        raise MeetingError("作成者を入力してください。")
    _check_record(author, next_meeting, distribution)
    parsed, problems = {}, []
    names = {t.control_id: t.name for t in targets}
    for cid, raw in kpi_values.items():
        text = (raw or "").strip().replace(",", "")
        if cid not in names or not text:
            continue
        figure = parse_number(text)
        cap = next(t.cap for t in targets if t.control_id == cid)
        if figure is None:
            problems.append(f"{names[cid]}の実績は0以上の数値で入力してください（入力: 「{raw}」）。")
        elif cap is not None and figure > cap:
            problems.append(f"{names[cid]}の実績は0〜100%の範囲で入力してください（入力: 「{raw}」）。")
        else:
            parsed[cid] = figure
    if problems:
        raise MeetingError(" ".join(problems))
    before = {"attendees": meeting.attendees, "decisions": meeting.decisions, "notes": meeting.notes,
              "author": meeting.author, "next_meeting": meeting.next_meeting, "distribution": meeting.distribution,
              "kpis": {k.control_id: k.value for k in meeting.kpis}}
    meeting.attendees, meeting.decisions, meeting.notes = attendees.strip(), decisions.strip(), notes.strip()
    for name, value in (("author", author), ("next_meeting", next_meeting), ("distribution", distribution)):
        if value is not None:
            setattr(meeting, name, value.strip())
    current = {k.control_id: k for k in meeting.kpis}
    for cid, value in parsed.items():
        if cid in current:
            current[cid].value = value
        else:
            meeting.kpis.append(KpiValue(control_id=cid, value=value))
    session.flush()
    record(session, actor, "meeting.minutes", "meeting", meeting.id, before=before,
           after={"attendees": meeting.attendees, "decisions": meeting.decisions, "notes": meeting.notes,
                  "author": meeting.author, "next_meeting": meeting.next_meeting,
                  "distribution": meeting.distribution, "kpis": {k.control_id: k.value for k in meeting.kpis}})


def add_action(session: Session, actor: Actor, contract: Contract, meeting: Meeting | None, description: str,
               owner: str, owner_email: str, due_on: date | None) -> ActionItem:
    if not description.strip() or not owner.strip():
        raise MeetingError("アクションアイテムの内容と担当者を入力してください。")
    if len(owner.strip()) > 100 or len(owner_email.strip()) > 254:
        raise MeetingError("担当者は100文字以内、メールアドレスは254文字以内で入力してください。")
    if due_on is None:
        raise MeetingError("アクションアイテムの期限を入力してください。")
    if owner_email and "@" not in owner_email:
        raise MeetingError(f"担当者のメールアドレスの形式が正しくありません（入力: 「{owner_email}」）。")
    item = ActionItem(contract_id=contract.id, meeting_id=meeting.id if meeting else None,
                      description=description.strip(), owner=owner.strip(), owner_email=owner_email.strip(),
                      due_on=due_on, status="open")
    session.add(item)
    session.flush()
    record(session, actor, "action.create", "action_item", item.id,
           after={"description": item.description, "owner": item.owner, "due_on": due_on})
    return item


def set_action_status(session: Session, actor: Actor, item: ActionItem, status: str) -> None:
    if status not in ACTION_STATUSES:
        raise MeetingError("状況は 未着手・対応中・完了 から選んでください。")
    before = item.status
    item.status, item.closed_at = status, utcnow() if status == "done" else None
    session.flush()
    record(session, actor, "action.status", "action_item", item.id, before={"status": before}, after={"status": status})


def kpi_history(session: Session, contract: Contract) -> dict[str, list[tuple[date, float]]]:
    """Per KPI, the figures of past meetings in date order (for the trend)."""
    rows = session.execute(select(Meeting.held_on, KpiValue.control_id, KpiValue.value)
                           .join(KpiValue, KpiValue.meeting_id == Meeting.id)
                           .where(Meeting.contract_id == contract.id).order_by(Meeting.held_on)).all()
    out: dict[str, list[tuple[date, float]]] = {}
    for held_on, cid, value in rows:
        out.setdefault(cid, []).append((held_on, value))
    return out
