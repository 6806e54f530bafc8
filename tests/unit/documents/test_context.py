"""Context builders (pure): numbering, priorities, dates in 和暦 or 西暦, hostile text cleaned."""

from datetime import date

from assess.documents import context as build
from assess.documents import contract, tender

HEADER = build.Header("みどり市", "住民税課税資料のデータ入力", "市民税課", date(2026, 11, 23))
CLAUSES = [
    contract.SpecClause("GOV", "情報管理体制", "受託者は、基本方針を定め、発注者に提出すること。"),
    contract.SpecClause("GOV", "情報管理体制", "受託者は、ログを730日以上保管すること。"),
    contract.SpecClause("CON", "契約・監査", "受託者は、発注者の監査を受け入れること。"),
]
RECORDS = [
    contract.Record("作業報告書", "monthly", "OPS-07", "運用報告"),
    contract.Record("管理体制図", "before_start", "GOV-02", "管理体制"),
    contract.Record("廃棄証明書", "contract_end", "CON-09", "返還・廃棄"),
]
ITAKU = contract.PARTIES["itaku"]


def test_kansuji():
    assert [build.kansuji(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_contract_spec_numbers_in_arabic_names_the_parties_and_lists_records_by_timing():
    ctx = contract.spec(HEADER, ITAKU, CLAUSES, RECORDS, "令和9年4月1日から令和12年3月31日までの間", False)
    assert [d["number"] for d in ctx["domains"]] == ["第2", "第3"]  # 第1 is 総則
    first = ctx["domains"][0]["clauses"]
    assert [(c["number"], c["text"]) for c in first] == [
        ("1", "受託者は、基本方針を定め、委託者に提出すること。"), ("2", "受託者は、ログを730日以上保管すること。")]
    assert "【" not in str(ctx["domains"])  # no priority tags in a contract
    assert [r["name"] for r in ctx["records"]] == ["管理体制図", "作業報告書", "廃棄証明書"]
    assert [r["timing"] for r in ctx["records"]] == ["業務開始前", "毎月", "契約終了時"]
    general = {g["title"]: g["paragraphs"] for g in ctx["general"]}
    assert general["個人情報の取扱い"] == ["受託者は、本業務における個人情報の取扱いについて、別記「個人情報取扱特記事項」を"
                                     "遵守しなければならない。"]
    assert "令和9年4月1日から令和12年3月31日までの間" in general["履行期間"][0]
    assert [d["text"].split("　")[0] for d in ctx["definitions"]] == ["本業務", "個人情報", "事故", "管理区域", "取扱区域"]


def test_party_names_follow_the_citys_choice_everywhere():
    ctx = contract.spec(HEADER, contract.PARTIES["kouotsu"], CLAUSES, RECORDS, "契約書に定める履行期間中", True)
    text = str(ctx)
    assert "乙は、基本方針を定め、甲に提出すること。" in text
    assert "受託者" not in text and "発注者" not in text and "委託者" not in text
    assert any(d["text"].startswith("特定個人情報") for d in ctx["definitions"])
    hatchu = contract.PARTIES["hatchu"]
    assert hatchu.name("発注者は、受託者に指示する。") == "発注者は、受注者に指示する。"


def test_terms_articles_are_numbered_with_headings_and_paragraphs():
    articles = [contract.TermsArticle("基本的事項", ("受託者は、個人情報を適正に取り扱わなければならない。",)),
                contract.TermsArticle("再委託", contract.article_paragraphs(
                    None, "受託者は、再委託してはならない。", [])),
                contract.TermsArticle("事故発生時における報告", contract.article_paragraphs(
                    "受託者は、事故を発注者に報告しなければならない。", None,
                    ["受託者は、事故の原因を調査しなければならない。", "受託者は、再発防止策を講じなければならない。"]))]
    ctx = contract.terms(HEADER, ITAKU, articles)
    assert [(a["heading"], a["number"]) for a in ctx["articles"]] == [
        ("（基本的事項）", "第1条"), ("（再委託）", "第2条"), ("（事故発生時における報告）", "第3条")]
    assert ctx["articles"][1]["first"] == "受託者は、再委託してはならない。"
    assert ctx["articles"][2]["first"] == "受託者は、事故を委託者に報告しなければならない。"
    assert [(p["number"], p["text"]) for p in ctx["articles"][2]["rest"]] == [
        ("2", "受託者は、事故の原因を調査しなければならない。"), ("3", "受託者は、再発防止策を講じなければならない。")]
    assert ctx["date"] == ""  # part of the contract: no generation date in the body


def test_an_articles_otherwise_text_gives_way_to_a_controls_paragraph():
    assert contract.article_paragraphs(None, "再委託してはならない。", ["承認を得た場合に限り…"]) == ("承認を得た場合に限り…",)
    assert contract.article_paragraphs("基本", "代わり", []) == ("基本", "代わり")


def test_tender_sheet_lists_eligibility_items_by_class_and_how_answers_are_judged():
    items = [tender.TenderItem("GOV-01", "GOV", "情報管理体制", "基本方針", "must", 4, "基本方針がありますか。", "「はい」",
                               (("基本方針", True),)),
             tender.TenderItem("OPS-01", "OPS", "運用品質", "稼働率", "nice", 2, "稼働率は何%ですか。", "99.5%以上", ())]
    ctx = tender.tender(HEADER, ITAKU, ["過去5年間に3件以上の実績を有すること。"], items, {"GOV": 30, "OPS": 10})
    assert ctx["eligibility"] == [{"number": "(1)", "text": "過去5年間に3件以上の実績を有すること。"}]
    assert [(d["title"], d["points"]) for d in ctx["domains"]] == [("情報管理体制", "30点"), ("運用品質", "10点")]
    assert [(i["number"], i["klass"]) for d in ctx["domains"] for i in d["rows"]] == [(1, "必須（足切り）"), (2, "望ましい")]
    assert ctx["evidence_rows"] == [{"number": 1, "id": "GOV-01", "title": "基本方針", "evidence": "基本方針",
                                     "required": "必須"}]
    assert any("失格" in m["text"] for m in ctx["method"]) and ctx["has_points"]
    assert ctx["counts"] == "必須1項目、重要0項目、望ましい1項目"


def test_hostile_vendor_text_loses_only_what_xml_cannot_hold():
    text = '<script>&"引用"😀\x00\x01\x1b[31m'
    assert build.clean(text) == '<script>&"引用"😀[31m'
    summary = build.CandidateSummary(text, 1, "提出済", 80.0, None, False, (("情報管理体制", 80.0),),
                                     (build.Finding("GOV-01", "基本方針", "不適合", text, "must"),),
                                     (("GOV-01", "基本方針", "不適合", text),))
    ctx = build.report(HEADER, [summary], [], [(text, "回答")], ["税務 花子"], False)
    assert ctx["candidates"][0]["vendor"] == '<script>&"引用"😀[31m'
    assert ctx["vendors"][0]["must_gaps"][0]["reason"] == '<script>&"引用"😀[31m'


def test_report_splits_must_gaps_from_other_findings():
    findings = (build.Finding("GOV-01", "基本方針", "不適合", "回答「いいえ」", "must"),
                build.Finding("GOV-02", "ログ", "証跡不足", "必須の証跡がありません: 文書", "important"),
                build.Finding("GOV-03", "ISMS", "要確認", "登録番号を確認中", "must"))
    summary = build.CandidateSummary("A社", 1, "提出済", 50.0, 30.0, True, (), findings)
    vendor = build.report(HEADER, [summary], [("PHY-01", "管理区域", "庁舎内作業のため")], [], [], True)["vendors"][0]
    assert [g["id"] for g in vendor["must_gaps"]] == ["GOV-01"]
    assert [g["id"] for g in vendor["other_gaps"]] == ["GOV-02", "GOV-03"]


def test_minutes_and_checklist_format_actions_and_kpis():
    meeting = build.Meeting("定例レビュー会議", date(2026, 12, 1), "市役所 会議室A", ("市: 広報 次郎", "受託者: 山田"),
                            ("前回の指摘",), ("FAQを月次で更新する",), "議事の概要",
                            (build.Action("FAQ更新", "山田", date(2026, 12, 15), "対応中"),),
                            (build.Kpi("応答時間", "30秒以内", "25秒", "達成"), build.Kpi("一次解決率", "80%以上")),
                            number=3, starts_at="10:00")
    minutes = build.minutes(HEADER, "A社", meeting)
    assert minutes["actions"][0] == {"description": "FAQ更新", "owner": "山田", "due": "令和8年12月15日", "status": "対応中"}
    assert minutes["kpis"][0]["verdict"] == "達成" and minutes["meeting_date"] == "令和8年12月1日"
    assert minutes["kpis"][1] == {"name": "一次解決率", "target": "80%以上", "actual": "未報告", "verdict": ""}
    assert minutes["meeting_when"] == "令和8年12月1日（火）10時00分" and minutes["round_label"] == "第3回"
    assert minutes["next_meeting"] == "未定" and minutes["confirm_date"] == "令和　年　月　日"
    checklist = build.checklist(HEADER, "A社", "定例会", meeting,
                                [build.Clause("GOV-01", "GOV", "情報管理体制", "基本方針", "must", "",
                                              "基本方針が周知されているか。", frequency="every"),
                                 build.Clause("GOV-02", "GOV", "情報管理体制", "ログ", "must", "",
                                              "ログが保管されているか。", frequency="yearly")], {"GOV-01": "適合"},
                                [("GOV-02", "ログ", "証跡不足")])
    assert checklist["round_label"] == minutes["round_label"] and checklist["heading"] == "第3回　定例会"
    assert [(i["frequency"], i["last_status"], i["result"]) for i in checklist["items"]] == [
        ("毎回", "適合", "適・否・該当なし"), ("年次", "—", "適・否・該当なし")]
