#!/usr/bin/python3
"""Print the figures of an ecat report workbook as JSON (tests/api/test_report.c).

Sheet order: cover, indicators, audience, monthly, by kind, by municipality,
materials distributed, business engagement, agreements, [budget], map.  Read with openpyxl: numbers must be numbers, dates dates.
"""
import datetime
import json
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets
out = {"sheets": wb.sheetnames}
cover = ws[0]
out["period_is_date"] = any(isinstance(c.value, datetime.datetime)
                            for row in cover.iter_rows() for c in row)
out["indicators"] = {r[0]: r[2] for r in ws[1].iter_rows(min_row=3, values_only=True) if r[0]}
out["audience"] = {r[0]: r[1] for r in ws[2].iter_rows(min_row=3, values_only=True) if r[0]}
monthly = [r for r in ws[3].iter_rows(min_row=3, values_only=True) if r[0]]
out["activities"] = sum(r[1] for r in monthly)
out["headcount"] = sum(r[2] for r in monthly)
out["charts"] = len(ws[3]._charts)
kinds = [r for r in ws[4].iter_rows(min_row=3, values_only=True) if r[0]]
out["institutions"] = kinds[-1][1]
budget = [w for w in ws if "Budget" in w.title]
if budget:
    b = budget[0]
    out["money_format"] = b.cell(row=3, column=2).number_format
    out["money_is_number"] = isinstance(b.cell(row=3, column=2).value, (int, float))


def sheet(title):
    """The sheet of a section by its English title (sheets are numbered "6 Title")."""
    for w in ws:
        if w.title.split(" ", 1)[-1] == title:
            return w
    return None


# Found by their English titles (the test asks for lang=en).
mat = sheet("Materials distributed")
if mat:
    head = [c.value for c in mat[2]]
    rows = [r for r in mat.iter_rows(min_row=3, values_only=True) if r[0]]
    out["materials_total"] = dict(zip(head[1:], rows[-1][1:]))
    out["materials"] = {r[0]: r[-1] for r in rows[:-1]}
eng = sheet("Business engagement")
if eng:
    out["stages"] = {r[0]: r[1] for r in eng.iter_rows(min_row=3, values_only=True) if r[0]}
agr = sheet("Agreements")
if agr:
    head = [c.value for c in agr[2]]
    out["agreements"] = {r[0]: dict(zip(head[1:], r[1:]))
                         for r in agr.iter_rows(min_row=3, values_only=True) if r[0]}
print(json.dumps(out))
