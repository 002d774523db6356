#!/usr/bin/env python3
"""Realistic case records (the format of shared/spec/case-record.md) for reports and benchmarks.

  gen_cases.py -n 100000 --seed 1 -o build/roster.jsonl [--cutoff 2025-08-31] [--missing 0.03]

Deterministic for a seed; a smaller -n gives a prefix of a larger one. The mix: mostly fixed-term
prisoners serving their sentence, some suspended sentences and commuted life sentences; offences
drawn from the Criminal Code articles that amnesty rounds meet most (theft, fraud, drugs, injury,
robbery, murder, corruption, and a few national-security or terrorism cases); custody from arrest
to the cut-off, sometimes with bail; quarterly conduct grades; fines, court fees and civil
obligations; the special cases and history flags at realistic rates; and a share of records
with a missing fact, so that some verdicts are undetermined."""
import argparse, datetime as dt, json, random, sys

OFFENCES = [  # article, weight, typical term range in years, intentional
    (173, 30, (1, 7), True), (174, 10, (1, 12), True), (249, 8, (1, 10), True),
    (251, 10, (2, 20), True), (250, 3, (2, 15), True), (134, 10, (1, 10), True),
    (168, 6, (3, 18), True), (171, 4, (1, 8), True), (123, 3, (8, 20), True),
    (260, 4, (1, 5), False), (353, 2, (2, 20), True), (355, 1, (2, 15), True),
    (141, 2, (3, 15), True), (150, 1, (5, 15), True), (330, 3, (1, 5), True),
    (299, 0.3, (5, 20), True), (113, 0.2, (5, 20), True), (109, 0.2, (5, 20), True),
]
FIRST = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc"]
LAST = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Sơn", "Tâm", "Tuấn"]


DRUG_DOCUMENTS = [["judgment"], ["medical_test"], ["own_statement"], ["health_check", "other_document"]]


def iso(d):
    return d.isoformat()


