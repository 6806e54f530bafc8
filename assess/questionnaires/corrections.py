"""補正: after the answer deadline, one window in which every vendor that submitted may add the
required evidence it lacked when the window opened, and nothing else (answers stay as submitted).
The same window, deadline and rule for all candidates; it closes at the end of its deadline day,
Japan time. Services flush; the request commits. Every change is audited."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.evidence.models import Evidence
from assess.projects.models import Project
from assess.questionnaires import gaps, links, services
from assess.questionnaires.models import CorrectionWindow, Invitation
from assess.questionnaires.snapshot import EVIDENCE_LABELS
from assess.util.clock import to_jst, utcnow
from assess.util.wareki import format_date

MAX_NOTE = 4000


def _today(now: datetime | None = None) -> date:
    return to_jst(now or utcnow()).date()


def latest(session: Session, project_id: int) -> CorrectionWindow | None:
    return session.scalar(select(CorrectionWindow).where(CorrectionWindow.project_id == project_id)
                          .order_by(CorrectionWindow.id.desc()).limit(1))


def is_open(window: CorrectionWindow, now: datetime | None = None) -> bool:
    """Open until the end of its deadline day in Japan, like an answer deadline."""
    return _today(now) <= window.deadline


def window_for(session: Session, invitation: Invitation) -> CorrectionWindow | None:
    """The project's latest window if it covers this invitation (it had submitted when it opened)."""
    if invitation.round_id is not None:
        return None
    window = latest(session, invitation.project_id)
    return window if window is not None and str(invitation.id) in window.missing else None


def candidates(session: Session, project_id: int) -> list[Invitation]:
    """Every selection invitation that has submitted (a 差戻し in progress included), not revoked."""
    return [i for i in services.invitations_of(session, project_id)
            if i.round_id is None and i.revoked_at is None and i.submitted_at is not None]


def after_deadline(project: Project, now: datetime | None = None) -> bool:
    return project.deadline is not None and _today(now) > project.deadline


def open_window(session: Session, actor: Actor, project: Project, deadline: date | None,
                note: str) -> CorrectionWindow:
    today = _today()
    if not after_deadline(project):
        raise services.QuestionnaireError(
            "補正の機会は回答期限の後に設けられます。回答期限までは、事業者が自分で証跡を添付できます。")
    current = latest(session, project.id)
    if current is not None and is_open(current):
        raise services.QuestionnaireError(
            f"補正の受付期間中です（{format_date(current.deadline)}まで）。補正は同時に1つだけ設けられます。")
    if deadline is None:
        raise services.QuestionnaireError("補正の期限を日付で入力してください。")
    if deadline < today:
        raise services.QuestionnaireError(f"補正の期限は今日（{format_date(today)}）以降の日付にしてください。")
    note = (note or "").strip()
    if not note:
        raise services.QuestionnaireError("事業者に示す補正の案内（対象と提出方法など）を入力してください。")
    if len(note) > MAX_NOTE:
        raise services.QuestionnaireError(f"補正の案内は{MAX_NOTE:,}文字以内で入力してください。")
    invitations = candidates(session, project.id)
    if not invitations:
        raise services.QuestionnaireError("回答を提出した事業者がいないため、補正の機会は設けられません。")
    found = gaps.of_invitations(session, invitations, services.latest_version(session, project.id))
    missing = {str(inv.id): {item["id"]: [e["kind"] for e in kinds] for item, kinds in found[inv.id]}
               for inv in invitations}
    if not any(missing.values()):
        raise services.QuestionnaireError("必須の証跡が欠けている提出はありません。補正の機会を設ける必要はありません。")
    window = CorrectionWindow(project_id=project.id, opened_at=utcnow(), opened_by=actor.name,
                              deadline=deadline, note=note, missing=missing)
    session.add(window)
    # Every candidate's link must open until the window has closed (and a while after, to read).
    for inv in invitations:
        inv.expires_at = max(inv.expires_at, links.link_expiry(deadline, services.LINK_GRACE_DAYS))
    session.flush()
    record(session, actor, "correction.open", "project", project.id,
           after={"window": window.id, "deadline": deadline, "note": note, "missing": missing})
    return window


def refusal(window: CorrectionWindow | None, now: datetime | None = None) -> str:
    """Why this vendor cannot add evidence now, or "" while its window is open."""
    if window is None:
        return "補正の受付は行っていません。提出後の回答や証跡は変更できません。"
    if not is_open(window, now):
        return f"補正の受付期間（{format_date(window.deadline)}まで）を過ぎたため、証跡は追加できません。"
    return ""


def upload_refusal(window: CorrectionWindow, invitation: Invitation, control_id: str, kind: str,
                   file_name: str) -> str:
    """Why this one file is refused (items and kinds outside the window), or ""."""
    allowed = window.items_for(invitation.id)
    if control_id not in allowed:
        listed = "、".join(allowed) or "なし"
        return (f"{file_name}: {control_id} は補正の対象ではありません。補正で追加できるのは、補正の開始時に"
                f"必須の証跡が欠けていた項目（{listed}）だけです。")
    if kind not in allowed[control_id]:
        labels = "・".join(EVIDENCE_LABELS[k] for k in allowed[control_id])
        return f"{file_name}: {control_id} で補正として追加できる証跡の種類は「{labels}」だけです。"
    return ""


def record_upload(session: Session, invitation: Invitation, window: CorrectionWindow, stored: list[Evidence],
                  remote_addr: str | None) -> None:
    """Files added in a window: each upload is audited by the upload pipeline; this ties them to it."""
    if stored:
        record(session, services.vendor_actor(invitation, remote_addr), "correction.upload", "invitation",
               invitation.id, after={"window": window.id, "evidence": [e.id for e in stored],
                                     "controls": sorted({e.control_id for e in stored})})


# --- what the pages show ---------------------------------------------------------------------

@dataclass(frozen=True)
class WindowView:
    open: bool
    status: str  # 「受付中」「終了」: in words, never by colour alone
    deadline: str
    note: str
    opened_at: datetime
    opened_by: str


def window_view(window: CorrectionWindow, now: datetime | None = None) -> WindowView:
    opened = is_open(window, now)
    return WindowView(opened, "受付中" if opened else "終了", format_date(window.deadline), window.note,
                      window.opened_at, window.opened_by)


def kinds_text(item: dict | None, kinds: list[str]) -> str:
    """「文書（ログ管理規程）」 from the question set's evidence list."""
    named = {e["kind"]: e["ja"] for e in (item or {}).get("evidence", ()) if e["required"]}
    return "、".join(f"{EVIDENCE_LABELS[k]}（{named[k]}）" if k in named else EVIDENCE_LABELS[k] for k in kinds)


def staff_rows(session: Session, window: CorrectionWindow, invitations: list[Invitation],
               items: dict[str, dict]) -> list[dict]:
    """Per candidate: what it lacked at the opening and what it still lacks now."""
    covered = [i for i in invitations if str(i.id) in window.missing]
    present = gaps.present_kinds(session, [i.id for i in covered])
    rows = []
    for inv in covered:
        lacked = window.items_for(inv.id)
        still = {cid: [k for k in kinds if k not in present[inv.id].get(cid, set())] for cid, kinds in lacked.items()}
        rows.append({"vendor": inv.vendor.name,
                     "lacked": [f"{cid} {kinds_text(items.get(cid), kinds)}" for cid, kinds in lacked.items()],
                     "still": [f"{cid} {kinds_text(items.get(cid), kinds)}" for cid, kinds in still.items() if kinds]})
    return rows
