"""Demo vendors and their questionnaires for the My Number project: one submitted with good
answers, one submitted with gaps, one half-way (idempotent, like the rest of the demo)."""

from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from assess import demo_files
from assess.audit.services import Actor
from assess.auth.models import User
from assess.evidence import services as evidence
from assess.evidence import sitevisits
from assess.evidence.services import Upload
from assess.extensions import db
from assess.projects.models import Project
from assess.questionnaires import notify, services
from assess.questionnaires.answers import Entry
from assess.reviews import comparison, evaluation
from assess.reviews import services as reviews
from assess.vendors.corporate_number import check_digit
from assess.vendors.models import Vendor
from assess.vendors.services import create_vendor

VENDORS = (  # fictional companies; 法人番号 made valid with their check digit
    ("株式会社みどりデータサービス", "010401000101", "山田 一郎", "yamada@midori-data.example.co.jp", "good"),
    ("東日本事務センター株式会社", "010401000202", "佐藤 花子", "sato@higashi-jimu.example.co.jp", "gaps"),
    ("株式会社さくらBPOソリューションズ", "010401000303", "鈴木 健", "suzuki@sakura-bpo.example.co.jp", "half"),
)


REVIEWER = "zeimu@city.midori.example.jp"  # 市民税課 税務 花子, who reviews the tax project


def _number(base: str) -> str:
    return f"{check_digit(base)}{base}"


def good(item: dict, on: date | None) -> str:
    """A satisfying answer; `on` is the day a certificate must be valid on (the answer deadline)."""
    expect, kind = item["expect"], item["answer"]["type"]
    if expect["form"] == "equals":
        return expect["value"]
    if expect["form"] == "one_of":
        return expect["value"][0]
    if expect["form"] in ("gte", "lte"):
        value = float(expect["value"])
        better = value * 2 if expect["form"] == "gte" else value / 2
        if item["answer"].get("max") is not None:
            better = min(better, item["answer"]["max"])
        return _figure(item, better)
    if expect["form"] in ("valid_at", "after_contract_end"):  # a 2-year Pマーク: expires mid-contract
        return ((on or date.today()) + timedelta(days=730)).isoformat()
    if kind == "text":
        return "手順書に基づき、責任者の承認のもとで運用しています。詳細は添付の資料のとおりです。"
    return "yes"


def poor(item: dict, on: date | None) -> str:
    expect = item["expect"]
    if expect["form"] == "equals":
        return "no" if expect["value"] == "yes" else "yes"
    if expect["form"] == "one_of":
        others = [o["value"] for o in item["answer"]["options"] if o["value"] not in expect["value"]]
        return others[0] if others else expect["value"][0]
    if expect["form"] in ("gte", "lte"):
        value = float(expect["value"])
        worse = value / 2 if expect["form"] == "gte" else value * 2
        return _figure(item, worse)
    if expect["form"] in ("valid_at", "after_contract_end"):
        return ((on or date.today()) - timedelta(days=30)).isoformat()
    return good(item, on)


def _figure(item: dict, value: float) -> str:
    """As a vendor types it: a count (件, 回) in whole numbers, rounded down."""
    if item["answer"].get("whole") or value.is_integer():
        return str(int(value))
    return str(value)


def _answers(items: list[dict], style: str, on: date | None) -> dict[str, Entry]:
    out = {}
    for n, item in enumerate(items):
        if style == "half" and n % 2:
            continue
        gap = style == "gaps" and (n % 4 == 0)
        value = (poor if gap else good)(item, on)
        secret = item["id"] == _withheld_item(items, style)
        out[item["id"]] = Entry(value=value, comment="現在、改善計画を策定中です。" if gap else "",
                                nondisclosure=secret, nondisclosure_reason=SECRETS[style] if secret else "")
    return out


# 非開示希望: the good vendor withholds one figure as know-how, the other its server room's layout.
SECRETS = {"good": "当社独自の運用手順であり、公にすると競争上の地位を害するおそれがあるため。",
           "gaps": "サーバ室の配置が分かり、セキュリティ上の支障があるため。"}


def _withheld_item(items: list[dict], style: str) -> str | None:
    """The first figure the vendor answers (for the "gaps" vendor, one it falls short on)."""
    if style not in SECRETS:
        return None
    return next((item["id"] for n, item in enumerate(items) if item["answer"]["type"] == "number"
                 and (style != "gaps" or n % 4 == 0)), None)


def load(project_name: str) -> list[str]:
    project = db.session.scalar(select(Project).where(Project.name == project_name))
    if project is None or services.invitations_of(db.session, project.id):
        return []
    actor, lines = Actor("system:demo"), ["デモ事業者の回答用リンク（この表示は初回のみ）:"]
    invited = {}
    for name, base, contact, email, style in VENDORS:
        vendor = db.session.scalar(select(Vendor).where(Vendor.corporate_number == _number(base)))
        vendor = vendor or create_vendor(db.session, actor, name, _number(base), contact, email)
        issued = services.invite(db.session, actor, project, vendor)
        version = services.latest_version(db.session, project.id)
        services.save(db.session, issued.invitation, version.content,
                      _answers(version.content["items"], style, project.deadline), None)
        if style in ("good", "gaps"):
            _evidence(issued.invitation, version.content["items"], project, style)
        if style != "half":
            missing = services.submit(db.session, issued.invitation, version, None)
            assert not missing, missing
        if style == "good":
            _accept_written(issued.invitation, version.content["items"])
        invited[style] = issued.invitation
        lines.append(f"  {name}: {notify.link(issued.token)}")
    _committee(project, invited)
    return lines


