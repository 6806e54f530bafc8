"""Context builders (pure): numbering, priorities, dates in 和暦 or 西暦, hostile text cleaned."""

from datetime import date

from assess.documents import context as build
from assess.documents import contract, disclosure, report, tender

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


METHOD = report.Method("要件カタログ 2026.1版（abc）", (("必須", 2), ("重要", 1)))
DOMAINS = [("GOV", "情報管理体制"), ("PHY", "物理的セキュリティ")]


def candidate(key, vendor, rank="1位", verdict="通過", findings=(), **more):
    return report.Candidate(key, vendor, rank, verdict, 80.0, more.pop("points", None),
                            more.pop("scores", {"GOV": (80.0, None), "PHY": (70.0, None)}), findings, **more)


def build_report(candidates, committee=None, options=None, **more):
    return report.report(HEADER, ITAKU, more.pop("method", METHOD), DOMAINS, candidates,
                         committee or report.Committee(), more.pop("questions", []), more.pop("reviewers", []),
                         ["起案者", "係長", "課長"], options or report.Options(), **more)


def test_hostile_vendor_text_loses_only_what_xml_cannot_hold():
    text = '<script>&"引用"😀\x00\x01\x1b[31m'
    assert build.clean(text) == '<script>&"引用"😀[31m'
    summary = candidate(1, text, findings=(report.Finding("GOV-01", "基本方針", "不適合", text, "must"),),
                        comments=(report.StaffComment("GOV-01", "基本方針", "不適合", text),))
    ctx = build_report([summary], questions=[(text, "回答")], reviewers=["税務 花子"])
    assert ctx["candidates"][0]["vendor"] == '<script>&"引用"😀[31m'
    assert ctx["vendors"][0]["must_gaps"][0]["reason"] == '<script>&"引用"😀[31m'
    assert ctx["matrix"]["vendors"] == ['<script>&"引用"😀[31m']


def test_report_splits_must_gaps_from_other_findings():
    findings = (report.Finding("GOV-01", "基本方針", "不適合", "回答「いいえ」", "must"),
                report.Finding("GOV-02", "ログ", "証跡不足", "必須の証跡がありません: 文書", "important"),
                report.Finding("GOV-03", "ISMS", "要確認", "登録番号を確認中", "must"))
    method = report.Method("要件カタログ", (), removed=(("PHY-01", "管理区域", "庁舎内作業のため"),))
    ctx = build_report([candidate(1, "A社", verdict="失格（必須要件の不適合）", findings=findings)], method=method)
    vendor = ctx["vendors"][0]
    assert [g["id"] for g in vendor["must_gaps"]] == ["GOV-01"]
    assert [g["id"] for g in vendor["other_gaps"]] == ["GOV-02", "GOV-03"]
    assert not vendor["no_findings"]
    assert ctx["method"]["removed"] == [{"id": "PHY-01", "title": "管理区域", "reason": "庁舎内作業のため"}]


def test_sections_without_content_are_left_out_and_numbers_close_up():
    ctx = build_report([candidate(1, "株式会社みどり")])
    assert ctx["sections"] == {"overview": "1", "method": "2", "results": "3", "domains": "4", "findings": "5",
                               "approval": "6"}
    assert [r["label"] for r in ctx["overview"]] == ["案件名", "評価対象", "要件カタログ"]  # nothing blank
    committee = report.Committee(date(2027, 2, 1), date(2027, 2, 15), date(2027, 2, 15),
                                 (report.Member("緑川 誠", "委員長"),), conclusion="結論の文。")
    ctx = build_report([candidate(1, "株式会社みどり")], committee, questions=[("質問", "回答")])
    assert list(ctx["sections"]) == ["overview", "method", "results", "domains", "findings", "qa", "committee",
                                     "conclusion", "approval"]
    assert {"label": "評価期間", "value": "令和9年2月1日から令和9年2月15日まで"} in ctx["overview"]


