"""Language data for the extractor, loaded once from the data files under ``laocu_kg/data``.

Each file records its source and licence in its header and in ``data/SOURCES.md``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _data_lines(name: str) -> list[str]:
    text = resources.files("laocu_kg").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _tsv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_data_lines(name), delimiter="\t"))


@dataclass(frozen=True)
class Title:
    title: str
    category: str
    implied_org: str  # "", government@LEVEL, party_central, dept:NAME


@dataclass(frozen=True)
class OrgKind:
    suffix: str
    kind: str
    canonical: str


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    short: str
    level: str  # province, prefecture, county, township
    parent: str  # parent code ("" for provinces)


@dataclass(frozen=True)
class Lexicon:
    titles: dict[str, Title]
    org_kinds: dict[str, OrgKind]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    common_word_surnames: frozenset[str]
    follow_words: frozenset[str]
    descriptors: frozenset[str]
    divisions: dict[str, Division]  # by code
    by_name: dict[str, list[Division]]  # full name → divisions
    by_short: dict[str, list[Division]]  # short form → divisions

    @property
    def max_title_len(self) -> int:
        return max(map(len, self.titles))

    def ancestors(self, code: str) -> list[Division]:
        """The division's parents, nearest first."""
        out: list[Division] = []
        div = self.divisions.get(code)
        while div and div.parent and div.parent in self.divisions:
            div = self.divisions[div.parent]
            out.append(div)
        return out

    def province_of(self, code: str) -> Division | None:
        div = self.divisions.get(code)
        if div is None:
            return None
        if div.level == "province":
            return div
        for anc in self.ancestors(code):
            if anc.level == "province":
                return anc
        return None


_GENERIC_ZONE = re.compile(r"(?:经济|技术|高新|工业|产业|国营|国有|农业|科技|现代|物流|综合)*"
                           r"(?:开发区|园区|集聚区|工业区|高新区|林场|农场|示范区|保税区|新区|产业园|工业园)"
                           r"(?:管委会|管理委员会|直属乡镇|街道|办事处)?|街道|办事处|街道办事处")  # (a bare 街道: no name)
_BANNER_RE = re.compile(r"^(.+?)(左翼|右翼|左|右)?(前|中|后)?旗$")


def _common_forms(d: Division) -> list[str]:
    """How reports commonly write a division besides its full and short names: autonomous divisions as short
    form + level (酉阳县, 湘西州, 鄂温克旗) and banners by their customary contraction (科尔沁右翼前旗 → 科右前旗,
    土默特左旗 → 土左旗, 乌拉特中旗 → 乌中旗)."""
    out = []
    for ending, level_char in (("自治县", "县"), ("自治州", "州"), ("自治旗", "旗")):
        if d.short and d.name.endswith(ending) and not d.short.endswith(level_char):
            out.append(d.short + level_char)
    m = _BANNER_RE.match(d.name)
    if m and (m.group(2) or m.group(3)) and len(m.group(1)) >= 2 and not d.name.endswith("自治旗"):
        out.append(m.group(1)[0] + (m.group(2) or "")[:1] + (m.group(3) or "") + "旗")
    return out


@cache
def load_lexicon() -> Lexicon:
    """Read every data file once."""
    titles = {r["title"]: Title(r["title"], r["category"], r["implied_org"] or "") for r in _tsv("titles.tsv")}
    kinds = {r["suffix"]: OrgKind(r["suffix"], r["kind"], r["canonical"] or "") for r in _tsv("org_kinds.tsv")}
    singles, compounds, common = set(), set(), set()
    for r in _tsv("surnames.tsv"):
        (compounds if r["kind"] == "compound" else singles).add(r["surname"])
        if "common-word" in (r.get("note") or ""):
            common.add(r["surname"])
    follow = frozenset(w for line in _data_lines("follow_words.txt") for w in line.split())
    divisions: dict[str, Division] = {}
    by_name: dict[str, list[Division]] = {}
    by_short: dict[str, list[Division]] = {}
    for r in _tsv("divisions.tsv"):
        if r["level"] == "township" and _GENERIC_ZONE.fullmatch(r["name"]):
            continue  # 经济开发区, 工业园区, 国营林场: the source's zone entries without a proper name
        d = Division(r["code"], r["name"], r.get("short") or "", r["level"], r.get("parent_code") or "")
        divisions[d.code] = d
        by_name.setdefault(d.name, []).append(d)
        if d.short and d.short != d.name:
            by_short.setdefault(d.short, []).append(d)
    for r in _tsv("division_changes.tsv"):  # 偃师市 (until 2021, now 偃师区): reports before the change name it so
        if r["name"] in by_name:
            continue
        d = Division(f"{r['successor_code']}-{r['name']}", r["name"], r["short"], r["level"], r["parent_code"])
        divisions[d.code] = d
        by_name[d.name] = [d]
        if d.short:
            by_short.setdefault(d.short, []).append(d)
    for d in list(divisions.values()):
        if d.level == "township":
            if d.name.endswith("苏木乡") and d.name[:-1] not in by_name:  # the source's 乌兰毛都苏木乡 is 乌兰毛都苏木
                by_name[d.name[:-1]] = [d]
            continue
        if d.name.endswith("盟") and d.short == d.name:  # 兴安盟: 兴安 (the source gives no short form)
            by_short.setdefault(d.name[:-1], []).append(d)
        for alt in _common_forms(d):
            if alt not in by_name:
                by_name[alt] = [d]
    return Lexicon(
        titles=titles,
        org_kinds=kinds,
        surnames=frozenset(singles),
        compound_surnames=frozenset(compounds),
        common_word_surnames=frozenset(common),
        follow_words=follow,
        descriptors=frozenset(w for line in _data_lines("descriptors.txt") for w in line.split()),
        divisions=divisions,
        by_name=by_name,
        by_short=by_short,
    )
