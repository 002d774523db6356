#!/usr/bin/env python3
"""Writes a large synthetic decree (for the checker benchmark): N articles, each with clauses,
points, definitions, conditions, exclusions and exceptions, importing the standard library."""
import sys

articles = int(sys.argv[1]) if len(sys.argv) > 1 else 250
out = sys.stdout
out.write('decree "Synthetic benchmark decree"\n  signed 2025-07-03\n\n')
out.write("import vn/case_record\nimport vn/blhs_2015 as blhs\nimport vn/luat_dac_xa_2018 as luat\nimport vn/dac_xa_chung as chung\n\n")
out.write("input case : case_record\n\n")
for name, value in [("served_fraction", "1/3"), ("served_life_commuted", "14 years"),
                    ("serious_served_fraction", "1/2"), ("serious_served_life_commuted", "17 years"),
                    ("special_served_fraction", "1/4"), ("special_served_life_commuted", "12 years")]:
    out.write(f"set luat.{name} = {value}\n")
out.write("\nparameter cutoff : date = 2025-08-31\n\n")
for a in range(1, articles + 1):
    out.write(f'article {a} "Điều kiện số {a}"\n')
    out.write(f"  definition served_{a} : duration = chung.time_served(case.custody, cutoff)\n")
    out.write(f"  definition heavy_{a} : bool =\n")
    out.write(f"    any o in case.offences: blhs.article_of(o) in blhs.chapter_xiv and o.term >= {a % 20 + 1} years\n")
    out.write("  clause 1\n")
    out.write('    text "Người đang chấp hành án phạt tù phải có đủ các điều kiện sau đây:"\n')
    out.write("    applies when case.status = serving\n")
    out.write("    point a\n")
    out.write('      text "Đã chấp hành án phạt tù ít nhất là một phần ba thời gian."\n')
    out.write(f"      requires served_{a} >= luat.served_fraction of case.sentence.term\n")
    out.write("    point b\n")
    out.write('      text "Có nhiều tiến bộ, được xếp loại khá hoặc tốt."\n')
    out.write("      requires all q in case.conduct.quarters: q.grade = good or q.grade = fair\n")
    out.write("  clause 2\n")
    out.write('    text "Trường hợp đặc biệt."\n')
    out.write("    exception to clause 1 point a\n")
    out.write("      when case.special.serious_illness or case.special.great_merit\n")
    out.write(f"      requires served_{a} >= luat.special_served_fraction of case.sentence.term\n")
    out.write("  clause 3\n")
    out.write('    text "Không được đề nghị đặc xá."\n')
    out.write(f"    excludes when heavy_{a} and case.history.prior_convictions >= {a % 3 + 1}\n")
    out.write("      unless case.special.great_merit\n\n")
# The Law's own exclusions (Art. 12(1)-(5)), which every round must keep.
out.write(f'article {articles + 1} "Các trường hợp không được đề nghị đặc xá"\n')
for k, name in enumerate(["convicted_of_excluded_crime", "protest_pending", "prosecuted_for_other_crime",
                          "previously_amnestied", "two_or_more_prior_convictions"], start=1):
    out.write(f'  clause {k}\n    text "Điều 12 khoản {k} Luật Đặc xá."\n    excludes when luat.{name}\n')
