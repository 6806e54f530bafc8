"""Error pages in the user's language; a CSRF failure explains itself instead of a bare 400."""

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from assess.core.locks import Busy
from assess.extensions import db

_MESSAGES = {
    400: ("リクエストが正しくありません", "送信内容を確認して、もう一度お試しください。"),
    403: ("このページを表示する権限がありません", "必要な場合は管理者に権限の付与を依頼してください。"),
    404: ("ページが見つかりません", "URLが正しいか確認してください。リンクから来た場合は、リンク元の担当者にお知らせください。"),
    405: ("この操作はできません", "ページを再読み込みしてから、画面のボタンから操作してください。"),
    409: ("同時に別の操作が行われました", "画面を再読み込みして、最新の状態を確認してから操作してください。"),
    410: ("このリンクは無効になりました", "有効期限が切れたか、取り消されたリンクです。発注者の担当者にお問い合わせください。"),
    413: ("送信した内容が大きすぎます", "ファイルの合計または入力した文章が、一度に送信できる大きさを超えています（ファイルが大きすぎます）。入力内容は保存されていません。ファイルを小さくするか分けて、もう一度お試しください。"),
    429: ("操作が多すぎます", "しばらく時間をおいてから、もう一度お試しください。"),
    500: ("システムエラーが発生しました", "入力内容は保存されていない可能性があります。時間をおいて再度お試しいただき、続く場合は管理者に連絡してください。"),
}


def render_error(status: int, detail: str | None = None, home: bool = True):
    """home=False on vendor pages: a vendor has no home in the app, only their link."""
    if status >= 500:
        db.session.rollback()  # a failed transaction must not break the error page itself
    title, hint = _MESSAGES.get(status, _MESSAGES[500])
    return render_template("core/error.html", status=status, title=_(title),
                           hint=detail or _(hint), home=home), status


def _vendor_page() -> bool:
    return (request.blueprint or "") == "vendor"


def register(app: Flask) -> None:
    for status in _MESSAGES:
        app.register_error_handler(status, lambda e, s=status: render_error(s))

    @app.errorhandler(Busy)
    def busy(_error):
        return render_error(409, _("同時に別の操作が行われていたため、処理できませんでした。入力内容は保存されて"
                                   "いません。画面を戻って、もう一度送信してください。"), home=not _vendor_page())

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return render_error(400, _("フォームの送信を確認できませんでした（CSRFトークンがないか、"
                                   "有効期限が切れています）。ページを再読み込みしてから、"
                                   "もう一度送信してください。"))
