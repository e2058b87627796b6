#!/usr/bin/python3
"""Print the figures of an ecat report workbook as JSON (tests/api/test_report.c).

Sheet order: cover, indicators, audience, monthly, by kind, by municipality,
materials distributed, business engagement, agreements, cases, [budget], map.
Read with openpyxl: numbers must be numbers, dates dates.  The report prints
value labels, not the API's codes: they are read back to codes through the
web's English words (web/i18n/en.json) where the web has them, else through
the English words below; a label that is neither fails.  The sections found
by title expect a report in English (lang=en).
"""
import datetime
import json
import os
import sys

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "..", "web", "i18n", "en.json"), encoding="utf-8") as f:
    WEB = json.load(f)
CODES = {}
for key, text in WEB.items():
    prefix, _, code = key.partition(".")
    if prefix in ("kind", "audience", "gender"):
        CODES[text] = code
# The report's own words for codes the web does not label yet.
CODES.update({"Pupils": "pupils",
              "Contacted": "contacted", "Met": "met", "Committed": "committed",
              "Trained": "trained", "Active": "active", "Declined": "declined",
              "Pledge": "pledge", "Code of conduct": "code_of_conduct",
              "Memorandum": "memorandum", "Data sharing": "data_sharing",
              "Draft": "draft", "Signed": "signed", "Expired": "expired",
              "Withdrawn": "withdrawn",
              "Film": "film", "Leaflet": "leaflet", "Poster": "poster",
              "Presentation": "presentation", "Lesson plan": "lesson_plan",
              "Booklet": "booklet", "Other": "other"})
KEEP = ("Total",)


def code(label):
    """The API code of a printed label; "Total" as it is; anything else fails."""
    if label in KEEP:
        return label
    if label not in CODES:
        sys.exit("not a known label: %r" % (label,))
    return CODES[label]

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets
out = {"sheets": wb.sheetnames}
cover = ws[0]
out["period_is_date"] = any(isinstance(c.value, datetime.datetime)
                            for row in cover.iter_rows() for c in row)
out["indicators"] = {r[0]: r[2] for r in ws[1].iter_rows(min_row=3, values_only=True) if r[0]}
out["audience"] = {code(r[0]): r[1]
                   for r in ws[2].iter_rows(min_row=3, values_only=True) if r[0]}
monthly = [r for r in ws[3].iter_rows(min_row=3, values_only=True) if r[0]]
out["activities"] = sum(r[1] for r in monthly)
out["headcount"] = sum(r[2] for r in monthly)
out["charts"] = len(ws[3]._charts)
kinds = [r for r in ws[4].iter_rows(min_row=3, values_only=True) if r[0]]
out["institutions"] = kinds[-1][1]
out["kinds"] = {code(r[0]): r[1] for r in kinds}
budget = [w for w in ws if "Budget" in w.title]
if budget:
    b = budget[0]
    out["money_format"] = b.cell(row=3, column=2).number_format
    out["money_is_number"] = isinstance(b.cell(row=3, column=2).value, (int, float))


def sheet(title):
    """The sheet of a section by its English title (sheets are numbered "6 Title",
    the title cut to fit a sheet name)."""
    for w in ws:
        name = w.title.split(" ", 1)[-1]
        if name == title or (len(name) >= 20 and title.startswith(name)):
            return w
    return None


# Found by their English titles (the test asks for lang=en).
mat = sheet("Materials distributed")
if mat:
    head = [c.value for c in mat[2]]
    rows = [r for r in mat.iter_rows(min_row=3, values_only=True) if r[0]]
    out["materials_total"] = dict(zip((code(h) for h in head[1:]), rows[-1][1:]))
    # "Title (Kind)": the title, and the kind read back to its code
    out["materials"] = {r[0].rsplit(" (", 1)[0]: r[-1] for r in rows[:-1]}
    out["material_kinds"] = {r[0].rsplit(" (", 1)[0]: code(r[0].rsplit(" (", 1)[1][:-1])
                             for r in rows[:-1]}
eng = sheet("Business engagement")
if eng:
    out["stages"] = {code(r[0]): r[1]
                     for r in eng.iter_rows(min_row=3, values_only=True) if r[0]}
agr = sheet("Agreements")
if agr:
    head = [c.value for c in agr[2]]
    out["agreements"] = {code(r[0]): dict(zip((code(h) for h in head[1:]), r[1:]))
                         for r in agr.iter_rows(min_row=3, values_only=True) if r[0]}
# The case table: age bands by gender, a suppressed count an empty cell (null
# here), every published one a number; or only the note saying it is not included.
cas = sheet("Cases identified, by age and gender")
if cas:
    head = [c.value for c in cas[2]]
    cells = {}
    numbers = []
    for r in cas.iter_rows(min_row=3, values_only=True):
        if r[0] is None:
            continue
        if r[0][0].isdigit() or r[0] == "Total":
            cells[r[0]] = dict(zip((code(h) for h in head[1:]), r[1:len(head)]))
            numbers += [v for v in r[1:] if v is not None]
        else:
            out["cases_note"] = r[0]
    if not cells:
        out["cases_note"] = cas.cell(row=2, column=1).value
    out["cases"] = cells
    out["cases_all_numbers"] = all(isinstance(v, (int, float)) for v in numbers)
print(json.dumps(out))
