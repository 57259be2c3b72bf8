#!/usr/bin/env python3
"""Build src/laocu_kg/data/divisions.tsv from jionlp's china_location.txt.

Usage (from the repository root)::

    python tools/build_divisions.py /path/to/china_location.txt > src/laocu_kg/data/divisions.tsv

``china_location.txt`` is the single file inside ``jionlp/dictionary/china_location.zip``
of the jionlp 1.5.31 wheel (Apache-2.0, https://github.com/dongrixinyu/JioNLP).
It is tab-indented, one division per line:

* level 0  province     ``name<TAB>code<TAB>short``
* level 1  prefecture   ``<TAB>name<TAB>code<TAB>short``
* level 2  county       ``<TAB><TAB>name<TAB>code<TAB>short`` (Taiwan: name only)
* level 3  township     ``<TAB><TAB><TAB>name``
* level 4  village      (ignored here)

Output columns: ``code  name  short  level  parent_code`` with level one of
province / prefecture / county / township, rows sorted by code.

Normalisation rules (all deterministic, standard library only):

* Municipalities / SARs (北京, 上海, 天津, 重庆, 香港, 澳门) repeat the province at
  prefecture level (same code, or a bare 香港/澳门 line): that prefecture row is
  dropped and its counties are reparented to the province.
* Pseudo-prefectures ``省直辖行政区划`` (e.g. 419000, 429000, 469000, 659000,
  710700) are dropped; their county-level cities (济源, 仙桃, 石河子, 五指山, ...)
  are reparented to the province.
* Pseudo-counties ``市直辖行政区划`` (prefecture-level cities without counties:
  东莞, 中山, 儋州, 嘉峪关) are dropped; their townships are attached to the
  prefecture.
* Township pseudo-entries containing ``直辖行政区划`` are dropped.
* A county whose code is missing (Taiwan), shared with another county
  (香港 810000, 澳门 820000, 平顶山 410471) or equal to a province/prefecture
  code gets a synthetic id ``<parent code>-<name>``.
* Counties without a short form in the source (Taiwan) get one by stripping a
  trailing 区/市/县 if at least two characters remain.
* Townships have no code: id ``<parent code>-<name>``; duplicates are merged.
* Township short form: strip a trailing 街道办事处/街道/镇/乡 only if at least
  two characters remain, else empty.
"""

import sys
from collections import Counter

SOURCE = "jionlp 1.5.31 dictionary/china_location.zip (china_location.txt)"
TOWN_SUFFIXES = ("街道办事处", "街道", "镇", "乡")


def town_short(name):
    for suf in TOWN_SUFFIXES:
        if name.endswith(suf):
            rest = name[: -len(suf)]
            return rest if len(rest) >= 2 else ""
    return ""


def county_short(name):
    """Fallback short form for counties the source gives without one (Taiwan)."""
    for suf in ("区", "市", "县"):
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return ""


def parse(path):
    """Yield (depth, fields) for every non-village line."""
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            depth = len(line) - len(line.lstrip("\t"))
            if depth > 3:
                continue
            yield depth, [f.strip() for f in line.strip("\t").split("\t")]


def build(path):
    entries = list(parse(path))
    # first pass: collect county codes to detect collisions
    upper_codes = {f[1] for d, f in entries if d in (0, 1) and len(f) == 3}
    county_code_count = Counter(f[1] for d, f in entries if d == 2 and len(f) == 3)

    rows = {}
    prov = pref = county = None  # (code) of current node to attach children to

    def add(code, name, short, level, parent):
        if code in rows:
            old = rows[code]
            if old != (code, name, short, level, parent):
                new = (code, name, short, level, parent)
                raise SystemExit(f"conflicting rows for {code}: {old!r} vs {new!r}")
            return
        rows[code] = (code, name, short, level, parent)

    for depth, f in entries:
        if depth == 0:
            name, code, short = f
            prov = code
            pref = county = None
            add(code, name, short, "province", "")
        elif depth == 1:
            name, code, short = f
            county = None
            if code == prov or name in ("香港", "澳门") or name.startswith("省直辖"):
                pref = prov  # municipality / SAR / pseudo-prefecture: reparent
                continue
            pref = code
            add(code, name, short, "prefecture", prov)
        elif depth == 2:
            name = f[0]
            if name.startswith("市直辖"):
                county = pref  # townships hang directly off the prefecture
                continue
            if len(f) == 3 and county_code_count[f[1]] == 1 and f[1] not in upper_codes:
                code, short = f[1], f[2]
            else:
                code = f"{pref}-{name}"
                short = f[2] if len(f) == 3 else county_short(name)
            county = code
            add(code, name, short, "county", pref)
        else:  # depth 3: township
            name = f[0]
            if "直辖行政区划" in name:
                continue
            add(f"{county}-{name}", name, town_short(name), "township", county)
    return [rows[k] for k in sorted(rows)]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    rows = build(argv[1])
    counts = Counter(r[3] for r in rows)
    out = sys.stdout
    out.write("# Chinese administrative divisions (province/prefecture/county/township).\n")
    out.write(f"# Source: {SOURCE}, https://github.com/dongrixinyu/JioNLP\n")
    out.write(
        "# Licence: Apache-2.0 (Copyright dongrixinyu / JioNLP authors); "
        "derived, normalised data - see SOURCES.md\n"
    )
    out.write(
        "# Generated by: python tools/build_divisions.py china_location.txt"
        " > src/laocu_kg/data/divisions.tsv\n"
    )
    summary = ", ".join(f"{k}={counts[k]}" for k in ("province", "prefecture", "county", "township"))
    out.write(f"# Township ids are synthetic: <parent code>-<name>. Counts: {summary}\n")
    out.write("code\tname\tshort\tlevel\tparent_code\n")
    for r in rows:
        out.write("\t".join(r) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
