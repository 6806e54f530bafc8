"""Context builders (pure): numbering, priorities, dates in 和暦 or 西暦, hostile text cleaned."""

from datetime import date

from assess.documents import context as build

HEADER = build.Header("みどり市", "住民税課税資料のデータ入力", "市民税課", date(2026, 11, 23))
CLAUSES = [
    build.Clause("GOV-01", "GOV", "情報管理体制", "基本方針", "must", "受託者は、基本方針を定めること。",
                 evidence=(("基本方針", True),), special_terms=False),
    build.Clause("GOV-02", "GOV", "情報管理体制", "ログ", "important", "ログを730日以上保管すること。",
                 evidence=(("ログ管理規程", True), ("ログの抜粋", False))),
    build.Clause("CON-03", "CON", "契約・監査", "目的外利用の禁止", "must", "目的外に利用しないこと。",
                 special_terms=True),
]


def test_kansuji():
    assert [build.kansuji(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


def test_spec_numbers_domains_and_clauses_and_marks_priority():
    ctx = build.spec(HEADER, CLAUSES, (date(2027, 4, 1), date(2030, 3, 31)))
    assert [d["number"] for d in ctx["domains"]] == ["第一", "第二"]
    first = ctx["domains"][0]["clauses"]
    assert [(c["number"], c["mark"]) for c in first] == [("(1)", "【必須】"), ("(2)", "【重要】")]
    assert first[1]["text"] == "ログを730日以上保管すること。"
    assert ctx["contract_term"] == "令和9年4月1日から令和12年3月31日まで"
    assert ctx["evidence_rows"][1]["evidence"] == "ログ管理規程（必須）／ログの抜粋（任意）"
    assert [r["id"] for r in ctx["evidence_rows"]] == ["GOV-01", "GOV-02"]
    assert ctx["date"] == "令和8年11月23日" and ctx["city"] == "みどり市"


def test_the_city_may_choose_western_dates_and_hide_priorities():
    header = build.Header("みどり市", "案件", "課", date(2026, 11, 23), "seireki")
    ctx = build.spec(header, CLAUSES, (None, None), show_priority=False)
    assert ctx["date"] == "2026年11月23日" and ctx["contract_term"] == "契約書に定める期間"
    assert ctx["domains"][0]["clauses"][0]["mark"] == ""


def test_terms_take_only_special_terms_controls_as_articles():
    ctx = build.terms(HEADER, CLAUSES)
    assert ctx["articles"] == [{"number": "第一条", "title": "目的外利用の禁止", "text": "目的外に利用しないこと。"}]


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
    meeting = build.Meeting("第3回 定例レビュー会議", date(2026, 12, 1), "市役所 会議室A", ("市: 広報 次郎", "受託者: 山田"),
                            ("前回の指摘",), ("FAQを月次で更新する",), "議事の概要",
                            (build.Action("FAQ更新", "山田", date(2026, 12, 15), "対応中"),),
                            (build.Kpi("応答時間", "30秒以内", "25秒", "達成"),))
    minutes = build.minutes(HEADER, "A社", meeting)
    assert minutes["actions"][0] == {"description": "FAQ更新", "owner": "山田", "due": "令和8年12月15日", "status": "対応中"}
    assert minutes["kpis"][0]["verdict"] == "達成" and minutes["meeting_date"] == "令和8年12月1日"
    checklist = build.checklist(HEADER, "A社", "令和8年度 第3回", meeting, CLAUSES[:1], {"GOV-01": "適合"},
                                [("GOV-02", "ログ", "証跡不足")])
    assert checklist["items"][0]["last_status"] == "適合" and checklist["items"][0]["box"] == "☐"