def record(i, rng, cutoff, missing_rate):
    kind = rng.choices(["fixed_term", "life_commuted", "life"], [93, 6, 1])[0]
    art, _, (lo, hi), intentional = rng.choices(OFFENCES, [o[1] for o in OFFENCES])[0]
    years = rng.randint(lo, hi) if kind == "fixed_term" else rng.choice([20, 25, 30])
    months = rng.choice([0, 0, 0, 3, 6, 9]) if kind == "fixed_term" else 0
    served_days = int((years * 365 + months * 30) * rng.uniform(0.15, 0.95)) if kind == "fixed_term" else rng.randint(4000, 7000)
    arrested = cutoff - dt.timedelta(days=served_days)
    sentenced = arrested + dt.timedelta(days=rng.randint(60, 400))
    status = "suspended" if rng.random() < 0.02 else "serving"
    custody = [{"kind": "detention", "from": iso(arrested), "to": iso(min(sentenced, cutoff))},
               {"kind": "prison", "from": iso(min(sentenced, cutoff)), "to": None}]
    if rng.random() < 0.08:  # released on bail for a while before the trial
        gap = rng.randint(30, 200)
        custody[0]["to"] = iso(arrested + dt.timedelta(days=20))
        custody[1]["from"] = iso(min(arrested + dt.timedelta(days=20 + gap), cutoff))
    offences = [{"law": "BLHS2015", "article": art, "clause": rng.randint(1, 3), "points": [],
                 "committed_on": iso(arrested - dt.timedelta(days=rng.randint(1, 300))),
                 "intentional": intentional, "term": {"years": years, "months": months},
                 "repeated": rng.random() < 0.1, "victims": rng.choice([1, 1, 1, 2]), "weapon": art == 168 and rng.random() < 0.3}]
    if art == 168 and offences[0]["clause"] == 2 and rng.random() < 0.4:
        offences[0]["points"] = ["d"]  # the court applied BLHS 168(2)(d)
    if rng.random() < 0.12:
        art2, _, (lo2, hi2), int2 = rng.choices(OFFENCES[:10], [o[1] for o in OFFENCES[:10]])[0]
        offences.append({"law": "BLHS2015", "article": art2, "clause": 1, "points": [],
                         "committed_on": offences[0]["committed_on"], "intentional": int2,
                         "term": {"years": rng.randint(lo2, hi2)}, "repeated": False, "victims": 1, "weapon": False})
    quarters = []
    q_total = max(0, min(40, served_days // 91 - 1))
    bad = rng.random() < 0.12
    for k in range(q_total):
        y, q = 2025 - (k + 2) // 4, 4 - (k + 2) % 4
        grade = rng.choices(["good", "fair", "average", "poor"], [55, 40, 4, 1] if not bad else [30, 30, 30, 10])[0]
        quarters.append({"year": y, "quarter": q, "grade": grade})
    fine = rng.choice([0, 0, 5_000_000, 10_000_000, 20_000_000, 50_000_000])
    civil_amount = rng.choice([0, 0, 0, 10_000_000, 35_000_000, 120_000_000])
    civil_paid = civil_amount if rng.random() < 0.6 else rng.randint(0, civil_amount) if civil_amount else 0
    birth = arrested - dt.timedelta(days=int(365.25 * rng.triangular(16, 68, 27)) + rng.randint(0, 364))
    cert = iso(cutoff - dt.timedelta(days=rng.randint(20, 260)))
    ill = rng.random() < 0.015
    returned = rng.random() < 0.01  # back from a suspension or compulsory treatment
    r = {
        "id": f"XL-{arrested.year}-{i:07d}",
        "name": f"{rng.choice(FIRST)} {rng.choice(MIDDLE)} {rng.choice(LAST)}",
        "birth_date": iso(birth), "sex": rng.choices(["male", "female"], [90, 10])[0], "status": status,
        "sentence": {"kind": kind, "term": {"years": years, "months": months},
                     "commuted_on": iso(arrested + dt.timedelta(days=365 * 12)) if kind == "life_commuted" else None},
        "offences": offences, "custody": custody,
        "reductions": [{"decided_on": iso(sentenced + dt.timedelta(days=365 * (k + 1))), "amount": {"months": rng.choice([3, 6, 9, 12])}}
                       for k in range(min(4, served_days // 400)) if rng.random() < 0.5],
        "conduct": {"quarters": quarters, "since_last_quarter": rng.choices(["good", "fair", "average"], [60, 35, 5])[0],
                    "returned_after_absence": returned, "law_abiding_while_away": True if status == "suspended" or returned else None},
        "obligations": {"fine": {"amount": str(fine), "paid": str(fine if rng.random() < 0.9 else 0), "exempted": False},
                        "court_fee": {"amount": "200000", "paid": "200000" if rng.random() < 0.95 else "0", "exempted": False},
                        "civil": ([{"kind": "compensation", "amount": str(civil_amount), "paid": str(civil_paid),
                                    "state_property": rng.random() < 0.2, "unable_to_pay_decision": civil_paid < civil_amount and rng.random() < 0.5,
                                    "creditor_consent": rng.random() < 0.5, "enforcement_terminated": rng.random() < 0.05,
                                    "creditor_waiver": rng.random() < 0.05, "owed_by_parents": False}] if civil_amount else [])},
        "special": {"great_merit": rng.random() < 0.01, "revolutionary_merit": rng.random() < 0.005,
                    "martyr_relative": rng.random() < 0.005, "serious_illness": ill, "frequent_illness_no_self_care": False,
                    "pregnant": False, "child_under_36_months": False, "severe_disability": rng.random() < 0.005, "impaired_capacity": False,
                    "only_labourer_in_hardship": rng.random() < 0.01, "medical_certificate_on": cert if ill else None},
        "history": {"previously_amnestied": rng.random() < 0.03, "prior_convictions": rng.choices([0, 1, 2, 3], [80, 14, 4, 2])[0],
                    "dangerous_recidivism": rng.random() < 0.02, "prosecuted_for_other_crime": rng.random() < 0.01,
                    "protest_pending": rng.random() < 0.005,
                    "drug_use_documents": rng.choice(DRUG_DOCUMENTS) if rng.random() < 0.04 else []},
        "security_risk": rng.random() < 0.02,
        "council_meeting_on": iso(cutoff - dt.timedelta(days=rng.randint(30, 45))),
    }
    if rng.random() < missing_rate:  # a fact the prison's export lacks
        path = rng.choice([("security_risk",), ("obligations", "fine"), ("history", "drug_use_documents"),
                           ("conduct", "since_last_quarter"), ("special", "serious_illness")])
        target = r
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cutoff", default="2025-08-31")
    ap.add_argument("--missing", type=float, default=0.03)
    ap.add_argument("-o", default="-")
    a = ap.parse_args()
    cutoff = dt.date.fromisoformat(a.cutoff)
    out = sys.stdout if a.o == "-" else open(a.o, "w", encoding="utf-8")
    rng = random.Random(a.seed)
    for i in range(1, a.n + 1):
        out.write(json.dumps(record(i, rng, cutoff, a.missing), ensure_ascii=False, separators=(",", ":")) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
