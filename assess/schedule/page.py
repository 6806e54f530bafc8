"""What the contract, round and meeting pages (and their Word documents) show, gathered once."""

from datetime import date

from sqlalchemy.orm import Session

from assess.documents import context as build
from assess.documents.sources import clauses, header
from assess.evidence.services import of_invitation
from assess.questionnaires import services as questionnaires
from assess.questionnaires.models import Invitation
from assess.questionnaires.page import shown_value
from assess.reviews.facts import score_inputs
from assess.schedule import contracts, meetings, rules
from assess.schedule.diff import FileFact, compare
from assess.schedule.models import Contract, Meeting, ReviewRound
from assess.scoring.engine import score
from assess.scoring.model import STATUS_LABELS, VendorResult
from assess.util.clock import to_jst, utcnow

STATE_LABELS = {"overdue": "期限超過", "soon": "30日以内", "later": "予定"}


def today() -> date:
    return to_jst(utcnow()).date()


def result_of(session: Session, invitation: Invitation) -> VendorResult:
    version = questionnaires.version_for(session, invitation)
    return score(score_inputs(session, [invitation], version, today())[invitation.id])


def open_gaps(session: Session, contract: Contract) -> list[tuple[str, str, str]]:
    """(control, title, reason) still not met in the answers currently accepted."""
    current = contracts.last_round(session, contract)
    if current is None:
        return []
    items = {i["id"]: i["title"] for i in questionnaires.version_for(session, current).content["items"]}
    return [(r.control_id, items.get(r.control_id, ""), r.reason or STATUS_LABELS[r.status])
            for r in result_of(session, current).results if r.status not in ("met", "na")]


def contract_context(session: Session, contract: Contract) -> dict:
    now = today()
    rounds = [{"round": r, "trigger": contracts.TRIGGERS[r.trigger],
               "state": "完了" if r.completed_at else ("実施中" if r.invitation_id else STATE_LABELS[rules.state(r.due_on, now)])}
              for r in contract.rounds]
    actions = [{"item": a, "status": meetings.ACTION_STATUSES[a.status], "overdue": a.status != "done" and a.due_on < now}
               for a in meetings.actions_of(session, contract.id)]
    gaps = open_gaps(session, contract)
    agenda = "\n".join(["前回からの変更点の確認", "KPI（SLA）の実績確認"] + [f"{cid} {title}: {reason}" for cid, title, reason in gaps[:10]])
    return {"contract": contract, "project": contract.project, "rounds": rounds, "actions": actions,
            "meetings": meetings.meetings_of(session, contract.id), "targets": meetings.kpi_targets(session, contract),
            "gaps": gaps, "agenda": agenda, "kinds": meetings.KINDS,
            "triggers": {k: v for k, v in contracts.TRIGGERS.items() if k != "cycle"},
            "cycle": contracts.CYCLES.get(contract.cycle_months, f"{contract.cycle_months}か月ごと"),
            "fiscal": rules.fiscal_label(rules.fiscal_year(now))}


def _facts(session: Session, invitation: Invitation) -> tuple[dict[str, str], list[FileFact]]:
    version = questionnaires.version_for(session, invitation)
    entries = questionnaires.entries_of(invitation)
    answers = {i["id"]: shown_value(i, entries[i["id"]]) for i in version.content["items"] if i["id"] in entries}
    files = [FileFact(e.control_id, e.sha256, e.display_name, e.kind, e.valid_until)
             for e in of_invitation(session, invitation.id)]
    return answers, files


def round_context(session: Session, found: ReviewRound) -> dict:
    contract = found.contract
    invitation = session.get(Invitation, found.invitation_id) if found.invitation_id else None
    context = {"round": found, "contract": contract, "project": contract.project, "invitation": invitation,
               "trigger": contracts.TRIGGERS[found.trigger], "diff": None, "result": None}
    if invitation is None:
        return context
    earlier = [r for r in contract.rounds if r.number < found.number and r.invitation_id]
    if not earlier:  # the contract-start round: nothing to compare with
        context["result"], context["status_labels"] = result_of(session, invitation), STATUS_LABELS
        return context
    previous = session.get(Invitation, max(earlier, key=lambda r: r.number).invitation_id)
    before_answers, before_files = _facts(session, previous)
    after_answers, after_files = _facts(session, invitation)
    before, after = result_of(session, previous), result_of(session, invitation)
    context["diff"] = compare(before_answers, after_answers, before_files, after_files, list(before.results),
                              list(after.results), today(), contract.end_on)
    context["result"], context["status_labels"] = after, STATUS_LABELS
    return context


def meeting_kpis(session: Session, meeting: Meeting) -> list[build.Kpi]:
    """The KPI rows of a meeting; actual "" where no figure was reported (the documents say 「未報告」)."""
    values = {k.control_id: k.value for k in meeting.kpis}
    out = []
    for t in meetings.kpi_targets(session, meeting.contract):
        value = values.get(t.control_id)
        shown = "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".") + t.unit
        out.append(build.Kpi(t.name, t.label, shown, rules.kpi_verdict(value, t.target, t.direction)))
    return out


def as_meeting(session: Session, meeting: Meeting) -> build.Meeting:
    actions = [a for a in meetings.actions_of(session, meeting.contract_id) if a.meeting_id == meeting.id]
    return build.Meeting(meeting.title, meeting.held_on, meeting.place, tuple(_lines(meeting.attendees)),
                         tuple(_lines(meeting.agenda)), tuple(_lines(meeting.decisions)), meeting.notes,
                         tuple(build.Action(a.description, a.owner, a.due_on, meetings.ACTION_STATUSES[a.status])
                               for a in actions),
                         tuple(meeting_kpis(session, meeting)), meeting.number, meeting.starts_at, meeting.author,
                         meeting.next_meeting, tuple(_lines(meeting.distribution)))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def meeting_context(session: Session, meeting: Meeting) -> dict:
    contract = meeting.contract
    targets = meetings.kpi_targets(session, contract)
    values = {k.control_id: k.value for k in meeting.kpis}
    return {"meeting": meeting, "contract": contract, "project": contract.project, "targets": targets,
            "values": values, "kpis": meeting_kpis(session, meeting),
            "history": meetings.kpi_history(session, contract),
            "actions": [{"item": a, "status": meetings.ACTION_STATUSES[a.status]}
                        for a in meetings.actions_of(session, contract.id) if a.meeting_id == meeting.id],
            "statuses": meetings.ACTION_STATUSES, "kinds": meetings.KINDS,
            "kind": meetings.KINDS[meeting.kind]}


def checklist_context(session: Session, contract: Contract, meeting: Meeting | None,
                      kind: str | None = None) -> dict:
    """The checklist of a meeting (or a blank one for the contract): the lines the kind checks
    (default: the meeting's kind, else 定例会), 前回の状況 from the last operations round."""
    kind = kind or (meeting.kind if meeting else "routine")
    current = contracts.last_round(session, contract)
    last = {r.control_id: STATUS_LABELS[r.status]
            for r in (result_of(session, current).results if current else ())}
    plain = as_meeting(session, meeting) if meeting else build.Meeting("定例レビュー会議", None, "", ())
    lines = [c for c in clauses(session, contract.project) if c.frequency in meetings.FREQUENCIES[kind]]
    return build.checklist(header(session, contract.project), contract.vendor.name, meetings.KINDS[kind], plain,
                           lines, last, open_gaps(session, contract))


def minutes_context(session: Session, meeting: Meeting) -> dict:
    return build.minutes(header(session, meeting.contract.project), meeting.contract.vendor.name,
                         as_meeting(session, meeting))