def test_points_appear_only_when_set():
    plain = build_report([candidate(1, "A")])
    assert not plain["has_points"] and plain["matrix"]["rows"][0] == {"domain": "情報管理体制", "scores": ["80.0"]}
    method = report.Method("要件カタログ", (), points=(("情報管理体制", 20), ("物理的セキュリティ", 10)))
    pointed = build_report([candidate(1, "A", points=30.0, scores={"GOV": (80.0, 16.0), "PHY": (70.0, 7.0)})],
                           method=method)
    assert pointed["has_points"] and pointed["candidates"][0]["points"] == "30.0"
    assert pointed["matrix"]["rows"][0] == {"domain": "情報管理体制（配点 20点）", "scores": ["80.0（16.0点）"]}
    assert any("分野ごとの得点" in line["text"] for line in pointed["method"]["lines"])
    assert not any("分野ごとの得点" in line["text"] for line in plain["method"]["lines"])


def test_the_public_version_names_only_the_chosen_bidder_and_masks_withheld_answers():
    winner = candidate(1, "株式会社みどりデータサービス", contact="山田 一郎", eligible=True,
                       committee_comment="東日本事務センターより優れている。")
    loser = candidate(2, "東日本事務センター株式会社", "2位", contact="佐藤 花子", findings=(
        report.Finding("GOV-01", "基本方針", "不適合", "回答 365日（基準 730日以上）", "must",
                       "サーバ室の配置が分かるため"),),
        comments=(report.StaffComment("GOV-01", "基本方針", "不適合", "365日では足りない", "サーバ室の配置が分かるため"),),
        committee_comment="佐藤 花子氏の説明は不十分。")
    third = candidate(3, "株式会社さくらBPO", "3位")
    committee = report.Committee(chosen=1, conclusion="株式会社みどりデータサービスを契約候補者として選定することが適当である。")
    args = ([winner, loser, third], committee)
    ctx = build_report(*args, report.Options(public=True), questions=[("東日本事務センターの質問", "回答")])
    assert [c["vendor"] for c in ctx["candidates"]] == ["株式会社みどりデータサービス", "A社", "B社"]
    assert ctx["matrix"]["vendors"] == ["株式会社みどりデータサービス", "A社", "B社"]
    assert [name for name, _s in ctx["radar_series"]] == ["株式会社みどりデータサービス", "A社", "B社"]
    assert ctx["vendors"][1]["must_gaps"][0]["reason"] == "■■■（非開示: セキュリティ上の支障）"
    assert ctx["vendors"][1]["comments"] == []  # staff comments only when asked for
    assert ctx["committee"]["comments"][0]["text"] == "A社より優れている。"
    assert ctx["committee"]["comments"][1]["text"] == "A社担当者氏の説明は不十分。"
    assert ctx["questions"][0]["question"] == "A社の質問"
    assert ctx["title"] == "評価結果報告書（公開版）" and ctx["conclusion"].startswith("株式会社みどりデータサービスを")
    with_comments = build_report(*args, report.Options(public=True, staff_comments=True))
    assert with_comments["vendors"][1]["comments"][0]["comment"] == "■■■（非開示: セキュリティ上の支障）"
    full = build_report(*args)
    assert full["vendors"][1]["must_gaps"][0]["reason"] == "回答 365日（基準 730日以上）"
    assert full["vendors"][1]["comments"][0]["comment"] == "365日では足りない"


def test_without_a_choice_the_first_eligible_bidder_is_named():
    ctx = build_report([candidate(1, "失格の会社"), candidate(2, "通過の会社", eligible=True)],
                       options=report.Options(public=True))
    assert [c["vendor"] for c in ctx["candidates"]] == ["A社", "通過の会社"]


def test_names_never_cut_a_kept_name_apart_and_short_names_are_found_too():
    names = disclosure.Names({"東日本事務センター株式会社": "A社", "みどり": "B社"}, ("株式会社みどりデータサービス",))
    assert names("株式会社みどりデータサービスと東日本事務センターとみどり") == "株式会社みどりデータサービスとA社とB社"
    assert [disclosure.alias(n) for n in (0, 1, 25, 26)] == ["A社", "B社", "Z社", "AA社"]


def test_withheld_reasons_fall_into_categories():
    assert disclosure.category("ネットワーク構成が分かるため") == disclosure.SECURITY
    assert disclosure.category("従業員の氏名が含まれるため") == disclosure.PERSONAL
    assert disclosure.category("当社のノウハウのため") == disclosure.CORPORATE
    assert disclosure.mask("") == "■■■（非開示: 法人等の権利・競争上の地位を害するおそれ）"


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
