"""The vendor's answer form, built from the frozen question set (one WTForms class per
version, cached). WTForms parses the request; the page renders with our own macros over the
same field names, which keeps a 150-item page fast.

A draft is held to the same limits as a submit: each text at most MAX_TEXT characters, and all of
an invitation's answers together at most MAX_INVITATION_TEXT. A save that breaks them stores
nothing; the page comes back with everything as typed and the reason at the item."""

from flask import g
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField

from assess.core.forms import choices
from assess.questionnaires import answers as rules
from assess.questionnaires.answers import Entry
from assess.util.bounded import BoundedCache

# One class per question set (keyed by its content hash: the code decides, never a user); ~300
# bytes a field measured with tracemalloc, so a 150-item set (900 fields) is well under 1 MB.
_classes = BoundedCache(max_bytes=16 * 1024 * 1024)
_BYTES_PER_FIELD = 512
_TEXT_FIELDS = ("a-", "c-", "ndr-")


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


class AnswerForm(FlaskForm):
    item_ids: tuple[str, ...] = ()  # set per question set by form_class

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self._check_sizes() and valid

    def posted_items(self) -> list[str]:
        """Items the request carries fields for, in question order."""
        return [cid for cid in self.item_ids if any(self[f"{p}{cid}"].raw_data for p in _PREFIXES)]

    def item_errors(self, cid: str) -> list[str]:
        return [str(m) for p in _PREFIXES if f"{p}{cid}" in self for m in self[f"{p}{cid}"].errors]

    def _check_sizes(self) -> bool:
        posted, ok = self.posted_items(), True
        sizes = {}
        for cid in posted:
            for prefix in _TEXT_FIELDS:
                problem = rules.text_problem(self[f"{prefix}{cid}"].data or "")
                if problem:
                    self[f"{prefix}{cid}"].errors.append(problem)
                    ok = False
            sizes[cid] = rules.text_size(*(self[f"{p}{cid}"].data for p in _TEXT_FIELDS))
        stored = _stored_sizes()
        total = sum(size for cid, size in stored.items() if cid not in sizes) + sum(sizes.values())
        if total > rules.MAX_INVITATION_TEXT:
            grown = [cid for cid in posted if sizes[cid] > stored.get(cid, 0)] or posted[:1]
            for cid in grown:
                self[f"c-{cid}"].errors.append(
                    f"回答全体の文字数が上限（{rules.MAX_INVITATION_TEXT:,}文字）を超えます（保存すると {total:,}文字）。"
                    "長い説明は短くするか、資料として証跡に添付してください。")
            ok = False
        return ok


def _stored_sizes() -> dict[str, int]:
    """Characters already stored per item for the invitation behind the vendor link (the vendor
    blueprint opens it into g before any view); empty outside a vendor request."""
    invitation = g.get("invitation")
    if invitation is None:
        return {}
    return {a.control_id: rules.text_size(a.value, a.comment, a.nondisclosure_reason) for a in invitation.answers}


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
        fields["item_ids"] = tuple(i["id"] for i in content["items"])
        cls = _classes.put(content_hash, type("AnswerForm", (AnswerForm,), fields),
                           size=len(fields) * _BYTES_PER_FIELD)
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
