"""Time to score and rank 5 candidates × 200 requirements (target: < 20 ms), against a baseline
measured in the same run: building the scorer's input dataclasses from plain rows, which a
service must do anyway.

Usage: .venv/bin/python bench/scoring.py
"""

import random
import statistics
import time
from datetime import date, timedelta

from assess.scoring.engine import compare
from assess.scoring.model import (
    AnswerIn,
    DecisionIn,
    EvidenceIn,
    ObservationIn,
    Req,
    ScoreInput,
    rank_label,
)

TODAY, DEADLINE, START, END = date(2026, 4, 1), date(2026, 4, 20), date(2026, 7, 1), date(2029, 3, 31)
DOMAINS = ("GOV", "HR", "PHY", "NET", "ACC", "LOG", "INC", "SUB", "DEV", "BCP")
# (expect form, answer type, share of requirements): mostly yes/no, as in the real catalog
FORMS = (("equals", "yes_no", 50), ("one_of", "choice", 10), ("gte", "number", 10),
         ("lte", "number", 5), ("valid_at", "date", 10), ("review", "text", 15))
CANDIDATES, REQUIREMENTS, RUNS = 5, 200, 21


def _requirement_rows(rng: random.Random) -> list[dict]:
    rows = []
    for n in range(REQUIREMENTS):
        form, kind = rng.choices([f[:2] for f in FORMS], [f[2] for f in FORMS])[0]
        expect = {"equals": "yes", "one_of": ("a", "b"), "gte": 365, "lte": 2,
                  "valid_at": rng.choice(["回答期限日", "契約開始日"])}.get(form)
        evidence = rng.choice([(), (), ("document",), ("certificate",), ("diagram", "record")])
        rows.append(dict(control_id=f"{DOMAINS[n % 10]}-{n:03d}", domain_id=DOMAINS[n % 10],
                         title=f"要件{n}", priority=rng.choice(["must", "important", "important",
                                                                "nice"]),
                         weight=rng.randint(1, 5), answer_type=kind, expect_form=form,
                         expect_value=expect, threshold_label="日数", unit="日",
                         allow_na=rng.random() < 0.1, option_labels={"a": "甲", "b": "乙", "c": "丙"},
                         required_evidence=evidence))
    return rows


def _met(row: dict) -> str:
    return {"equals": "yes", "one_of": "a", "gte": "400", "lte": "1",
            "valid_at": "2028-03-31", "review": "手順書に従い運用"}[row["expect_form"]]


def _vendor_rows(rng: random.Random, reqs: list[dict]) -> dict:
    """A vendor that meets 85–98 % of answers, uploads most evidence and is reviewed by staff."""
    answers, evidence, decisions, observations = [], [], [], []
    good = rng.uniform(0.85, 0.98)
    for row in reqs:
        cid, roll = row["control_id"], rng.random()
        value = _met(row) if roll < good else ("no" if roll < 0.99 else None)
        answers.append(dict(control_id=cid, value=value, na=row["allow_na"] and roll > 0.9))
        for kind in row["required_evidence"]:
            if rng.random() < 0.97:
                days = rng.randint(-400, 900)
                until = END + timedelta(days) if kind == "certificate" else None
                evidence.append(dict(control_id=cid, kind=kind, valid_until=until))
        if row["expect_form"] == "review" and rng.random() < 0.8:
            decisions.append(dict(control_id=cid, decision=rng.choice(["accept"] * 8 + ["query"])))
        elif rng.random() < 0.05:
            decisions.append(dict(control_id=cid, decision=rng.choice(["accept", "reject"])))
        if rng.random() < 0.1:
            result = rng.choice(["confirmed", "unconfirmed"])
            observations.append(dict(control_id=cid, result=result, note="記録なし"))
    return dict(answers=answers, evidence=evidence, decisions=decisions, observations=observations)


def _build(reqs: list[dict], vendors: dict[str, dict]) -> dict[str, ScoreInput]:
    requirements = tuple(Req(**r) for r in reqs)
    return {key: ScoreInput(requirements,
                            tuple(AnswerIn(**a) for a in v["answers"]),
                            tuple(EvidenceIn(**e) for e in v["evidence"]),
                            tuple(DecisionIn(**d) for d in v["decisions"]),
                            tuple(ObservationIn(**o) for o in v["observations"]),
                            answer_deadline=DEADLINE, contract_start=START, today=TODAY)
            for key, v in vendors.items()}


def _median_ms(fn) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    rng = random.Random(7)
    reqs = _requirement_rows(rng)
    vendors = {f"vendor{i}": _vendor_rows(rng, reqs) for i in range(CANDIDATES)}
    inputs = _build(reqs, vendors)
    base = _median_ms(lambda: _build(reqs, vendors))
    whole = _median_ms(lambda: compare(inputs))
    ranked = compare(inputs)
    print(f"{CANDIDATES} candidates × {REQUIREMENTS} requirements, median of {RUNS} runs")
    print("  " + ", ".join(f"{r.vendor_key}: {rank_label(r.rank, r.unranked)} {r.result.overall}"
                           for r in ranked))
    print(f"baseline  build the input dataclasses : {base:7.2f} ms")
    print(f"score + rank (compare)                : {whole:7.2f} ms  "
          f"({whole / base:.1f}x baseline)")
    print(f"target < 20 ms                        : {'met' if whole < 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
