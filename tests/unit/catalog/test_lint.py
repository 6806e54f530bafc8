"""The linter on broken catalogs: every problem at its exact file:line, with a Japanese message.

Each case edits one file of a small valid catalog (tests/fixtures/catalog) the way an author
might get it wrong, and lists every line `assess catalog lint` must print.
"""

import shutil
from pathlib import Path

import pytest

from assess.catalog.loader import lint

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "catalog"

CASES = {
    "yaml syntax": ("01-gov.yaml", "    title: {ja: アクセスログの取得と保管, en: Access logs retained}",
                    "    title: {ja: アクセスログの取得と保管, en: Access logs retained",
                    ["01-gov.yaml:5: -: YAMLの構文エラー: did not find expected ',' or '}'"]),
    "unknown key": ("01-gov.yaml", "    weight: 2\n", "    weight: 2\n    wieght: 3\n",
                    ["01-gov.yaml:37: GOV-02: 不明な項目 'wieght' です（綴りを確認してください）"]),
    "duplicate key": ("01-gov.yaml", "    weight: 2\n", "    weight: 2\n    weight: 3\n",
                      ["01-gov.yaml:37: -: 項目 'weight' が重複しています"]),
    "duplicate id": ("02-net.yaml", "  - id: NET-01", "  - id: GOV-01",
                     ["02-net.yaml:3: GOV-01: 統制IDが重複しています（最初の定義: 01-gov.yaml:3）"]),
    "missing field": ("01-gov.yaml", "    priority: important\n", "",
                      ["01-gov.yaml:33: GOV-02: 必須の項目 'priority' がありません"]),
    "bad priority": ("01-gov.yaml", "priority: important", "priority: high",
                     ["01-gov.yaml:35: GOV-02: 'priority' の値 'high' は使えません（使える値: must, important, nice）"]),
    "unknown parameter in clause": (
        "01-gov.yaml", "{{ log_retention_days }}日以上保管すること", "{{ log_days }}日以上保管すること",
        ["01-gov.yaml:25: GOV-01: contract.clause.ja が未定義のパラメータ 'log_days' を参照しています"]),
    "clause fails to render": (
        "01-gov.yaml", "{{ log_retention_days }}日以上保管すること", "{{ log_retention_days.days }}日以上保管すること",
        ["01-gov.yaml:25: GOV-01: contract.clause.ja が既定値で描画できません: 'int object' has no attribute 'days'"]),
    "template syntax": (
        "01-gov.yaml", "{{ log_retention_days }}日以上保管されているか", "{{ log_retention_days 日以上保管されているか",
        ["01-gov.yaml:29: GOV-01: operations.checklist.ja のテンプレートの構文エラー: expected token 'end of print statement', got '日以上保管されているか'"]),
    "expect names a missing parameter": (
        "01-gov.yaml", "expect: {gte: log_retention_days}", "expect: {gte: retention_days}",
        ["01-gov.yaml:17: GOV-01: expect.gte が未定義のパラメータ 'retention_days' を参照しています"]),
    "unknown reference source": (
        "01-gov.yaml", "source: ppc-mynumber-gov", "source: ppc-guideline",
        ["01-gov.yaml:31: GOV-01: 出典 'ppc-guideline' は catalog.yaml の sources にありません"]),
    "default out of range": (
        "01-gov.yaml", "default: 365", "default: 30",
        ["01-gov.yaml:9: GOV-01: 'parameters.log_retention_days': 既定値 30 が下限 90 を下回っています"]),
    "unquoted yes": ("01-gov.yaml", 'expect: {equals: "yes"}', "expect: {equals: yes}",
                     ['01-gov.yaml:38: GOV-02: \'expect.equals\' が真偽値 True として読まれました。yes / no / on / off は引用符で囲んでください（例: "yes"）']),
    "equals not an option": ("02-net.yaml", "expect: {one_of: [lgwan]}", "expect: {equals: closed}",
                             ["02-net.yaml:12: NET-01: expect.equals の値 'closed' は回答の選択肢にありません（選択肢: lgwan, internet）"]),
    "two expect forms": ("01-gov.yaml", 'expect: {equals: "yes"}', 'expect: {equals: "yes", review: true}',
                         ["01-gov.yaml:38: GOV-02: 'expect': expect には equals / one_of / gte / lte / valid_at / review のいずれか1つを指定します（指定: equals, review）"]),
    "id prefix from another domain": (
        "02-net.yaml", "  - id: NET-01", "  - id: PHY-01",
        ["02-net.yaml:3: PHY-01: 統制IDの接頭辞 'PHY' がファイルのドメイン 'NET' と一致しません"]),
    "a domain with no controls": (
        "catalog.yaml", "  - {id: NET, order: 2, title: {ja: 通信環境, en: Network}}\n",
        "  - {id: NET, order: 2, title: {ja: 通信環境, en: Network}}\n"
        "  - {id: PHY, order: 3, title: {ja: 物理的セキュリティ}}\n",
        ["catalog.yaml:10: -: ドメイン 'PHY'（物理的セキュリティ）に統制が1つもありません"]),
    "bad id format": ("01-gov.yaml", "  - id: GOV-02", "  - id: gov2",
                      ["01-gov.yaml:33: gov2: 'id' の値 'gov2' が形式に合いません（形式: ^[A-Z]{2,5}-[0-9]{2,3}$）"]),
    "weight not an integer": ("01-gov.yaml", "    weight: 2\n", "    weight: \"2\"\n",
                              ["01-gov.yaml:36: GOV-02: 'weight' は整数にしてください（値: '2'）"]),
    "unknown profile field": ("01-gov.yaml", "applies_if: {data: [personal, sensitive, my_number]}",
                              "applies_if: {data: [personal, mynumber]}",
                              ["01-gov.yaml:7: GOV-01: 'applies_if.data.1' の値 'mynumber' は使えません（使える値: none, personal, sensitive, my_number）"]),
    "unused parameter": ("02-net.yaml", "    weight: 3\n",
                         "    weight: 3\n    parameters:\n      hours: {type: integer, title: {ja: 時間}, default: 2}\n",
                         ["02-net.yaml:8: NET-01: パラメータ 'hours' がどの文面（質問・条項・特記事項・チェック項目・記録）にも使われていません"]),
    "old-shape control": (
        "02-net.yaml", "    selection:\n      question:\n        ja: 本業務の端末はどのネットワークに接続しますか。\n",
        "    question:\n      ja: 本業務の端末はどのネットワークに接続しますか。\n    selection:\n      question:\n"
        "        ja: 本業務の端末はどのネットワークに接続しますか。\n",
        ["02-net.yaml:3: NET-01: 旧形式の統制です: question は selection / contract / operations の下に書きます"
         "（controls/README.md「段階」）"]),
    "unknown 特記事項 article": (
        "01-gov.yaml", "terms: {article: basic,", "terms: {article: secrecy,",
        ["01-gov.yaml:43: GOV-02: 特記事項の条 'secrecy' は catalog.yaml の articles にありません（basic, subcontracting）"]),
    "same sentence in 仕様書 and 特記事項": (
        "01-gov.yaml", "      terms: {article: basic, ja: 受託者は、情報セキュリティ基本方針を従事者に周知しなければならない。}\n",
        "      terms: {article: basic, ja: 受託者は、情報セキュリティ基本方針を従事者に周知しなければならない。}\n"
        "      clause: {ja: 受託者は、情報セキュリティ基本方針を従事者に周知しなければならない。}\n",
        ["01-gov.yaml:42: GOV-02: 'contract': contract.clause と contract.terms が同じ文です（特記事項にある義務は仕様書に"
         "重ねて書かない）"]),
    "a question without answer": (
        "01-gov.yaml", '    answer: {type: yes_no}\n    expect: {equals: "yes"}\n', "",
        ["01-gov.yaml:33: GOV-02: 質問（selection.question / operations.question）がある統制には answer と expect が必要です"]),
    "evidence without a question": (
        "01-gov.yaml", "      question:\n        ja: 情報セキュリティ基本方針を定めていますか。\n",
        "      eligibility: {ja: 情報セキュリティ基本方針を定めていること。}\n      evidence:\n"
        "        - {kind: document, ja: 基本方針}\n",
        ["01-gov.yaml:39: GOV-02: 'selection': selection.evidence は selection.question と一緒に書きます"]),
    "the old after_contract_end": (
        "01-gov.yaml", '    answer: {type: yes_no}\n    expect: {equals: "yes"}\n',
        "    answer: {type: date}\n    expect: {after_contract_end: true}\n",
        ["01-gov.yaml:38: GOV-02: expect.after_contract_end は使えません。有効期限は契約期間の途中で更新されるため、"
         "expect: {valid_at: <パラメータ>}（回答期限日 又は 契約開始日に有効であること）を使います"]),
    "valid_at naming an unknown day": (
        "01-gov.yaml", '    answer: {type: yes_no}\n    expect: {equals: "yes"}\n',
        "    answer: {type: date}\n    expect: {valid_at: 契約終了日}\n",
        ["01-gov.yaml:38: GOV-02: expect.valid_at の '契約終了日' はパラメータでも 回答期限日・契約開始日 のどれでもありません"]),
    "valid_at on an answer that is no date": (
        "01-gov.yaml", 'expect: {equals: "yes"}', "expect: {valid_at: 回答期限日}",
        ["01-gov.yaml:38: GOV-02: expect.valid_at は answer.type: date の統制にだけ使えます"]),
    "valid_at on a parameter with other options": (
        "01-gov.yaml", '    answer: {type: yes_no}\n    expect: {equals: "yes"}\n',
        "    parameters:\n      valid_on: {type: choice, title: {ja: 有効であるべき日}, options: [回答期限日, 契約終了日],"
        " default: 回答期限日}\n    answer: {type: date}\n    expect: {valid_at: valid_on}\n",
        ["01-gov.yaml:40: GOV-02: expect.valid_at のパラメータ 'valid_on' は、選択肢が 回答期限日・契約開始日 の中だけの"
         "choice にします（不明な選択肢: 契約終了日）"]),
    "whole on an answer that is no number": (
        "01-gov.yaml", "    answer: {type: yes_no}\n", "    answer: {type: yes_no, whole: true}\n",
        ["01-gov.yaml:37: GOV-02: 'answer': whole（整数のみ）は type: number のときだけ指定できます"]),
    "an any-of group of one, undeclared, without 該当なし": (
        "01-gov.yaml", "    weight: 2\n", "    weight: 2\n    any_of: certification\n",
        ["01-gov.yaml:37: GOV-02: any_of の組 'certification' が catalog.yaml の groups にありません",
         "01-gov.yaml:37: GOV-02: any_of の組 'certification' の統制が GOV-02 の1つだけです（2つ以上必要）",
         "01-gov.yaml:37: GOV-02: any_of の統制には answer.allow_na: true が必要です（持たない方を「該当なし」と答えられるように）"]),
    "several problems in one run": (
        "01-gov.yaml", "    priority: important\n    weight: 2\n", "    priority: urgent\n    weight: 0\n",
        ["01-gov.yaml:35: GOV-02: 'priority' の値 'urgent' は使えません（使える値: must, important, nice）",
         "01-gov.yaml:36: GOV-02: 'weight' は 1 以上にしてください（値: 0）"]),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_broken_catalog_reports_exact_lines(case, tmp_path, monkeypatch):
    filename, old, new, expected = CASES[case]
    folder = tmp_path / "controls"
    shutil.copytree(FIXTURE, folder)
    path = folder / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, "the case must edit something that is there"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    monkeypatch.chdir(folder)
    catalog, problems = lint([Path(".")])
    assert catalog is None
    assert [str(p) for p in problems] == expected


def test_the_fixture_itself_is_valid():
    catalog, problems = lint([FIXTURE])
    assert problems == []
    assert [c.id for c in catalog.controls] == ["GOV-01", "GOV-02", "GOV-03", "NET-01"]


def test_missing_catalog_file_is_reported(tmp_path):
    (tmp_path / "01-gov.yaml").write_text((FIXTURE / "01-gov.yaml").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    _, problems = lint([tmp_path])
    assert "catalog.yaml が見つかりません" in problems[0].message


def test_a_file_that_is_not_utf8_is_reported(tmp_path, monkeypatch):
    shutil.copytree(FIXTURE, tmp_path / "c")
    (tmp_path / "c" / "02-net.yaml").write_bytes("domain: NET\n".encode("cp932") + "統制".encode("cp932"))
    monkeypatch.chdir(tmp_path / "c")
    _, problems = lint([Path(".")])
    assert str(problems[0]).startswith("02-net.yaml:1: -: UTF-8 として読めません")


def test_simple_and_full_templates_render_alike():
    from assess.catalog import texts

    params = {"days": 365.0, "hours": 2}
    for text in ("{{ days }}日以上", "{{days}}日・{{ hours }}時間", "{{ days | int }}日以上",
                 "{% if hours %}{{ hours }}時間{% endif %}"):
        assert texts.render(text, params) == texts._compiled(text).render(
            {k: texts._display(v) for k, v in params.items()})
    with pytest.raises(texts.UndefinedError):
        texts.render("{{ missing }}日", params)


def _group_of_two(folder: Path, second_priority: str) -> None:
    """GOV-02 and GOV-03 made alternatives (「いずれか一方」), GOV-03 at `second_priority`."""
    meta = folder / "catalog.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(
        "articles:", "groups:\n  - {id: certification, ja: ISMS認証又はプライバシーマーク}\narticles:"), encoding="utf-8")
    gov = folder / "01-gov.yaml"
    text = gov.read_text(encoding="utf-8").replace("    answer: {type: yes_no}\n",
                                                   "    any_of: certification\n    answer: {type: yes_no, allow_na: true}\n")
    gov.write_text(text.replace("    title: {ja: アクセス権限一覧, en: Access rights list}\n    priority: important",
                                f"    title: {{ja: アクセス権限一覧, en: Access rights list}}\n    priority: {second_priority}"),
                   encoding="utf-8")


def test_an_any_of_group_is_valid_with_two_members_of_one_priority(tmp_path):
    folder = tmp_path / "controls"
    shutil.copytree(FIXTURE, folder)
    _group_of_two(folder, "important")
    catalog, problems = lint([folder])
    assert problems == []
    assert [c.any_of for c in catalog.controls] == [None, "certification", "certification", None]
    assert catalog.meta.group("certification").ja == "ISMS認証又はプライバシーマーク"


def test_an_any_of_group_needs_one_priority(tmp_path, monkeypatch):
    folder = tmp_path / "controls"
    shutil.copytree(FIXTURE, folder)
    _group_of_two(folder, "must")
    monkeypatch.chdir(folder)
    _catalog, problems = lint([Path(".")])
    message = "any_of の組 'certification' の優先度がそろっていません（GOV-02 重要、GOV-03 必須）"
    assert [str(p) for p in problems] == [f"01-gov.yaml:37: GOV-02: {message}", f"01-gov.yaml:54: GOV-03: {message}"]
