"""The vendor's answer form, built from the frozen question set (one WTForms class per
version, cached). WTForms parses the request; the page renders with our own macros over the
same field names, which keeps a 150-item page fast."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField

from assess.core.forms import choices
from assess.questionnaires.answers import Entry

_classes: dict[str, type] = {}


def _keep_none(value):
    return None if value is None else str(value)


def _answer_field(item: dict):
    answer = item["answer"]
    if answer["type"] == "yes_no":
        return RadioField(choices=choices({"yes": "はい", "no": "いいえ"}), validate_choice=False,
                          coerce=_keep_none)
    if answer["type"] == "choice":
        return RadioField(choices=choices((o["value"], o["ja"]) for o in answer["options"]),
                          validate_choice=False, coerce=_keep_none)
    if answer["type"] == "text":
        return TextAreaField()
    return StringField()  # number and date: kept exactly as typed, checked by the rules


def form_class(content_hash: str, content: dict) -> type:
    cls = _classes.get(content_hash)
    if cls is None:
        fields = {}
        for item in content["items"]:
            cid = item["id"]
            fields[f"a-{cid}"] = _answer_field(item)
            fields[f"na-{cid}"] = BooleanField()
            fields[f"c-{cid}"] = TextAreaField()
            fields[f"nd-{cid}"] = BooleanField()
            fields[f"ndr-{cid}"] = StringField()
            fields[f"ok-{cid}"] = BooleanField()
        cls = _classes[content_hash] = type("AnswerForm", (FlaskForm,), fields)
    return cls


def entries(form: FlaskForm, ids: set[str]) -> dict[str, Entry]:
    """What the vendor sent for the items it may change."""
    out = {}
    for cid in ids:
        value = form[f"a-{cid}"].data
        out[cid] = Entry(value=value or None,
                         na=bool(form[f"na-{cid}"].data), comment=form[f"c-{cid}"].data or "",
                         nondisclosure=bool(form[f"nd-{cid}"].data),
                         nondisclosure_reason=form[f"ndr-{cid}"].data or "",
                         confirmed=bool(form[f"ok-{cid}"].data))
    return out


_PREFIXES = ("a-", "na-", "c-", "nd-", "ndr-", "ok-")


def posted_ids(names, all_ids: set[str]) -> set[str]:
    """The items a request carries fields for (whatever the page showed)."""
    found = set()
    for name in names:
        for prefix in _PREFIXES:
            if name.startswith(prefix) and name[len(prefix):] in all_ids:
                found.add(name[len(prefix):])
    return found


class AskForm(FlaskForm):
    body = TextAreaField("質問の内容")
