#!/usr/bin/env python3
"""The funder report speaks the screens' words.

  scripts/check-labels.py [ROOT]

Reads the value labels of the report (the labels[] table of
src/report/strings.c) and the web interface's words (web/i18n/{en,lt,it}.json)
and fails, naming each difference, when a value code the report prints is
worded otherwise by a screen that shows the same value set, in any language,
or when a report label has no counterpart on the screens at all.  Prints
"N passed, N failed" (one check per report label).
"""
import json
import re
import sys
from pathlib import Path

LANGS = ("en", "lt", "it")
# The web's value sets that the report prints, by key prefix.
SETS = (
    "kind.",  # organisation kinds
    "audience.",  # activity audiences
    "material.audience.",
    "gender.",
    "material.kind.",
    "pipeline.stage.",
    "agreement.kind.",
    "agreement.status.",
    "business.kind.",  # the business's page lists its agreements
    "business.status.",
)
LABEL = re.compile(r'\{"([a-z_]+)",\s*\{"([^"]*)",\s*"([^"]*)",\s*"([^"]*)"\}\}')


def main(root):
    src = (root / "src/report/strings.c").read_text(encoding="utf-8")
    table = src[src.index("labels[] = {") :]
    table = table[: table.index("};")]
    labels = {m.group(1): m.group(2, 3, 4) for m in LABEL.finditer(table)}
    if not labels:
        print("check-labels: no labels[] table in src/report/strings.c")
        print("0 passed, 1 failed")
        return 1
    web = {l: json.loads((root / f"web/i18n/{l}.json").read_text(encoding="utf-8")) for l in LANGS}
    passed = failed = 0
    for code, words in sorted(labels.items()):
        problems = []
        seen = False
        for prefix in SETS:
            key = prefix + code
            if key not in web["en"]:
                continue
            seen = True
            for i, lang in enumerate(LANGS):
                screen = web[lang].get(key)
                if screen != words[i]:
                    problems.append(f"{lang}: the report says {words[i]!r}, {key} says {screen!r}")
        if not seen:
            problems.append("no screen words this value (none of " + ", ".join(p + code for p in SETS[:3]) + ", ...)")
        if problems:
            failed += 1
            for p in problems:
                print(f"check-labels: {code}: {p}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
