"""The login form (shape only; whether the password is right is the service's business)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("メールアドレス"), validators=[
        DataRequired(_l("メールアドレスを入力してください。")), Length(max=254)])
    password = PasswordField(_l("パスワード"), validators=[
        DataRequired(_l("パスワードを入力してください。")), Length(max=1024)])
