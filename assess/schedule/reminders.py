"""`assess reminders send`: finds what is due, asks the rules which reminder applies today, and
sends each once (the key is recorded before sending; a failed send removes it, to retry).
Every mail is signed by the project's 課; staff mails carry the page to act on (from BASE_URL)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assess.auth.models import User
from assess.mail import Mail, page_url, send, signature
from assess.projects.models import Project
from assess.projects.services import get_city
from assess.questionnaires.models import Invitation
from assess.schedule import rules
from assess.schedule.contracts import current_certificates
from assess.schedule.models import ActionItem, Contract, ReminderLog, ReviewRound
from assess.util.clock import utcnow
from assess.util.wareki import format_date


@dataclass(frozen=True)
class Planned:
    key: str
    mail: Mail


def _signed(session: Session, project: Project, body: str) -> str:
    city = get_city(session)
    return body + signature(f"{city.name if city else ''} {project.department.name}".strip())


def _contract_page(project: Project) -> str:
    return f"\n契約・再レビューのページ（職員用）:\n{page_url('schedule.contract_page', project_id=project.id)}\n"


def _staff_of(session: Session, department_id: int) -> list[str]:
    return list(session.scalars(select(User.email).where(User.department_id == department_id,
                                                         User.role == "staff", User.active)))


def _deadlines(session: Session, today: date) -> list[Planned]:
    out = []
    for inv in session.scalars(select(Invitation).where(Invitation.state == "open", Invitation.revoked_at.is_(None))):
        deadline = inv.answer_deadline
        key = rules.deadline_reminder(inv.id, deadline, today) if deadline else None
        if key:
            days = (deadline - today).days
            body = (f"{inv.vendor.name}\n{inv.vendor.contact_name} 様\n\n「{inv.project.name}」の質問票の回答期限は"
                    f"{format_date(deadline)}です（あと{days}日）。\nお手元の回答用リンクから回答し、「提出する」を押してください。"
                    "\n既に提出済みの場合は、このメールは破棄してください。\n")
            # No link: the vendor's secret link is stored only as a hash; the mail points to theirs.
            body = _signed(session, inv.project, body)
            out.append(Planned(key, Mail(inv.vendor.contact_email, f"【回答期限のお知らせ】{inv.project.name}", body)))
    return out


def _rounds(session: Session, today: date) -> list[Planned]:
    out = []
    for r in session.scalars(select(ReviewRound).where(ReviewRound.completed_at.is_(None))):
        key = rules.round_reminder(r.id, r.due_on, today)
        if not key:
            continue
        project = r.contract.project
        late = "期限を過ぎています" if r.due_on < today else f"期限は{format_date(r.due_on)}です"
        body = _signed(session, project, f"「{project.name}」（{r.contract.vendor.name}）の{r.label}の{late}。\n"
                       "案件の契約ページから再レビューを開始・完了してください。\n" + _contract_page(project))
        for email in _staff_of(session, project.department_id):
            out.append(Planned(f"{key}:{email}", Mail(email, f"【再レビュー】{project.name}", body)))
    return out


def _certificates(session: Session, today: date) -> list[Planned]:
    out = []
    for contract in session.scalars(select(Contract)):
        if contract.end_on < today:
            continue
        for e in current_certificates(session, contract):
            key = rules.certificate_reminder(f"{contract.id}:{e.sha256[:16]}:{e.valid_until}", e.valid_until, today)
            if not key:
                continue
            body = _signed(session, contract.project, (
                f"「{contract.project.name}」の委託先 {contract.vendor.name} の証明書「{e.display_name}」"
                f"（{e.control_id}）の有効期限は{format_date(e.valid_until)}です（あと{(e.valid_until - today).days}日）。\n"
                "更新後の登録証の提出を委託先に求めてください。\n" + _contract_page(contract.project)))
            for email in _staff_of(session, contract.project.department_id):
                out.append(Planned(f"{key}:{email}", Mail(email, f"【証明書の有効期限】{contract.project.name}", body)))
    return out


def _actions(session: Session, today: date) -> list[Planned]:
    out = []
    for item in session.scalars(select(ActionItem).where(ActionItem.status != "done")):
        key = rules.action_reminder(item.id, item.due_on, today)
        if not key:
            continue
        contract = session.get(Contract, item.contract_id)
        page = (f"\n会議のページ（職員用）:\n{page_url('schedule.meeting_page', meeting_id=item.meeting_id)}\n"
                if item.meeting_id else _contract_page(contract.project))
        body = _signed(session, contract.project, f"{item.owner} 様\n\nアクションアイテム「{item.description}」"
                       f"（{contract.project.name}）の期限{format_date(item.due_on)}を過ぎています。"
                       "対応状況をご連絡ください。\n" + page)
        recipients = [item.owner_email] if item.owner_email else _staff_of(session, contract.project.department_id)
        for email in recipients:
            out.append(Planned(f"{key}:{email}", Mail(email, f"【期限超過のアクション】{contract.project.name}", body)))
    return out


def plan(session: Session, today: date) -> list[Planned]:
    """Every reminder that applies today and has not been sent."""
    found = _deadlines(session, today) + _rounds(session, today) + _certificates(session, today) + _actions(session, today)
    sent = set(session.scalars(select(ReminderLog.key).where(ReminderLog.key.in_([p.key for p in found]))))
    return [p for p in found if p.key not in sent]


def send_all(session: Session, today: date) -> list[Planned]:
    """Sends and records each reminder in its own transaction (this is a command's whole run, so
    it commits): a reminder is claimed before sending, so two runs at once never both send it."""
    done = []
    for planned in plan(session, today):
        try:
            session.add(ReminderLog(key=planned.key, recipient=planned.mail.to, sent_at=utcnow()))
            session.commit()  # claimed: a second cron run at the same time skips it
        except IntegrityError:
            session.rollback()
            continue
        try:
            send(planned.mail)
        except OSError:
            session.execute(delete(ReminderLog).where(ReminderLog.key == planned.key))
            session.commit()
            raise
        done.append(planned)
    return done
