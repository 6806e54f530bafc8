"""Demo: the call-center project, contracted a year ago, with its contract-start meeting, one past
review meeting (KPI figures, an overdue action item) and its yearly re-review due next week. Idempotent."""

from datetime import date, datetime

from sqlalchemy import select

from assess.audit.services import Actor
from assess.demo_vendors import _answers, _evidence, _number
from assess.extensions import db
from assess.projects.models import Project
from assess.questionnaires import services
from assess.schedule import contracts, meetings
from assess.util import clock
from assess.vendors.models import Vendor
from assess.vendors.services import create_vendor

VENDOR = ("株式会社みどりコールサービス", "010401000404", "高橋 直子", "takahashi@midori-call.example.co.jp")
ATTENDEES = "広報広聴課 広報 次郎\n株式会社みどりコールサービス 高橋 直子"
DISTRIBUTION = "広報広聴課長\n情報政策課\n株式会社みどりコールサービス"
# The call centre's figures at the routine meeting, against the catalog's defaults (応答率 90%以上,
# 放棄呼率 10%以下, 平均応答時間 30秒以内): two met, the wait missed in the busy season — what the
# minutes talk about. Figures that add up: 93.0% answered + 5.0% abandoned + 2.0% busy signals.
CALL_FIGURES = (("OPS-27", "93.0"), ("OPS-28", "5.0"), ("OPS-29", "45"))
AWARD_REASON = ("応募は1者のみであった。必須の証跡の一部が未提出のため評価上は失格となったが、回答の内容は要件を"
                "満たしており、未提出の証跡は契約開始時の確認で提出させることを条件として、選定委員会の審議を経て"
                "契約候補者とした。")


def load(project_name: str) -> list[str]:
    project = db.session.scalar(select(Project).where(Project.name == project_name))
    if project is None or contracts.contract_of(db.session, project.id) is not None:
        return []
    actor = Actor("system:demo")
    name, base, contact, email = VENDOR
    clock.set_fixed(datetime(2025, 10, 1, 0, 0))  # the procurement happened last year
    try:
        vendor = db.session.scalar(select(Vendor).where(Vendor.corporate_number == _number(base))) \
            or create_vendor(db.session, actor, name, _number(base), contact, email)
        issued = services.invite(db.session, actor, project, vendor)
        version = services.latest_version(db.session, project.id)
        services.save(db.session, issued.invitation, version.content,
                      _answers(version.content["items"], "good", project.contract_end), None)
        _evidence(issued.invitation, version.content["items"], project, "gaps")
        services.submit(db.session, issued.invitation, version, None)
        # Some required evidence was left out, so the sole bidder is 失格 on paper: the reason is recorded
        contract = contracts.create(db.session, actor, project, issued.invitation, date(2025, 12, 1),
                                    date(2028, 11, 30), 12, date(2026, 12, 1), award_reason=AWARD_REASON,
                                    approver="広報広聴課長 青木 誠")
        clock.set_fixed(datetime(2025, 11, 20, 0, 0))  # 契約開始時の確認: records before work starts
        _start_round(actor, project, contract)
    finally:
        clock.set_fixed(None)
    start = meetings.create(db.session, actor, contract, "契約開始時の確認会議", date(2025, 12, 3), "10:00",
                            "市役所本庁舎 3階 会議室B", ATTENDEES, "業務開始前の提出書類の確認\n連絡体制の確認",
                            kind="contract", author="広報 次郎", next_meeting="令和8年6月10日（水）14時",
                            distribution=DISTRIBUTION)
    meetings.save_minutes(db.session, actor, start, start.attendees, "緊急時の連絡先一覧を12月10日までに提出する",
                          "業務開始前の提出書類を確認した。", {}, [])
    meeting = meetings.create(db.session, actor, contract, "定例レビュー会議", date(2026, 6, 10), "14:00",
                              "市役所本庁舎 3階 会議室B", ATTENDEES,
                              "前回の指摘事項の確認\nKPI（SLA）の実績確認\nFAQの更新状況",
                              kind="routine", author="広報 次郎", next_meeting="令和8年9月9日（水）14時",
                              distribution=DISTRIBUTION)
    targets = meetings.kpi_targets(db.session, contract)
    shown = {t.control_id for t in targets}
    figures = {cid: value for cid, value in CALL_FIGURES if cid in shown}
    meetings.save_minutes(db.session, actor, meeting, meeting.attendees,
                          "FAQを毎月更新し、更新履歴を月次報告に添付する",
                          "繁忙期（3〜4月）の平均応答時間が目標を超えた。増員計画を次回までに提出する。",
                          figures, targets)
    meetings.add_action(db.session, actor, contract, meeting, "繁忙期の増員計画の提出", "高橋 直子", email, date(2026, 7, 31))
    return [f"デモ契約: {project.name}（{name}、再レビュー期限 令和8年12月1日）"]


def _start_round(actor: Actor, project: Project, contract) -> None:
    """Round 1, the contract-start check: the operations questions answered with the records of
    this work, submitted and completed, so later rounds start from it."""
    first = min(contract.rounds, key=lambda r: r.number)
    issued = contracts.start(db.session, actor, contract, first, date(2025, 11, 28))
    version = services.version_for(db.session, issued.invitation)
    services.save(db.session, issued.invitation, version.content,
                  _answers(version.content["items"], "good", project.contract_end), None)
    _evidence(issued.invitation, version.content["items"], project, "gaps")
    services.submit(db.session, issued.invitation, version, None)
    contracts.complete(db.session, actor, contract, first)
