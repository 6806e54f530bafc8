"""質疑応答: vendors ask through their link; staff answer and publish to every invited vendor,
never saying who asked."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.questionnaires.models import Invitation, VendorQuestion
from assess.questionnaires.services import QuestionnaireError, deadline_passed, vendor_actor
from assess.util.clock import utcnow

MAX_LENGTH = 4000


def ask(session: Session, invitation: Invitation, body: str, remote_addr: str | None) -> VendorQuestion:
    body = (body or "").strip()
    if not body:
        raise QuestionnaireError("質問の内容を入力してください。")
    if len(body) > MAX_LENGTH or "\x00" in body:
        raise QuestionnaireError(f"質問は{MAX_LENGTH:,}文字以内で入力してください。")
    if deadline_passed(invitation):
        raise QuestionnaireError("回答期限を過ぎたため、質問は受け付けていません。")
    question = VendorQuestion(project_id=invitation.project_id, invitation_id=invitation.id,
                              body=body, asked_at=utcnow())
    session.add(question)
    session.flush()
    record(session, vendor_actor(invitation, remote_addr), "question.ask", "vendor_question",
           question.id, after={"body": body})
    return question


def answer(session: Session, actor: Actor, question: VendorQuestion, text: str, publish: bool,
           published_body: str = "") -> None:
    """Staff answer; when publishing, the question is shown as `published_body` (edited to take
    out anything that names the vendor), never as the vendor wrote it."""
    text, shown = (text or "").strip(), (published_body or "").strip() or question.body
    if not text:
        raise QuestionnaireError("回答を入力してください。")
    if len(text) > MAX_LENGTH or len(shown) > MAX_LENGTH:
        raise QuestionnaireError(f"質問と回答は{MAX_LENGTH:,}文字以内で入力してください。")
    before = {"answer": question.answer, "published": question.published_at is not None,
              "published_body": question.published_body}
    question.answer, question.answered_at, question.published_body = text, utcnow(), shown
    if publish and question.published_at is None:
        question.published_at = utcnow()
    session.flush()
    record(session, actor, "question.answer", "vendor_question", question.id, before=before,
           after={"answer": text, "published": question.published_at is not None, "published_body": shown})


def of_project(session: Session, project_id: int) -> list[VendorQuestion]:
    return list(session.scalars(select(VendorQuestion).where(VendorQuestion.project_id == project_id)
                                .order_by(VendorQuestion.id)))


def published(session: Session, project_id: int) -> list[VendorQuestion]:
    return [q for q in of_project(session, project_id) if q.published_at is not None]


def mine_unpublished(session: Session, invitation: Invitation) -> list[VendorQuestion]:
    """A vendor sees its own questions still waiting, and nobody else's."""
    return [q for q in of_project(session, invitation.project_id)
            if q.invitation_id == invitation.id and q.published_at is None]
