"""Demo vendors and their questionnaires for the My Number project: one submitted with good
answers, one submitted with gaps, one half-way (idempotent, like the rest of the demo)."""

from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from assess import demo_files
from assess.audit.services import Actor
from assess.evidence import services as evidence
from assess.evidence import sitevisits
from assess.evidence.services import Upload
from assess.extensions import db
from assess.projects.models import Project
from assess.questionnaires import notify, services
from assess.questionnaires.answers import Entry
from assess.vendors.corporate_number import check_digit
from assess.vendors.models import Vendor
from assess.vendors.services import create_vendor

VENDORS = (  # fictional companies; 法人番号 made valid with their check digit
    ("株式会社みどりデータサービス", "010401000101", "山田 一郎", "yamada@midori-data.example.co.jp", "good"),
    ("東日本事務センター株式会社", "010401000202", "佐藤 花子", "sato@higashi-jimu.example.co.jp", "gaps"),
    ("株式会社さくらBPOソリューションズ", "010401000303", "鈴木 健", "suzuki@sakura-bpo.example.co.jp", "half"),
)


def _number(base: str) -> str:
    return f"{check_digit(base)}{base}"


def good(item: dict, contract_end: date | None) -> str:
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
        return str(int(better)) if better.is_integer() else str(better)
    if expect["form"] == "after_contract_end":
        return ((contract_end or date.today()) + timedelta(days=400)).isoformat()
    if kind == "text":
        return "手順書に基づき、責任者の承認のもとで運用しています。詳細は添付の資料のとおりです。"
    return "yes"


def poor(item: dict, contract_end: date | None) -> str:
    expect = item["expect"]
    if expect["form"] == "equals":
        return "no" if expect["value"] == "yes" else "yes"
    if expect["form"] == "one_of":
        others = [o["value"] for o in item["answer"]["options"] if o["value"] not in expect["value"]]
        return others[0] if others else expect["value"][0]
    if expect["form"] in ("gte", "lte"):
        value = float(expect["value"])
        worse = value / 2 if expect["form"] == "gte" else value * 2
        return str(int(worse)) if worse.is_integer() else str(worse)
    if expect["form"] == "after_contract_end":
        return ((contract_end or date.today()) - timedelta(days=200)).isoformat()
    return good(item, contract_end)


def _answers(items: list[dict], style: str, contract_end: date | None) -> dict[str, Entry]:
    out = {}
    for n, item in enumerate(items):
        if style == "half" and n % 2:
            continue
        gap = style == "gaps" and (n % 4 == 0)
        value = (poor if gap else good)(item, contract_end)
        out[item["id"]] = Entry(value=value, comment="現在、改善計画を策定中です。" if gap else "")
    return out


def load(project_name: str) -> list[str]:
    project = db.session.scalar(select(Project).where(Project.name == project_name))
    if project is None or services.invitations_of(db.session, project.id):
        return []
    actor, lines = Actor("system:demo"), ["デモ事業者の回答用リンク（この表示は初回のみ）:"]
    for name, base, contact, email, style in VENDORS:
        vendor = db.session.scalar(select(Vendor).where(Vendor.corporate_number == _number(base)))
        vendor = vendor or create_vendor(db.session, actor, name, _number(base), contact, email)
        issued = services.invite(db.session, actor, project, vendor)
        version = services.latest_version(db.session, project.id)
        services.save(db.session, issued.invitation, version.content,
                      _answers(version.content["items"], style, project.contract_end), None)
        if style in ("good", "gaps"):
            _evidence(issued.invitation, version.content["items"], project, style)
        if style != "half":
            missing = services.submit(db.session, issued.invitation, version, None)
            assert not missing, missing
        lines.append(f"  {name}: {notify.link(issued.token)}")
    return lines


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
