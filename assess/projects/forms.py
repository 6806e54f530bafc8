"""Project forms (shape only; business rules are the services')."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from assess.catalog.schema import PRIORITY_LABELS
from assess.core.forms import choices
from assess.projects.models import DEFAULT_APPROVAL_LABELS, MAX_APPROVAL_BOXES, approval_boxes
from assess.projects.profile import (
    DATA_KINDS,
    LOCATIONS,
    NETWORK_MODELS,
    SECTORS,
    WORK_TYPES,
    ZONES,
)
from assess.util.dates import range_problem


class JapaneseDateField(DateField):
    """A date whose error says which date is wrong and why (not WTForms' generic message), within
    the years the app can plan in (assess/util/dates.py)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raw = valuelist[0] if valuelist else ""
            self.data = None
            raise ValueError(f"日付が正しくありません（入力: 「{raw}」）。2027-03-31 の形で、実在する日付を入力してください。") from None
        problem = range_problem(self.data, str(self.label.text)) if self.data else None
        if problem:
            self.data = None
            raise ValueError(problem)


class JapaneseIntegerField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raw = valuelist[0] if valuelist else ""
            self.data = None
            raise ValueError(f"整数で入力してください（入力: 「{raw}」）。なければ 0 を入力します。") from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # the parse error says it all; no range message on top
        if self.data is None:
            raise StopValidation("件数を数字で入力してください（なければ 0）。")


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ProjectForm(FlaskForm):
    name = StringField(_l("案件名"), validators=[DataRequired(_l("案件名を入力してください。")),
                                               Length(max=200, message=_l("案件名は200文字以内で入力してください。"))])
    department = SelectField(_l("担当課"), coerce=int)
    description = TextAreaField(_l("業務の概要"), validators=[Optional(), Length(max=4000)])
    contract_start = JapaneseDateField(_l("契約開始日（予定）"), validators=[Optional()])
    contract_end = JapaneseDateField(_l("契約終了日（予定）"), validators=[Optional()])
    deadline = JapaneseDateField(_l("質問票の回答期限"), validators=[Optional()])
    work_type = RadioField(_l("業務の種類"), choices=choices(WORK_TYPES),
                           validators=[InputRequired(_l("業務の種類を選んでください。"))])
    data = MultiCheckboxField(_l("取り扱う情報"), choices=choices(DATA_KINDS),
                              validators=[DataRequired(_l("取り扱う情報を1つ以上選んでください。"))])
    zone = RadioField(_l("作業を行うネットワーク"), choices=choices(ZONES),
                      validators=[InputRequired(_l("ネットワークを選んでください。"))])
    location = MultiCheckboxField(_l("作業場所"), choices=choices(LOCATIONS),
                                  validators=[DataRequired(_l("作業場所を1つ以上選んでください。"))])
    cloud = BooleanField(_l("クラウドサービスを利用する"))
    cloud_services = StringField(_l("利用するクラウドサービス"), validators=[Optional(), Length(max=500)])
    subcontract = BooleanField(_l("再委託を予定している"))
    residents_contact = BooleanField(_l("委託先が住民に直接対応する"))
    standard_systems = BooleanField(_l("標準準拠システム・ガバメントクラウドの運用・接続に関わる"))
    sector = MultiCheckboxField(_l("法令上の守秘義務（該当するもの）"), choices=choices(SECTORS), validators=[Optional()])
    records = JapaneseIntegerField(_l("取り扱う件数（おおよそ）"), default=0, validators=[
        NumberRange(min=0, max=1_000_000_000, message=_l("件数は0以上10億以下で入力してください。"))])

    def validate_data(self, field):
        if "none" in field.data and len(field.data) > 1:
            raise ValidationError("「個人情報なし」と他の情報は同時に選べません。")

    def profile(self) -> dict:
        return {"data": sorted(self.data.data), "zone": self.zone.data,
                "location": sorted(self.location.data), "cloud": self.cloud.data,
                "cloud_services": (self.cloud_services.data or "").strip(),
                "subcontract": self.subcontract.data,
                "residents_contact": self.residents_contact.data, "records": self.records.data,
                "work_type": self.work_type.data, "sector": sorted(self.sector.data or []),
                "standard_systems": self.standard_systems.data}

    def fill_profile(self, stored: dict) -> None:
        for name in ("data", "zone", "location", "cloud", "cloud_services", "subcontract",
                     "residents_contact", "records", "work_type", "sector", "standard_systems"):
            getattr(self, name).data = stored.get(name)


class CityForm(FlaskForm):
    name = StringField(_l("自治体名"), validators=[DataRequired(_l("自治体名を入力してください。")),
                                                Length(max=100)])
    network_model = RadioField(_l("ネットワーク分離モデル（三層の対策）"),
                               choices=choices(NETWORK_MODELS),
                               validators=[InputRequired(_l("モデルを選んでください。"))])
    date_style = RadioField(_l("文書・画面の日付"), choices=choices({"wareki": "和暦（令和8年4月1日）",
                                                                "seireki": "西暦（2026年4月1日）"}),
                            default="wareki")
    parties = RadioField(_l("契約文書での当事者の呼び方"),
                         choices=choices({"itaku": "委託者・受託者", "hatchu": "発注者・受注者", "kouotsu": "甲・乙"}),
                         default="itaku")
    approval_labels = StringField(_l("評価結果報告書の決裁欄（欄名を「／」で区切って左から順に）"),
                                  default=DEFAULT_APPROVAL_LABELS)

    def validate_approval_labels(self, field):
        boxes = approval_boxes(field.data)
        if not boxes:
            raise ValidationError(_l("決裁欄の欄名を1つ以上入力してください（例: 起案者／係長／課長）。"))
        if len(boxes) > MAX_APPROVAL_BOXES:
            raise ValidationError(_l("決裁欄の欄は%(n)d個までです（入力: %(given)d個）。", n=MAX_APPROVAL_BOXES,
                                     given=len(boxes)))
        long = [b for b in boxes if len(b) > 12]
        if long:
            raise ValidationError(_l("決裁欄の欄名は12文字以内にしてください（%(name)s）。", name=long[0][:20]))


class TailorForm(FlaskForm):
    priority = SelectField(_l("優先度"), choices=choices(PRIORITY_LABELS))


class ExcludeForm(FlaskForm):
    reason = TextAreaField(_l("除外する理由"), validators=[
        DataRequired(_l("要件を除外する理由を入力してください（評価結果報告書に記載されます）。")),
        Length(max=1000, message=_l("除外する理由は%(max)d文字以内で入力してください（現在 %(length)d文字）。"))])


class CopyForm(FlaskForm):
    name = StringField(_l("新しい案件名"), validators=[DataRequired(_l("案件名を入力してください。")),
                                                   Length(max=200)])
