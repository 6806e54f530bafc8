"""What staff read as a source in the shipped catalog (controls/) is Japanese and public: every
source's title, issuer, edition and note and every reference section — in the YAML, in
`assess catalog list --json` and on the catalog page. No English sentence headings (「What municipal
staff check before outsourcing —」) and no internal file paths (/work, /home, *.md, README)."""

import json
import re
from pathlib import Path

import pytest

from assess.audit.services import Actor
from assess.catalog import loader, versions
from assess.extensions import db

CONTROLS = Path(__file__).resolve().parents[1] / "controls"
CATALOG = loader.load(CONTROLS)

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# An English phrase of three words or more with lower-case words after the first ("What municipal
# staff", "How good outsourcing", "The checklist before"); names such as "IPA SECURITY ACTION" or
# "JIS Q 27001" are not phrases. Or any ASCII word run into a dash heading ("… outsourcing —").
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z][a-z]*(?: [a-z]+){2,}\b|[A-Za-z] ?[—–]")
INTERNAL_PATH = re.compile(r"/work|/home|\.md\b|README", re.IGNORECASE)


def problems(text: str) -> list[str]:
    found = []
    if not JAPANESE.search(text):
        found.append("日本語がない")
    found += [f"英語の見出し {m.group(0)!r}" for m in ENGLISH_PHRASE.finditer(text)]
    found += [f"内部のパス {m.group(0)!r}" for m in INTERNAL_PATH.finditer(text)]
    return found


@pytest.mark.parametrize("source", CATALOG.meta.sources, ids=lambda s: s.id)
def test_every_source_is_described_in_japanese_without_paths(source):
    fields = {"title": source.title, "issuer": source.issuer, "edition": source.edition,
              "note": source.note}
    found = {name: problems(text) for name, text in fields.items() if text is not None}
    assert not any(found.values()), found


@pytest.mark.parametrize("control", CATALOG.controls, ids=lambda c: c.id)
def test_every_reference_section_is_japanese_without_paths(control):
    found = {f"{r.source}: {r.section}": problems(r.section) for r in control.references}
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_the_english_heading_and_path_checks_catch_what_they_are_for():
    assert problems("What municipal staff check before outsourcing — 情報管理体制（暗号化）")
    assert problems("How good outsourcing is run（要件を数値で定める）")
    assert problems("聞き取りの記録（/work/shared/notes.md）") and problems("README の節")
    for fine in ("★1・★2（IPA SECURITY ACTION 自己宣言）", "A.8.15 ログ取得", "要件10.5.1（PCI DSS v4.0）",
                 "JIS Q 27001:2023（ISO/IEC 27001:2022）附属書A", "別添1 2F c 不正アクセス等による被害の防止等"):
        assert problems(fine) == [], fine


def test_catalog_list_json_shows_japanese_titles_and_no_paths(runner):
    listed = json.loads(runner.invoke(["catalog", "list", "--json"]).output)
    assert [c["id"] for c in listed] == [c.id for c in CATALOG.controls]
    assert {c["id"]: problems(c["title"]) for c in listed if problems(c["title"])} == {}


def test_catalog_page_cites_sources_in_japanese_without_paths(app, client, make_user, login):
    with app.app_context():
        versions.store(db.session, CATALOG, Actor.cli("test"))
        db.session.commit()
    login(make_user())
    html = client.get("/catalog/").get_data(as_text=True)
    cited = re.findall(r"<dt>出典</dt>\s*<dd><ul>(.*?)</ul></dd>", html, re.S)
    assert len(cited) == len(CATALOG.controls)
    items = [re.sub(r"<[^>]+>", "", li) for block in cited for li in re.findall(r"<li>(.*?)</li>", block, re.S)]
    assert len(items) == sum(len(c.references) for c in CATALOG.controls)
    assert {item: problems(item) for item in items if problems(item)} == {}
    assert not INTERNAL_PATH.search(re.sub(r"<[^>]+>", " ", html))
