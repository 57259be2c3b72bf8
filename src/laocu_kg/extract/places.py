"""Places: administrative divisions (from the divisions lexicon) and sites (纪念馆, 旧址, 村 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from laocu_kg.extract.lexicon import Division, Lexicon, load_lexicon
from laocu_kg.extract.text import CJK
from laocu_kg.extract.words import common_word
from laocu_kg.model import PlaceRef

LEVEL_CHARS = {"省": "province", "市": "city", "县": "county", "区": "district", "州": "prefecture",
               "旗": "county", "盟": "prefecture", "镇": "township", "乡": "township"}
SITE_SUFFIXES = ("古镇", "烈士纪念馆", "纪念馆", "旧址", "烈士陵园", "陵园", "纪念碑", "纪念园", "纪念亭", "博物馆", "展览馆",
                 "故居", "遗址", "教育基地", "影视基地", "研学基地", "实践基地", "培训基地", "示范基地", "培训中心", "教育中心", "干部学院", "展示馆", "陈列馆", "纪念广场", "广场", "会址", "产业园", "示范园",
                 "烈士墓", "党史馆", "湿地公园", "森林公园", "书院")
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
            for lv in levels_of(d):
                self.by_level[lv] = d
        if self.province is None:
            self.province = self.lex.province_of(div.code)

    def resolve_level(self, char: str) -> Division | None:
        level = LEVEL_CHARS.get(char)
        if level is None:
            return None
        if level == "province":
            return self.province
        if char == "区" and "district" not in self.by_level and self.province is not None and \
                self.province.name.endswith("自治区"):
            return self.province  # 区老促会, 区水利厅 in a 广西 report: the autonomous region
        return self.by_level.get(level)

    def lookup(self, name: str, allow_short: bool = True) -> Division | None:
        """The division a full name (or short form) refers to, preferring the report's province."""
        county = self.by_level.get("county")
        key = (name, allow_short, self.province.code if self.province else None, county.code if county else None,
               len(self.full_names))
        cache = self.__dict__.setdefault("_lookups", {})
        if key not in cache:
            cache[key] = self._lookup(name, allow_short)
        return cache[key]

    def _lookup(self, name: str, allow_short: bool) -> Division | None:
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
        prov = _province_code(d.code)
        return prov is not None and self.province is not None and prov == self.province.code


@cache
def _province_code(code: str) -> str | None:
    prov = load_lexicon().province_of(code)
    return prov.code if prov is not None else None


def levels_of(d: Division) -> list[str]:
    if d.level == "province":  # 重庆市: a municipality is also the 市 of 市老促会, 市委
        return ["province", "city"] if d.name.endswith("市") else ["province"]
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


