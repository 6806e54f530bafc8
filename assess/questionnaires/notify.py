"""Mail to vendors about their questionnaire (texts in Japanese, links from BASE_URL)."""

from flask import current_app

from assess.mail import Mail, send
from assess.questionnaires.models import Invitation, QuestionnaireVersion
from assess.util.wareki import format_date


def link(token: str) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/q/{token}"


def invitation_mail(invitation: Invitation, token: str) -> str:
    project, vendor = invitation.project, invitation.vendor
    body = f"""{vendor.name}
{vendor.contact_name} 様

{project.department.name}です。
「{project.name}」の情報セキュリティ質問票への回答をお願いします。

回答用リンク（貴社専用です。他の方に転送しないでください）:
{link(token)}

回答期限: {format_date(invitation.answer_deadline)}
・一時保存しながら回答できます。「提出する」を押すと回答が確定します。
・質問は回答ページの「質疑応答」からお送りください。回答は質問者を伏せて参加事業者全員に公開します。
"""
    return send(Mail(vendor.contact_email, f"【質問票のご案内】{project.name}", body))


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
    return send(Mail(vendor.contact_email, f"【質問票の変更通知】{project.name}", body))
