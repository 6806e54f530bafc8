"""The login form (shape only; whether the password is right is the service's business)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length, ValidationError

MAX_EMAIL = 254


class LoginForm(FlaskForm):
    email = EmailField(_l("メールアドレス"), validators=[
        DataRequired(_l("メールアドレスを入力してください。")), Length(max=254)])
    password = PasswordField(_l("パスワード"), validators=[
        DataRequired(_l("パスワードを入力してください。")), Length(max=1024)])

    def validate_email(self, field):
        """Checked as it is compared and stored: lower-cased, which may lengthen it ("İ" → "i̇")."""
        normalised = (field.data or "").strip().lower()
        if len(normalised) > MAX_EMAIL:
            raise ValidationError(_l("メールアドレス（ユーザー名）は%(limit)d文字以内で入力してください"
                                     "（小文字にすると%(length)d文字になります）。",
                                     limit=MAX_EMAIL, length=len(normalised)))
