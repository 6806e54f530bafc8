"""The vendor registration form and the vendor list upload."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length


class VendorForm(FlaskForm):
    name = StringField(_l("事業者名"), validators=[DataRequired(_l("事業者名を入力してください。")),
                                                Length(max=200, message=_l("事業者名は200文字以内で入力してください。"))])
    corporate_number = StringField(_l("法人番号（13桁）"), validators=[
        DataRequired(_l("法人番号を入力してください。"))])
    contact_name = StringField(_l("担当者名"), validators=[DataRequired(_l("担当者名を入力してください。")),
                                                       Length(max=100, message=_l("担当者名は100文字以内で入力してください。"))])
    contact_email = EmailField(_l("担当者のメールアドレス"), validators=[
        DataRequired(_l("メールアドレスを入力してください。")),
        Email(_l("メールアドレスの形式が正しくありません。"), check_deliverability=False),
        Length(max=254)])


class ImportForm(FlaskForm):
    """The file only; what is in it is checked by vendors.import_rows."""

    file = FileField(_l("事業者一覧のファイル（CSV または Excel .xlsx）"),
                     validators=[FileRequired(_l("取り込むファイルを選んでください。"))])
