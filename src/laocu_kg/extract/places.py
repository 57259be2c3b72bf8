"""Places: administrative divisions (from the divisions lexicon) and sites (纪念馆, 旧址, 村 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from laocu_kg.extract.lexicon import Division, Lexicon, load_lexicon
from laocu_kg.extract.text import CJK
from laocu_kg.model import PlaceRef

LEVEL_CHARS = {"省": "province", "市": "city", "县": "county", "区": "district", "州": "prefecture",
               "旗": "county", "盟": "prefecture", "镇": "township", "乡": "township"}
SITE_SUFFIXES = ("古镇", "烈士纪念馆", "纪念馆", "旧址", "烈士陵园", "陵园", "纪念碑", "纪念园", "纪念亭", "博物馆", "展览馆",
                 "故居", "遗址", "教育基地", "培训中心", "教育中心", "干部学院", "展示馆", "陈列馆", "纪念广场", "产业园")
# words that end a site name on the left (the site name starts after them)
_SITE_LEFT_STOPS = ("参观了", "参观", "考察了", "考察", "瞻仰了", "瞻仰", "走访了", "走访", "来到", "前往", "启用了", "启用",
                    "建成了", "建成", "举办", "先后在", "在", "了", "和", "与", "及", "的", "赴", "到", "是", "为", "等",
                    "向", "对", "由", "将", "把", "共同", "联合")
_SITE_RE = re.compile(f"[{CJK}A-Za-z0-9]{{1,12}}?(?:{'|'.join(SITE_SUFFIXES)})")
_VILLAGE_LIST_RE = re.compile(
    f"(?:先后在|参观了?|考察了?|走访了?|来到|深入到?|在)((?:[{CJK}]{{2,8}}(?:村|社区|纪念馆|旧址|陵园|基地|故居|遗址|镇|乡)"
    f"[、和及]?){{1,12}})"
)
_NATIONAL = {"中国", "全国", "中央", "国家"}


@dataclass
class AreaContext:
    """The report's area, and the most recent explicit areas by level (for 省/市/县 abbreviations)."""

    lex: Lexicon = field(default_factory=load_lexicon)
    province: Division | None = None
    by_level: dict[str, Division] = field(default_factory=dict)
    full_names: frozenset[str] = frozenset()  # division names written in full somewhere in the report

    def copy(self) -> AreaContext:
        return AreaContext(self.lex, self.province, dict(self.by_level), self.full_names)

    def note(self, div: Division) -> None:
        """Remember an explicit division (and its ancestors) as the current one of its level."""
        for d in [*reversed(self.lex.ancestors(div.code)), div]:
            for lv in _levels_of(d):
                self.by_level[lv] = d
        if self.province is None:
            self.province = self.lex.province_of(div.code)

    def resolve_level(self, char: str) -> Division | None:
        level = LEVEL_CHARS.get(char)
        if level is None:
            return None
        if level == "province":
            return self.province
        return self.by_level.get(level)

    def lookup(self, name: str, allow_short: bool = True) -> Division | None:
        """The division a full name (or short form) refers to, preferring the report's province."""
        cands = list(self.lex.by_name.get(name, []))
        if not cands and allow_short:
            cands = [d for d in self.lex.by_short.get(name, []) if d.level in ("province", "prefecture", "county")]
            if cands and cands[0].level != "province" and self.province is not None:
                cands = [d for d in cands if self._in_province(d)]
            # a county's short form (左权, 古田) only when the report names that county in full somewhere
            cands = [d for d in cands if d.level != "county" or d.name in self.full_names
                     or self.by_level.get("county") == d]
        if not cands:
            return None
        if self.province is not None:
            inside = [d for d in cands if self._in_province(d)]
            if inside:
                cands = inside
            elif any(d.level != "province" for d in cands) and len(name) <= 2:
                return None
        order = {"province": 0, "prefecture": 1, "county": 2, "township": 3}
        cands.sort(key=lambda d: (order.get(d.level, 9), d.code))
        return cands[0]

    def _in_province(self, d: Division) -> bool:
        prov = self.lex.province_of(d.code)
        return prov is not None and self.province is not None and prov.code == self.province.code


