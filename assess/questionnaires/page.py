"""What the vendor page (and the staff's read of it) shows, precomputed in Python so the
template only lays it out."""

from dataclasses import dataclass, replace

from markupsafe import Markup

from assess.catalog.schema import PRIORITY_LABELS
from assess.evidence import services as evidence_services
from assess.evidence.services import KIND_LABELS as EVIDENCE_KINDS
from assess.evidence.sniff import KIND_LABELS as KIND_FILE_LABELS
from assess.questionnaires import answers as rules
from assess.questionnaires import blocks, corrections, qa, services
from assess.questionnaires.forms import entries
from assess.questionnaires.models import Invitation, QuestionnaireVersion
from assess.util.wareki import format_date

STATE_LABELS = {"open": "回答中", "submitted": "提出済", "returned": "差戻し中"}


STAGE_NOTES = {
    "selection": ("選定（公募・プロポーザル）",
                  "この質問票は、受託者の選定のためのものです。契約前の時点で貴社が備えている体制・手順と、"
                  "提案時に提出できる資料についてお答えください。契約後に作成する記録は、契約後の確認でお願いします。"),
    "operations": ("契約後の確認（履行・監督）",
                   "この質問票は、契約後の業務の実施状況を確認するためのものです。本業務における現在の状況と、"
                   "本業務で作成した記録についてお答えください。"),
}


def stage_of(invitation) -> dict:
    label, note = STAGE_NOTES[invitation.stage]
    return {"stage": invitation.stage, "stage_label": label, "stage_note": note}


def item_head(content_hash: str, item: dict) -> Markup:
    """The question, threshold and evidence hint of an item, rendered once per frozen version."""
    return blocks.head(content_hash, item)


@dataclass(frozen=True)
class EvidenceView:
    id: int
    name: str
    kind_label: str
    file_label: str  # 「PDF 3ページ」「JPEG画像 4032×3024」
    file_url: str
    thumb_url: str  # "" when there is no thumbnail
    valid_until: str
    registration_number: str
    taken: str  # capture date and camera from EXIF
    nondisclosure: bool
    checks: tuple[str, ...] = ()


def evidence_view(e, file_url: str, thumb_url: str, for_staff: bool = True) -> EvidenceView:
    """for_staff=False leaves out staff's own notes (register checks) that vendors must not see."""
    f = e.file
    label = KIND_FILE_LABELS[f.kind]
    if f.pages:
        label += f" {f.pages}ページ"
    elif f.width:
        label += f" {f.width}×{f.height}"
    taken = ""
    if f.taken_at:
        taken = f"撮影 {format_date(f.taken_at)} {f.taken_at:%H:%M}" + (f"（{f.camera}）" if f.camera else "")
    return EvidenceView(e.id, e.display_name, EVIDENCE_KINDS[e.kind], label, file_url,
                        thumb_url if f.has_thumb else "", format_date(e.valid_until),
                        e.registration_number, taken, e.nondisclosure,
                        tuple(f"{format_date(c.checked_on)} {c.register}: {c.result}" for c in e.checks)
                        if for_staff else ())


@dataclass(frozen=True)
class ItemView:
    content_hash: str
    head: Markup
    item: dict
    entry: rules.Entry
    editable: bool
    returned: str  # the staff comment when this item was returned, else ""
    problem: str  # why the current value cannot be submitted, else ""
    shown: str  # the answer in words, for read-only display
    evidence: tuple[EvidenceView, ...] = ()

    @property
    def id(self) -> str:
        return self.item["id"]

    @property
    def html(self) -> Markup:
        """The whole item block: a cached frame of the question set, filled with this request's
        answer (blocks.py says why no cache holds what a vendor typed)."""
        return blocks.render(self)

    @property
    def options(self) -> list[tuple[str, str]]:
        if self.item["answer"]["type"] == "yes_no":
            return [("yes", "はい"), ("no", "いいえ")]
        return [(o["value"], o["ja"]) for o in self.item["answer"]["options"]]

    @property
    def priority_label(self) -> str:
        return PRIORITY_LABELS[self.item["priority"]]


def shown_value(item: dict, entry: rules.Entry) -> str:
    if entry.na:
        return "該当なし"
    value = (entry.value or "").strip()
    if not value:
        return "（未回答）"
    kind = item["answer"]["type"]
    if kind == "yes_no":
        return {"yes": "はい", "no": "いいえ"}.get(value, value)
    if kind == "choice":
        return next((o["ja"] for o in item["answer"]["options"] if o["value"] == value), value)
    if kind == "number":
        return f"{value}{item['answer']['unit']}"
    if kind == "date":
        parsed = rules.parse_date(value)
        return format_date(parsed) if parsed else value
    return value


def state_label(invitation: Invitation) -> str:
    if invitation.state == "open" and not invitation.answers:
        return "未着手"
    return STATE_LABELS[invitation.state]


