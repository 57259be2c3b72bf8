#!/usr/bin/env python3
"""Build src/laocu_kg/data/division_changes.tsv: former names of divisions (偃师市 → 偃师区 in 2021, 襄樊市 →
襄阳市 in 2010), so reports written before a change still resolve.

Usage (from the repository root)::

    python tools/build_division_changes.py /path/to/china_location_change.txt > src/laocu_kg/data/division_changes.tsv

``china_location_change.txt`` is in ``jionlp/dictionary/`` of the jionlp 1.5.31 wheel (Apache-2.0,
https://github.com/dongrixinyu/JioNLP): one change per line, ``date  authority  old province, short, prefecture,
short[, county, short]=>new province  prefecture[  county]``. The successor is looked up by name under its new
parent in ``divisions.tsv``; a former name that is still the name of some division is left out (it needs no entry).
"""

import csv
import sys
from pathlib import Path

DIVISIONS = Path(__file__).resolve().parent.parent / "src" / "laocu_kg" / "data" / "divisions.tsv"


def main(path: str) -> None:
    rows = [r for r in csv.DictReader((ln for ln in DIVISIONS.open(encoding="utf-8") if not ln.startswith("#")),
                                      delimiter="\t")]
    by_name_parent = {(r["name"], r["parent_code"]): r for r in rows if r["level"] != "township"}
    by_name = {r["name"] for r in rows}
    provinces = {r["name"]: r for r in rows if r["level"] == "province"}
    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if "=>" not in line:
            continue
        left, right = line.split("=>")
        f = left.split("\t")
        date, old = f[0], f[2:]
        new = right.split("\t")
        old_name, old_short = (old[4], old[5].split("=")[0]) if len(old) >= 6 else (old[2], old[3])
        level = "county" if len(old) >= 6 else "prefecture"
        prov = provinces.get(new[0])
        if prov is None or old_name in by_name:
            continue
        if level == "prefecture":
            succ = by_name_parent.get((new[1], prov["code"]))
            parent = prov["code"]
        else:
            pref = by_name_parent.get((new[1], prov["code"]))
            parent = pref["code"] if pref else prov["code"]
            succ = by_name_parent.get((new[2], parent))
        if succ is None:
            continue
        short = old_short if old_short and old_short != old_name else ""
        out[(old_name, parent)] = (succ["code"], old_name, short, level, parent, date)
    w = sys.stdout
    w.write("# Former names of administrative divisions and the division that succeeded each.\n")
    w.write("# Source: jionlp 1.5.31 dictionary/china_location_change.txt (Apache-2.0), built by "
            "tools/build_division_changes.py.\n")
    w.write("successor_code\tname\tshort\tlevel\tparent_code\tchanged\n")
    for row in sorted(out.values()):
        w.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