def _levels_of(d: Division) -> list[str]:
    if d.level == "province":
        return ["province"]
    if d.level == "prefecture":
        out = ["prefecture"]
        if d.name.endswith("市"):
            out.append("city")
        return out
    if d.level == "county":
        if d.name.endswith("区"):
            return ["district"]
        if d.name.endswith("市"):
            return ["county", "city"]
        return ["county"]
    if d.level == "township":
        return ["township"]
    return []


def place_ref(div: Division, surface: str, lex: Lexicon) -> PlaceRef:
    parent = lex.divisions.get(div.parent)
    return PlaceRef(div.name, surface, div.level, div.code, parent.name if parent else None)


def find_divisions(text: str, ctx: AreaContext) -> list[tuple[int, int, Division, str]]:
    """Administrative divisions named in ``text``: (start, end, division, surface), longest match first."""
    lex = ctx.lex
    out: list[tuple[int, int, Division, str]] = []
    i = 0
    n = len(text)
    while i < n:
        best = None
        for length in range(min(12, n - i), 1, -1):
            cand = text[i : i + length]
            if cand in lex.by_name:
                div = ctx.lookup(cand, allow_short=False)
                if div and (div.level != "township" or _township_ok(div, ctx)):
                    best = (i, i + length, div, cand)
                    break
            if cand in lex.by_short and cand not in _NATIONAL:
                div = ctx.lookup(cand)
                if div and _short_ok(text, i, i + length, div):
                    best = (i, i + length, div, cand)
                    break
        if best:
            out.append(best)
            i = best[1]
        else:
            i += 1
    return out


def _township_ok(div: Division, ctx: AreaContext) -> bool:
    return ctx.province is not None and ctx._in_province(div)


def _short_ok(text: str, start: int, end: int, div: Division) -> bool:
    """A short form must not be glued into a longer word (吕梁山 is fine, 大同小异 is not)."""
    nxt = text[end : end + 2]
    return not nxt.startswith(("小异", "之", "世界"))


_SITE_TAGS = ("n", "j", "vn", "m", "a", "b", "f", "s", "an", "nr", "i", "l", "eng")
_SITE_SUFFIX_RE = re.compile("|".join(sorted(SITE_SUFFIXES, key=len, reverse=True)))


def find_sites(text: str) -> list[tuple[int, int, str]]:
    """Sites named by their suffix (…纪念馆, …旧址): the name runs left over nouns (jieba's tags) until a verb,
    preposition or one of the words that end a site name on the left."""
    import jieba.posseg as pseg

    out = []
    for m in _SITE_SUFFIX_RE.finditer(text):
        s, e = m.start(), m.end()
        lo = s
        while lo > max(0, s - 14) and "\u4e00" <= text[lo - 1] <= "\u9fff" or (lo > max(0, s - 14) and
                                                                               text[lo - 1] in "“”\""):
            lo -= 1
        words = [(w.word, w.flag) for w in pseg.cut(text[lo:s])]
        start = s
        for word, flag in reversed(words):
            if word in _SITE_LEFT_STOPS or not (flag.startswith(_SITE_TAGS) or word in "“”\""):
                break
            start -= len(word)
        name = text[start:e]
        if len(name) >= len(m.group(0)) + 2 and not any(c in name for c in "的是为了"):
            out.append((start, e, name))
    return out


def find_site_lists(text: str) -> list[tuple[int, int, str]]:
    """Villages and sites listed after a visiting verb (先后在A村、B村、C纪念馆等…)."""
    out = []
    for m in _VILLAGE_LIST_RE.finditer(text):
        pos = m.start(1)
        for item in re.split("[、和及]", m.group(1)):
            if item and (item.endswith(("村", "社区")) and 3 <= len(item) <= 8):
                k = text.find(item, pos)
                out.append((k, k + len(item), item))
            pos += len(item) + 1
    return out
