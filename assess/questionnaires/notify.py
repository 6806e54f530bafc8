"""Mail to vendors about their questionnaire (texts in Japanese, links from BASE_URL)."""

import smtplib

from flask import current_app

from assess.extensions import db
from assess.mail import Mail, base_url, send
from assess.projects.services import get_city
from assess.questionnaires.corrections import kinds_text
from assess.questionnaires.models import CorrectionWindow, Invitation, QuestionnaireVersion
from assess.util.wareki import format_date


def deliver(mail: Mail) -> str | None:
    """Where the message went, or None when it could not be sent (the caller says so)."""
    try:
        return send(mail)
    except (OSError, smtplib.SMTPException, ValueError) as e:
        current_app.logger.warning("mail to %s not sent: %s", mail.to, e)
        return None


def link(token: str) -> str:
    """BASE_URL when set (the address vendors reach); else this request's address; else PORT on 127.0.0.1."""
    return f"{base_url()}/q/{token}"


def _city() -> str:
    city = get_city(db.session)
    return city.name if city else ""


def return_mail(invitation: Invitation, comments: dict[str, str]) -> str:
    project, vendor = invitation.project, invitation.vendor
    lines = "\n".join(f"・{cid}: {comment}" for cid, comment in comments.items())
    body = f"""{vendor.name}
{vendor.contact_name} 様

{_city()} {project.department.name}です。
「{project.name}」の質問票のご回答について、次の項目を差し戻しました。
お手元の回答用リンクから修正のうえ、再度ご提出ください。

{lines}
"""
    return deliver(Mail(vendor.contact_email, f"【質問票の差戻し】{project.name}", body))


def invitation_mail(invitation: Invitation, token: str) -> str:
    project, vendor = invitation.project, invitation.vendor
    body = f"""{vendor.name}
{vendor.contact_name} 様

{_city()} {project.department.name}です。
「{project.name}」の情報セキュリティ質問票への回答をお願いします。

回答用リンク（貴社専用です。他の方に転送しないでください）:
{link(token)}

回答期限: {format_date(invitation.answer_deadline)}
・一時保存しながら回答できます。「提出する」を押すと回答が確定します。
・質問は回答ページの「質疑応答」からお送りください。回答は質問者を伏せて参加事業者全員に公開します。
"""
    return deliver(Mail(vendor.contact_email, f"【質問票のご案内】{project.name}", body))


def change_mail(invitation: Invitation, version: QuestionnaireVersion) -> str:
    project, vendor = invitation.project, invitation.vendor
    body = f"""{vendor.name}
{vendor.contact_name} 様

「{project.name}」の質問票を変更しました（第{version.number}版）。

変更の内容:
{version.note}

お手元の回答用リンクから変更内容をご確認ください。提出済みの場合、変更に関わる項目が再回答の対象になります。
回答期限: {format_date(invitation.answer_deadline)}
"""
    return deliver(Mail(vendor.contact_email, f"【質問票の変更通知】{project.name}", body))


def correction_mail(invitation: Invitation, window: CorrectionWindow) -> str | None:
    """補正のお知らせ: the same window and deadline for every candidate; each is told its own items."""
    project, vendor = invitation.project, invitation.vendor
    items = window.items_for(invitation.id)
    lines = "\n".join(f"・{cid}: {kinds_text(None, kinds)}" for cid, kinds in items.items()) \
        or "貴社の提出には、補正の対象となる項目はありません。"
    body = f"""{vendor.name}
{vendor.contact_name} 様

{_city()} {project.department.name}です。
「{project.name}」の質問票について、提出されたすべての事業者に同じ条件で補正の機会を設けます。
補正では、提出時に必須の証跡が欠けていた項目に、その証跡を追加できます（回答は変更できません）。
お手元の回答用リンクの「補正（証跡の追加）」からご提出ください。

補正の期限: {format_date(window.deadline)}（当日中）
補正の対象:
{lines}

{window.note}
"""
    return deliver(Mail(vendor.contact_email, f"【補正のお知らせ】{project.name}", body))