def _committee(project: Project, invited: dict) -> None:
    """The selection committee's record: its members, a word on each candidate, its choice."""
    _domains, ranked = comparison.candidates(db.session, project)
    good = next((c for c in ranked if c.invitation.id == invited["good"].id and evaluation.eligible(c)), None)
    said = {"good": "管理体制、現地視察の結果とも良好であり、本業務を安全に履行できると認められる。",
            "gaps": "必須要件に不適合があり、失格とした。改善計画は示されたが、期限までに実施されていない。",
            "half": "回答期限までに回答が提出されなかった。"}
    evaluation.save(db.session, Actor("system:demo"), project, evaluation.CommitteeInput(
        period_from=date(2027, 2, 1), period_to=date(2027, 2, 15), evaluated_on=date(2027, 2, 15),
        members=(("緑川 誠", "委員長（市民税課長）"), ("青木 由美", "委員（情報政策課長）"),
                 ("税務 花子", "委員（市民税課 課長補佐）")),
        comments={invited[style].id: text for style, text in said.items()},
        chosen=good.invitation.id if good else None,
        overall="必須要件を満たした者の中から、評価点の最も高い者を契約候補者とした。"), ranked)


def _accept_written(invitation, items: list[dict]) -> None:
    """Staff read the good vendor's written answers to 必須 items and accept them: until they do,
    the candidate is 判定保留, not 通過."""
    staff = db.session.scalar(select(User).where(User.email == REVIEWER))
    actor = Actor.user(staff) if staff else Actor("system:demo")
    for item in items:
        if item["priority"] == "must" and item["expect"]["form"] == "review":
            reviews.decide(db.session, actor, invitation, item["id"], "accept", "", 0)


_NAMES = {"document": "規程・手順書", "record": "記録", "log_sample": "ログの抜粋", "photo": "写真"}


def _files(valid_until: date) -> dict[str, tuple[str, bytes]]:
    return {"certificate": ("登録証.pdf", demo_files.certificate_pdf("IS 765432", valid_until)),
            "diagram": ("ネットワーク構成図.png", demo_files.network_diagram_png()),
            "photo": ("現場写真.jpg", demo_files.site_photo_jpeg("vendor photo", datetime(2026, 10, 20, 14, 0), 170)),
            "other": ("提出資料.pdf", demo_files.certificate_pdf("-", valid_until))}


def _evidence(invitation, items: list[dict], project: Project, style: str) -> None:
    """Every required piece of evidence (the "gaps" vendor leaves some out), and for the good
    vendor a site visit with photos."""
    root, limit = Path(current_app.config["EVIDENCE_DIR"]), current_app.config["EVIDENCE_MAX_BYTES"]
    actor = services.vendor_actor(invitation)
    valid_until = (project.contract_end or date(2030, 3, 31)) + timedelta(days=365)
    files = _files(valid_until)
    for n, item in enumerate(items):
        if style == "gaps" and n % 3 == 1:
            continue
        for wanted in (e for e in item["evidence"] if e["required"]):
            name, data = files.get(wanted["kind"], files["other"])
            upload = Upload(f"{item['id']}_{_NAMES.get(wanted['kind'], '')}{name}", data, wanted["kind"],
                            valid_until if wanted["kind"] == "certificate" else None,
                            "IS 765432" if wanted["kind"] == "certificate" else "")
            evidence.upload(db.session, root, actor, upload, project_id=project.id,
                            control_id=item["id"], invitation_id=invitation.id, max_bytes=limit)
    if style != "good":
        return
    staff = Actor("system:demo")
    visit = sitevisits.create(db.session, staff, invitation, date(2026, 11, 10),
                              "株式会社みどりデータサービス 本社データ入力センター", "市: 市民税課 税務 花子\n受託者: 山田 一郎")
    photographed = [i for i in items if any(e["kind"] == "photo" for e in i["evidence"])][:2]
    sitevisits.observe(db.session, staff, visit, {i["id"]: ("confirmed", "入退室記録と施錠を確認") for i in photographed})
    for n, item in enumerate(photographed):
        photo = demo_files.site_photo_jpeg(f"{item['id']} site visit", datetime(2026, 11, 10, 10 + n, 15), 150 + 30 * n)
        evidence.upload(db.session, root, staff, Upload(f"視察写真_{item['id']}.jpg", photo, "photo"),
                        project_id=project.id, control_id=item["id"], site_visit_id=visit.id, max_bytes=limit)