def read_only_reason(invitation: Invitation, editable: set[str]) -> str:
    if editable:
        return ""
    if invitation.state == "submitted":
        return "提出済みのため、回答は変更できません。差戻しがあった場合は、その項目だけ変更できます。"
    return f"回答期限（{format_date(invitation.answer_deadline)}）を過ぎたため、回答は変更できません。"


def _entries(invitation: Invitation, form, editable: set[str]) -> dict[str, rules.Entry]:
    stored = services.entries_of(invitation)
    if form is None:
        return stored
    posted = entries(form, editable)  # what was just posted wins over what is stored
    return {**stored, **{cid: replace(e, prefilled=stored[cid].prefilled if cid in stored else False)
                         for cid, e in posted.items()}}


def notice_rows(gaps: list[tuple[dict, list[dict]]]) -> list[dict]:
    """The submit notice: each item lacking required evidence and what that will mean."""
    return [{"id": item["id"], "title": item["title"], "priority": PRIORITY_LABELS[item["priority"]],
             "kinds": corrections.kinds_text(item, [e["kind"] for e in kinds]),
             "consequence": "「証跡不足」と判定され、必須の項目のため足切り（失格）となります。"
             if item["priority"] == "must" else "「証跡不足」と判定され、この項目は点数になりません。"}
            for item, kinds in gaps]


def correction_context(session, invitation: Invitation, content: dict, views: dict) -> dict | None:
    """The 補正 section of a vendor's page: the items it lacked evidence for when the window opened,
    what it has attached since, and whether it may still add files."""
    window = corrections.window_for(session, invitation)
    if window is None:
        return None
    items = {i["id"]: i for i in content["items"]}
    rows = []
    for cid, kinds in window.items_for(invitation.id).items():
        item = items.get(cid, {"title": "", "evidence": []})
        named = {e["kind"]: e for e in item["evidence"]}
        rows.append({"id": cid, "title": item["title"], "kinds_text": corrections.kinds_text(item, kinds),
                     "kinds": [(k, f"{EVIDENCE_KINDS[k]}: {named[k]['ja']}" if k in named else EVIDENCE_KINDS[k])
                               for k in kinds],
                     "certificate": "certificate" in kinds,
                     "attached": views[cid].evidence if cid in views else ()})
    return {"window": corrections.window_view(window), "items": rows}


def _form_problem(form, cid: str) -> str:
    """Why a save was refused at this item (limits the form checks before anything is stored)."""
    errors = form.item_errors(cid) if form is not None else []
    return errors[0] if errors else ""


def vendor_page_context(session, invitation: Invitation, version: QuestionnaireVersion,
                        form=None, missing=None, for_staff: bool = False, urls=None, notice=None) -> dict:
    """for_staff: every item, read-only (staff read; they never type into a vendor's answers).
    urls(evidence) gives (file URL, thumbnail URL) for the viewer: the vendor's link or staff's.
    notice: the (item, evidence) a submit would leave missing, for the vendor to confirm."""
    content = version.content
    files = evidence_services.by_control(evidence_services.of_invitation(session, invitation.id))
    editable = set() if for_staff else services.editable_ids(invitation, content)
    current = _entries(invitation, form, editable)
    returns = services.open_returns(invitation)
    views = {}
    for item in content["items"]:
        entry = current.get(item["id"], rules.Entry())
        shown_files = tuple(evidence_view(e, *urls(e), for_staff=for_staff) for e in files.get(item["id"], ()))
        views[item["id"]] = ItemView(version.content_hash, item_head(version.content_hash, item), item,
                                     entry, item["id"] in editable,
                                     returns[item["id"]].comment if item["id"] in returns else "",
                                     rules.value_problem(item, entry) or _form_problem(form, item["id"]),
                                     shown_value(item, entry), shown_files)
    total, per_domain = rules.progress(content, current)
    groups = [(d, [views[i["id"]] for i in content["items"] if i["domain"] == d["id"]])
              for d in content["domains"]]
    if invitation.state == "returned" and not for_staff:
        groups = [(d, [v for v in vs if v.returned]) for d, vs in groups]
        groups = [(d, vs) for d, vs in groups if vs]
    return {
        "invitation": invitation, "project": invitation.project, "version": version,
        **stage_of(invitation),
        "deadline": format_date(invitation.answer_deadline), "state_label": state_label(invitation),
        "read_only_reason": read_only_reason(invitation, editable), "editable_count": len(editable),
        "progress": total, "progress_domains": per_domain, "groups": groups,
        "notices": [v for v in services.all_versions(session, invitation.project_id, invitation.stage) if v.number > 1],
        "published_qa": qa.published(session, invitation.project_id),
        "my_questions": qa.mine_unpublished(session, invitation),
        "missing": missing or [],
        "save_refused": [(i, views[i["id"]].problem) for i in content["items"] if _form_problem(form, i["id"])],
        "evidence_notice": notice_rows(notice or []),
        "evidence_ack": ",".join(item["id"] for item, _kinds in notice or []),
        "correction": None if for_staff else correction_context(session, invitation, content, views),
    }
