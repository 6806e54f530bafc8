"""Rendering the 仕様書 for 150 requirements: our whole path (context builder + sandboxed,
autoescaped docxtpl) against docxtpl's own render of the same template with a precomputed
context, measured in the same run. Targets: ≤ 1.5× the baseline and < 0.5 s.

Usage: .venv/bin/python bench/documents.py [--requirements 150]
"""

import argparse
import io
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess.documents import context as build  # noqa: E402
from assess.documents import contract as docs  # noqa: E402
from assess.documents.render import render  # noqa: E402

TEMPLATE = ROOT / "templates" / "spec.docx"


def clauses(size: int) -> list[docs.SpecClause]:
    domains = [("GOV", "情報管理体制"), ("PHY", "物理的セキュリティ"), ("NET", "通信環境"), ("INC", "インシデント対応"),
               ("SUB", "再委託・委託先管理"), ("HR", "人的セキュリティ"), ("CON", "契約・監査"), ("OPS", "運用品質")]
    out = []
    for n in range(size):
        d_id, d_title = domains[n % len(domains)]
        out.append(docs.SpecClause(d_id, d_title, f"受託者は、本業務に係る情報システムのアクセスログを取得し、"
                                   f"{365 + n}日以上保管するとともに、発注者の求めに応じて速やかに提出すること。"))
    return sorted(out, key=lambda c: [d for d, _ in domains].index(c.domain_id))


def median_ms(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requirements", type=int, default=150)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    header = build.Header("みどり市", "住民税課税資料のデータ入力業務委託", "市民税課", date(2026, 11, 23))
    items = clauses(args.requirements)
    records = [docs.Record(f"報告書{n}", "monthly", f"OPS-{n:03d}", f"要件{n}") for n in range(args.requirements // 5)]
    term = "令和9年4月1日から令和12年3月31日までの間"

    def context():
        return docs.spec(header, docs.PARTIES["itaku"], items, records, term, True)

    precomputed = context()

    def baseline():
        template = DocxTemplate(str(TEMPLATE))
        template.render(precomputed)
        template.save(io.BytesIO())

    def ours():
        render(TEMPLATE, context())

    base, full = median_ms(baseline, args.runs), median_ms(ours, args.runs)
    print(f"仕様書, {args.requirements} requirements, median of {args.runs} runs")
    print(f"docxtpl render, precomputed context (baseline): {base:7.1f} ms")
    print(f"context builder + sandboxed autoescaped render : {full:7.1f} ms  ({full / base:.2f}x)")
    print(f"targets ≤ 1.5x and < 500 ms                    : {'met' if full / base <= 1.5 and full < 500 else 'NOT met'}")


if __name__ == "__main__":
    main()