@lru_cache(maxsize=1024)  # one sentence is scanned by several passes; bounded for big corpora
def division_candidates(text: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Every position where a division name (full or short) may start, with the names there, longest first.
    Context-free, so it is computed once per sentence and shared by every scan."""
    longest = _longest_by_prefix_cached()
    known = _all_names()
    out = []
    n = len(text)
    for i in range(n - 1):
        top = longest.get(text[i : i + 2])
        if top:
            names = tuple(text[i : i + k] for k in range(min(top, n - i), 1, -1) if text[i : i + k] in known)
            if names:
                out.append((i, names))
    return tuple(out)


def find_divisions(text: str, ctx: AreaContext) -> list[tuple[int, int, Division, str]]:
    """Administrative divisions named in ``text``: (start, end, division, surface), longest match first."""
    lex = ctx.lex
    out: list[tuple[int, int, Division, str]] = []
    pos = 0
    for i, names in division_candidates(text):
        if i < pos:
            continue
        for cand in names:
            end = i + len(cand)
            if cand in lex.by_name:
                div = ctx.lookup(cand, allow_short=False)
                after_parent = div is not None and bool(out) and out[-1][1] == i and out[-1][2].code == div.parent
                if div and not after_parent and _word_before_suffix(div, ctx):
                    # 县老促会会同县退役军人事务局: 会同 (together with) is a word, not 会同县 of another province
                    # (but 濮阳市台前县: a county written right after its city is that county)
                    continue
                if div and (div.level != "township" or _township_ok(div, ctx)):
                    if div.level == "township" and text[end : end + 1] == div.name[-1:] and div.name[-1] in "镇乡":
                        end += 1  # 临镇镇: the lexicon's 临镇 written with its 镇
                    out.append((i, end, div, text[i:end]))
                    pos = end
                    break
            if cand in lex.by_short and cand not in _NATIONAL:
                div = ctx.lookup(cand) or _county_of_the_city(text, i, end, cand, ctx) or \
                    _city_before_its_county(text, end, cand, ctx)
                if div and _short_ok(text, i, end, div):
                    out.append((i, end, div, cand))
                    pos = end
                    break
    return _listed_counties(text, ctx, out) if "、" in text else out


def _city_before_its_county(text: str, end: int, short: str, ctx: AreaContext) -> Division | None:
    """宁波余姚市: a city's short form glued to one of its counties, named in full (any province)."""
    for d in ctx.lex.by_short.get(short, ()):
        if d.level == "prefecture" and any(text.startswith(c.name, end) for c in counties_of(d.code)):
            return d
    return None


@cache
def counties_of(code: str) -> tuple[Division, ...]:
    """The county-level divisions of a city."""
    return tuple(d for d in load_lexicon().divisions.values() if d.parent == code and d.level == "county")


def _county_of_the_city(text: str, start: int, end: int, short: str, ctx: AreaContext) -> Division | None:
    """在恩阳召开, 赴旺苍调研: a county's short form as the place of an event, inside the report's city."""
    city = ctx.by_level.get("prefecture")
    if city is None or not (text[max(0, start - 1) : start] in ("在", "赴", "到", "来") and
                            text.startswith(("召开", "举行", "举办", "调研", "考察", "开展"), end)):
        return None
    sib = [d for d in ctx.lex.by_short.get(short, ()) if d.level == "county" and d.parent == city.code]
    return sib[0] if len(sib) == 1 else None


def _counties_named(lex: Lexicon, short: str, city: str | None = None, province: str | None = None
                    ) -> list[Division]:
    """The counties with this short form in a city (or a province), by code; today's one when the lexicon
    also keeps its former name (海门区 now, not the 海门市 of old)."""
    found = [d for d in lex.by_short.get(short, ()) if d.level == "county" and
             (city is None or d.parent == city) and (province is None or _province_code(d.code) == province)]
    return [d for d in found if "-" not in d.code] or found


def _listed_counties(text: str, ctx: AreaContext, found: list) -> list[tuple[int, int, Division, str]]:
    """阜宁、建湖、射阳等地: a county's short form is taken in a 、-list next to a county of the same city
    (elsewhere a county's short form needs the county named in full somewhere in the report)."""
    lex = ctx.lex
    out = list(found)
    changed = True
    cands = [(i, names) for i, names in division_candidates(text)
             if (i > 0 and text[i - 1] == "、") or any(text.startswith("、", i + len(n)) for n in names)]
    city = ctx.by_level.get("prefecture")
    if city is not None:  # 海门、通州、海安、启东也荣获…: the report's city's counties, none written in full
        hits = []
        for i, names in cands:
            if any(a <= i < b for a, b, _, _ in out):
                continue
            for cand in names:
                end = i + len(cand)
                sib = _counties_named(lex, cand, city=city.code)
                if len(sib) == 1 and (end == len(text) or text[end] in "、等和及,也"):
                    hits.append((i, end, sib[0], cand))
                    break
        if len(hits) >= 3:
            out.extend(hits)
    while changed and cands:
        changed = False
        by_start = {a: d for a, _, d, _ in out}
        by_end = {b: d for _, b, d, _ in out}
        for i, names in cands:
            if i in by_start or any(a <= i < b for a, b, _, _ in out):
                continue
            for cand in names:
                end = i + len(cand)
                nb = by_end.get(i - 1) if i > 0 and text[i - 1] == "、" else None
                nb = nb or (by_start.get(end + 1) if end < len(text) and text[end] == "、" else None)
                if nb is None or nb.level != "county" or not (end == len(text) or text[end] in "、等和及,"):
                    continue
                sib = _counties_named(lex, cand, city=nb.parent)
                if not sib:  # 平江、浏阳、醴陵、攸县等: counties of several cities of one province
                    sib = _counties_named(lex, cand, province=_province_code(nb.code))
                if len(sib) == 1:
                    out.append((i, end, sib[0], cand))
                    changed = True
                    break
    return sorted(out, key=lambda x: x[0])


def full_division_names(text: str) -> list[str]:
    """Division names written in full in ``text`` (no context needed: exact names only)."""
    by_name = load_lexicon().by_name
    out, pos = [], 0
    for i, names in division_candidates(text):
        if i >= pos and (full := next((c for c in names if c in by_name), None)):
            out.append(full)
            pos = i + len(full)
    return out


@cache
def _all_names() -> frozenset[str]:
    lex = load_lexicon()
    return frozenset(lex.by_name) | frozenset(lex.by_short)


@cache
def _longest_by_prefix_cached() -> dict[str, int]:
    lex = load_lexicon()
    out: dict[str, int] = {}
    for name in [*lex.by_name, *lex.by_short]:
        if len(name) >= 2:
            out[name[:2]] = max(out.get(name[:2], 0), len(name))
    return out


def _longest_by_prefix(lex: Lexicon) -> dict[str, int]:
    """Longest division name (full or short) for each two-character start: most text starts none."""
    return _longest_by_prefix_cached()


def _township_ok(div: Division, ctx: AreaContext) -> bool:
    return ctx.province is not None and ctx._in_province(div)


def _short_ok(text: str, start: int, end: int, div: Division) -> bool:
    """A short form must not be the inside of a longer word (长白山 is no 白山市, 大同小异 no 大同市)."""
    longer = [text[start - 1 : end], text[start - 1 : end + 1]] if start > 0 else []
    longer += [text[start : end + 1], text[start : end + 2]]
    lex = load_lexicon()
    return not any(len(w) > end - start and common_word(w) and w not in lex.by_name and w not in lex.by_short
                   for w in longer)


def _word_before_suffix(div: Division, ctx: AreaContext) -> bool:
    """A county of another province whose name without its suffix is an ordinary word (会同县, 和平区)."""
    if div.level not in ("county", "township") or ctx.province is None or ctx._in_province(div):
        return False
    return common_word(div.name[:-1], min_freq=100)


def _tag(w: str) -> str:
    from laocu_kg.extract.words import _dictionary

    return _dictionary().get(w, (0, ""))[1]


_SITE_TAGS = ("n", "j", "vn", "m", "a", "b", "f", "s", "an", "nr", "i", "l", "eng", "g")
_SITE_SUFFIX_RE = re.compile("(?:" + "|".join(sorted(SITE_SUFFIXES, key=len, reverse=True)) +
                             ")(?!宾馆|酒店|饭店|大厦|店|路|街|站|小区|社区|管理)")  # 广场宾馆 is a hotel


@cache
def _pseg():
    """jieba's part-of-speech cutter, imported (and silenced) once, on the first site suffix seen."""
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    return pseg


def find_sites(text: str) -> list[tuple[int, int, str]]:
    """Sites named by their suffix (…纪念馆, …旧址): the name runs left over nouns (jieba's tags) until a verb,
    preposition or one of the words that end a site name on the left."""
    out = []
    for m in _SITE_SUFFIX_RE.finditer(text):
        s, e = m.start(), m.end()
        lo = s
        while lo > max(0, s - 14) and "\u4e00" <= text[lo - 1] <= "\u9fff" or (lo > max(0, s - 14) and
                                                                               text[lo - 1] in "“”\""):
            lo -= 1
        words = [(w.word, w.flag) for w in _pseg().cut(text[lo:s], HMM=False)]
        start = s
        for word, flag in reversed(words):
            if word in _SITE_LEFT_STOPS or not (flag.startswith(_SITE_TAGS) or word in "“”\""):
                break
            start -= len(word)
        if start > lo and lo > 0 and text[lo - 1] == "、" and (e == len(text) or text[e] in "、等和及,。;"):
            start = lo  # an item of a list (…、毕昇纪念园、…): the whole item, whatever jieba makes of its words
        name = text[start:e]
        if len(name) >= len(m.group(0)) + 2 and not any(c in name for c in "的是为了") and not is_generic_site(name):
            out.append((start, e, name))
    return out


_LIST_TRIGGER_RE = re.compile(r"(?:先后在|先后|参观了|参观|考察了|考察|走访了|走访|来到|深入到|深入|前往|瞻仰了|瞻仰|途经|"
                              r"观摩了|观摩|察看了|察看|查看了|查看|在)")
_GENERIC_SITE_HEADS = {"红色", "革命", "相关", "有关", "各类", "当地", "重要", "主要", "历史", "这些", "其他", "各个", "一批",
                       "抗联", "抗战", "抗日", "红军", "长征", "党史", "文物", "历史文化", "红色文化", "革命文物", "烈士"}
_GENERIC_NAME_STARTS = ("老区", "红色", "革命", "乡村", "党史", "县", "市", "区", "镇", "乡")  # 于都县红色教育基地 keeps its county
LIST_ONLY_SUFFIXES = ("基地", "园区", "街", "集聚区", "开发区")  # names only in a list after a visiting verb (参观了长胜街和…)
VILLAGE_SUFFIXES = ("村", "社区", "大塆", "塆", "嘎查")


_GENERIC_HEAD_WORDS = ("国家级", "省级", "市级", "县级", "现代农业", "农业", "经济", "工业", "产业", "特色", "高新技术", "科技",
                       "示范", "烈士", "革命", "红色", "文旅", "乡村振兴")
_VERB_HEADS = ("着力", "利用", "加强", "保护", "挖掘", "开发", "依托", "围绕", "建设", "打造", "用好", "盘活", "修缮")


def is_generic_site(name: str) -> bool:
    """红色旧址, 烈士陵园, 国家级现代农业产业园: a kind of site, not a named one."""
    if name.startswith(_VERB_HEADS):
        return True
    for suf in sorted(SITE_SUFFIXES + LIST_ONLY_SUFFIXES, key=len, reverse=True):
        if name.endswith(suf):
            head = name[: -len(suf)]
            rest = head
            while rest and (w := next((g for g in _GENERIC_HEAD_WORDS if rest.startswith(g)), None)):
                rest = rest[len(w):]
            if not rest or rest in ("市", "县", "区"):
                return True
            return len(head) < 2 or head in _GENERIC_SITE_HEADS or head.startswith(("全市", "全县", "全省", "全区", "各")) \
                or "地区" in head
    return False


_MOTION_RE = re.compile("赴|到|位于|走进")
_VERB_AFTER_PLACE_RE = re.compile("(?<=村|区|镇|乡|馆|址|园|地)(?:开展|进行|调研|考察|慰问|访贫问寒|参观|视察|走访|召开|举行|举办)")
_VILLAGE_DESCRIPTOR_RE = re.compile("(?:革命)?老区(?:重点)?村|革命老区(?:重点村)?")


def find_site_lists(text: str) -> list[tuple[int, int, str]]:
    """Villages and sites listed after a visiting verb: 先后参观了A纪念馆、B镇C村和D烈士陵园等 → each item."""
    out = []
    for m in _LIST_TRIGGER_RE.finditer(text):
        pos = m.end()
        while (m2 := _LIST_TRIGGER_RE.match(text, pos)) is not None or text.startswith("了", pos):
            pos = m2.end() if m2 is not None else pos + 1
        if (lead := _MOTION_RE.match(text, pos)) is not None:
            pos = lead.end()  # 先后赴延安革命纪念馆、…; 参观了位于某县的…: the verb is no part of the name
        first = pos
        while pos < len(text):
            k = pos
            while k < len(text) and (text[k] not in "、,。;:()!?\n 等和及" or text.startswith("和平", k)):
                k += 1
            item = text[pos:k]
            if not item or len(item) > 24:
                break
            depth, cut = 0, 0
            for q, ch in enumerate(item):  # 位于阳江镇的红色娘子军成立旧址: the name starts after the last 的
                depth += (ch == "“") - (ch == "”")  # (a 的 inside “…” is part of the name)
                if ch == "的" and depth <= 0:
                    cut = q + 1
            if cut:
                pos, item = pos + cut, item[cut:]
            if (desc := _VILLAGE_DESCRIPTOR_RE.match(item)) is not None and len(item) > desc.end() + 1:
                pos, item = pos + desc.end(), item[desc.end() :]  # 革命老区村官庄村: a kind of village, then its name
            if (verb := _VERB_AFTER_PLACE_RE.search(item)) is not None:
                k, item = pos + verb.start(), item[: verb.start()]  # …肖家山村访贫问寒: the name ends before the verb
            inner = list(_LIST_TRIGGER_RE.finditer(item))
            if inner:  # 古田镇参观了古田会议旧址: the item starts after the last visiting verb
                cut = inner[-1].end() + (1 if item.startswith("了", inner[-1].end()) else 0)
                pos, item = pos + cut, item[cut:]
            loose_in = m.group(0) == "在" and (len(item) > 10 or any(c in item for c in "了的是将"))
            if item.endswith(VILLAGE_SUFFIXES + SITE_SUFFIXES + LIST_ONLY_SUFFIXES) and not is_generic_site(item) \
                    and not loose_in and not (item.endswith(LIST_ONLY_SUFFIXES) and m.group(0) == "在"):
                out.append((pos, k, item))
            elif pos == first:
                break
            if k >= len(text) or text[k] not in "、和及":
                break
            pos = k + 1
            if text.startswith("以及", k):
                pos = k + 2
    return out


def find_township_villages(text: str, ctx: AreaContext) -> list[tuple[int, int, str]]:
    """沙溪镇王坪村: a village right after a known township."""
    out = []
    for m in re.finditer(r"(?:[镇乡县区旗]|苏木|街道|办事处)([\u4e00-\u9fff]{1,3}?(?:村|嘎查|社区))(?!委|民|级|干部|集体)",
                         text):
        end_t = m.start(1)
        if common_word(m.group(1)) or len(m.group(1)) < 3:
            continue  # 县农村, 区社区: words, not villages
        for k in range(8, 1, -1):
            town = text[end_t - k : end_t]
            for suffix in ("办事处", ""):  # 芦岗街道办事处文楼村: the township is 芦岗街道
                name = town.removesuffix(suffix) if suffix and town.endswith(suffix) else town
                div = ctx.lookup(name, allow_short=False) if end_t - k >= 0 and name in ctx.lex.by_name else None
                if div is not None and div.level in ("county", "township"):
                    out.append((end_t - k, m.end(), text[end_t - k : m.end()]))
                    break
            else:
                continue
            break
    return out


_UNLISTED_TOWN_RE = re.compile(f"([{CJK}]{{2,5}}?(?:民族乡|族乡|乡|镇|苏木))(?=[{CJK}]{{1,4}}?(?:村|嘎查|社区)|[、,。;和及]|$|"
                               "考察|调研|参观|召开|举办|举行|开展|走访|慰问|党委|政府|人民政府)")


def find_unlisted_townships(text: str, ctx: AreaContext, divisions: list) -> list[tuple[int, int, PlaceRef]]:
    """上蔡县五龙乡班闫村, 桦川县星火朝鲜族乡: a township written right after its county, missing from the
    divisions lexicon (renamed or merged since) — taken only in that position."""
    out = []
    for a, b, div, _ in divisions:
        if div.level != "county":
            continue
        m = _UNLISTED_TOWN_RE.match(text, b)
        if m is None or common_word(m.group(1)) or m.group(1).startswith(("城", "各", "全", "所", "有关", "乡")) or \
                any(x < m.end(1) and m.start(1) < y for x, y, _, _ in divisions if (x, y) != (a, b)):
            continue
        name = m.group(1)
        out.append((m.start(1), m.end(1), PlaceRef(name, name, "township", f"{div.code}-{name}", div.name)))
    return out


def site_ref(item: str, ctx: AreaContext) -> PlaceRef | None:
    """A site or village as a place: villages drop the divisions written before them (梓山镇潭头村 → 潭头村);
    other sites keep their name as written (于都县烈士陵园), unless two divisions lead it
    (延川县文安驿镇文安驿古镇 → 文安驿古镇). The stripped forms are kept as aliases by the resolver."""
    if item[:1] in "“\"" and item[-1:] in "”\"":
        item = item[1:-1]
    rest, parent, levels, parent_div = item, None, 0, None
    while True:
        hit = next((rest[:k] for k in range(min(10, len(rest) - 2), 1, -1)
                    if rest[:k] in ctx.lex.by_name and ctx.lookup(rest[:k], allow_short=False)), None)
        if hit is None:
            break
        parent, rest, levels, parent_div = hit, rest[len(hit):], levels + 1, ctx.lookup(hit, allow_short=False)
        rest = rest.removeprefix("办事处")  # 芦岗街道办事处文楼村
    village = item.endswith(VILLAGE_SUFFIXES)
    if village:
        name = rest
    elif levels >= 2 or (levels == 1 and len(rest) >= 5 and not is_generic_site(rest) and parent_div is not None
                         and parent_div.level != "township" and not rest.startswith(_GENERIC_NAME_STARTS)) \
            or (levels == 1 and (vm := re.match(f"[{CJK}]{{1,4}}(?:村|社区|嘎查)(?=[{CJK}]{{2,}})", rest)) and
                not common_word(vm.group(0))):  # 香兰镇红星村水稻种植基地 (城口县乡村振兴示范园: 乡村 is a word)
        name = rest  # 环县山城堡战役纪念馆 → 山城堡战役纪念馆 (于都县烈士陵园 keeps its county: 烈士陵园 is generic)
    else:
        name = item
    if len(name) < 3 or is_generic_site(name):
        return None
    return PlaceRef(name, item, "village" if village else "site", None, parent)
