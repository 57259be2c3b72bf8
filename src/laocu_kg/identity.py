"""Cross-report identity of persons: which mentions in different reports are one node.

A person's identity key is their name and a scope: the province of the organizations they hold posts in
(中国 when all their posts are national), else the province of the report. Two reports that name 王伟 as an
official of 山西省 bodies give one node; a 王伟 of 河南省 is another. The key is computed from one report
alone, so builds stay deterministic and incremental. A decisions file lets a human join or split keys:

    # laocu-kg identity decisions: one per line, tab- or space-separated
    same      王伟@山西省  王伟@中国        # one person: the second key becomes the first
    distinct  王伟@山西省  2024_xx.txt     # the 王伟@山西省 of this report is someone else
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from laocu_kg.extract.lexicon import load_lexicon
from laocu_kg.model import LaocuError

NATIONAL = "中国"


@dataclass
class Decisions:
    same: dict[str, str] = field(default_factory=dict)  # key → the key it is merged into
    distinct: set[tuple[str, str]] = field(default_factory=set)  # (key, report id)

    def apply(self, key: str, report_id: str) -> tuple[str, str | None]:
        """The key after the decisions, and a note saying which decision applied (None if none)."""
        if (key, report_id) in self.distinct:
            return f"{key}#{Path(report_id).stem}", f"decision: distinct from {key} in other reports"
        seen = set()
        note = None
        while key in self.same and key not in seen:
            seen.add(key)
            note = f"decision: same as {self.same[key]}"
            key = self.same[key]
        return key, note


def load_decisions(path: str | Path | None) -> Decisions:
    """Read a decisions file; a missing default file is an empty set of decisions."""
    d = Decisions()
    if path is None:
        return d
    p = Path(path)
    if not p.exists():
        raise LaocuError(f"{p}: no such decisions file")
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        body = line.split("#", 1)[0].strip() if not line.lstrip().startswith("distinct") else line.strip()
        if not body or body.startswith("#"):
            continue
        parts = body.split()
        if parts[0] == "same" and len(parts) >= 3:
            d.same[parts[2]] = parts[1]
        elif parts[0] == "distinct" and len(parts) >= 3:
            d.distinct.add((parts[1], parts[2]))
        else:
            raise LaocuError(f"{p}:{n}: expected 'same KEY KEY' or 'distinct KEY REPORT'")
    return d


def province_of_area(area: str | None) -> str | None:
    if not area:
        return None
    if area == NATIONAL:
        return NATIONAL
    lex = load_lexicon()
    divs = lex.by_name.get(area)
    if not divs:
        return None
    prov = lex.province_of(divs[0].code)
    return prov.name if prov else None


def person_scope(org_areas: list[str | None], national_orgs: int, report_province: str | None) -> tuple[str, str]:
    """(scope, reason) from the areas of a person's posts, national posts, and the report's province."""
    provinces = Counter(p for p in map(province_of_area, org_areas) if p and p != NATIONAL)
    if provinces:
        prov, n = sorted(provinces.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        return prov, f"posts in bodies of {prov} ({n})"
    if national_orgs:
        return NATIONAL, "posts in national bodies only"
    if report_province:
        return report_province, f"no posts; the report is about {report_province}"
    return "", "no posts and no province known"


@dataclass(frozen=True)
class PersonRow:
    name: str
    key: str
    reports: int
    organizations: str


def persons(store) -> list[PersonRow]:
    """Every person node with its identity key, how many reports attest it, and its organizations."""
    q = """
    SELECT ?name ?key (COUNT(DISTINCT ?r) AS ?n) (GROUP_CONCAT(DISTINCT ?org; separator="、") AS ?orgs) WHERE {
      ?p a foaf:Person ; rdfs:label ?name ; lk:identityKey ?key ; prov:wasDerivedFrom ?r .
      OPTIONAL { ?m org:member ?p ; org:organization/rdfs:label ?org }
    } GROUP BY ?name ?key ORDER BY ?name ?key"""
    return [PersonRow(s["name"].value, s["key"].value, int(s["n"].value), s["orgs"].value if s["orgs"] else "")
            for s in store.query(q)]


def ambiguous(store) -> list[PersonRow]:
    """Persons whose name has more than one identity key: candidates for a 'same' or 'distinct' decision."""
    rows = persons(store)
    keys_by_name: dict[str, set[str]] = {}
    for r in rows:
        keys_by_name.setdefault(r.key.split("@", 1)[0], set()).add(r.key)
    return [r for r in rows if len(keys_by_name[r.key.split("@", 1)[0]]) > 1]
