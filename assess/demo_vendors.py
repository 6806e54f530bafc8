"""Demo vendors and their questionnaires for the My Number project: one submitted with good
answers, one submitted with gaps, one half-way (idempotent, like the rest of the demo)."""

from datetime import date, timedelta

from sqlalchemy import select

from assess.audit.services import Actor
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
        if style != "half":
            missing = services.submit(db.session, issued.invitation, version, None)
            assert not missing, missing
        lines.append(f"  {name}: {notify.link(issued.token)}")
    return lines
