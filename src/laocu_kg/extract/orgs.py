"""Organizations: recognised by their kind suffix (老促会, 政协, 市委 …) and the area tokens before it.

Abbreviations (省老促会, 市委, 县政协) are resolved against an :class:`AreaContext`; the canonical name
follows the pattern in ``data/org_kinds.tsv`` (e.g. 省老促会 → 山西省老区建设促进会).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from laocu_kg.extract.lexicon import Lexicon, OrgKind, load_lexicon
from laocu_kg.extract.places import LEVEL_CHARS, AreaContext
from laocu_kg.model import OrgRef

NATIONAL = {"中国": "中国", "全国": "中国", "国家": "中国"}
AREA_KINDS = {"laocu", "cppcc", "congress", "government", "party", "party_dept", "gov_dept"}
NATIONAL_NAMES = {"laocu": "中国老区建设促进会", "cppcc": "全国政协", "congress": "全国人大常委会"}
PLURAL_MARKS = set("各全每诸两分")  # 各市, 全省, 部分县
OWN_MARKS = set("我本该")
STOP_CHARS = set("的了在由和与及对向为是将把被从于等以就并兼、,。;:!?()“”《》 \n")
LEVEL_ENDINGS = tuple("省市县区州旗盟镇乡")
STOP_WORDS = ("联合", "召开", "举办", "举行", "开展", "组织", "邀请", "参加", "出席", "老促会", "政府", "政协", "还有",
              "聘请", "增补", "选举", "推选", "当选", "任命", "陪同")
UNIT_SUFFIXES = {"组织部", "宣传部", "统战部", "政法委", "纪委", "老干部局", "办公室", "办公厅", "秘书处", "研究室", "党史研究室", "政策研究室", "党史办"}
AUTONOMOUS = {"自治区": "省", "自治州": "州", "自治县": "县", "自治旗": "旗"}


@dataclass(frozen=True)
class AreaToken:
    start: int
    end: int
    kind: str  # full, short, level, national, party
    name: str  # canonical area name ("" when unresolved)


@cache
def _suffix_index() -> tuple[dict[str, OrgKind], list[int], frozenset[str]]:
    kinds = load_lexicon().org_kinds
    return kinds, sorted({len(k) for k in kinds}, reverse=True), frozenset(k[-1] for k in kinds)


@cache
def _suffix_endings() -> tuple[frozenset[str], frozenset[str]]:
    kinds = _suffix_index()[0]
    two = frozenset(k[-2:] for k in kinds if len(k) >= 2) | {"员会"}  # 员会: 政协某某委员会
    return two, frozenset(k for k in kinds if len(k) == 1)


@cache
def _suffix_last_re():
    import re

    return re.compile("[" + re.escape("".join(sorted(_suffix_index()[2]))) + "]")


def suffix_at(text: str, end: int) -> OrgKind | None:
    """The longest organization-kind suffix ending at ``end``."""
    kinds, lengths, last = _suffix_index()
    if end <= 0 or text[end - 1] not in last:
        return None
    for n in lengths:
        if n <= end and (k := kinds.get(text[end - n : end])) is not None:
            return k
    return None


def area_tokens_before(text: str, end: int, ctx: AreaContext, start_limit: int = 0) -> list[AreaToken]:
    """Area tokens (山西省, 阳泉, 省, 中国, 中共 …) immediately before ``end``, left to right."""
    lex = ctx.lex
    tokens: list[AreaToken] = []
    pos = end
    ends = _area_endings()
    while pos > start_limit:
        tok = None
        for length in range(min(12, pos - start_limit), 1, -1) if text[pos - 2 : pos] in ends else ():
            cand = text[pos - length : pos]
            if cand in NATIONAL:
                tok = AreaToken(pos - length, pos, "national", NATIONAL[cand])
            elif cand == "中共":
                tok = AreaToken(pos - length, pos, "party", "")
            elif cand in lex.by_name:
                div = ctx.lookup(cand, allow_short=False)
                if div:
                    tok = AreaToken(pos - length, pos, "full", div.name)
            elif cand in lex.by_short:
                div = ctx.lookup(cand)
                if div:
                    tok = AreaToken(pos - length, pos, "short", div.name)
            if tok:
                break
        if tok is None and pos - 3 >= start_limit and text[pos - 3 : pos] in AUTONOMOUS:
            div = ctx.resolve_level(AUTONOMOUS[text[pos - 3 : pos]])  # 自治区老促会 = the region's own
            tok = AreaToken(pos - 3, pos, "level", div.name if div else "")
        if tok is None and text[pos - 1] in LEVEL_CHARS:
            div = ctx.resolve_level(text[pos - 1])
            tok = AreaToken(pos - 1, pos, "level", div.name if div else "")
        if tok is None:
            break
        if tokens and tokens[0].kind == "level" and tok.kind in ("full", "short") and \
                text[tok.end - 1] == text[tokens[0].start]:
            tokens[0] = AreaToken(tok.start, tokens[0].end, tok.kind, tok.name)  # 新县县委: the 县 repeats
        else:
            tokens.insert(0, tok)
        pos = tok.start
    return tokens


@cache
def _area_endings() -> frozenset[str]:
    """The last two characters of every area name an organization may start with (most text ends none)."""
    lex = load_lexicon()
    return frozenset(n[-2:] for n in [*lex.by_name, *lex.by_short, *NATIONAL, "中共"] if len(n) >= 2)


def party_name(area: str) -> str:
    """中共阳泉市委; 中共新县县委 (a one-character county name repeats 县); 中共城南庄镇委员会 (townships)."""
    if area.endswith(("镇", "乡", "街道")):
        return f"中共{area}委员会"
    if len(area) == 2 and area.endswith(("县", "区", "市")):
        return f"中共{area}{area[-1]}委"
    return f"中共{area}委"


def _canonical(kind: OrgKind, area: str, stem: str, written: str) -> str:
    if not kind.canonical:
        return written
    return kind.canonical.replace("{area}", area).replace("{stem}", stem).replace("{name}", written)


def org_ending_at(text: str, end: int, ctx: AreaContext, start_limit: int = 0, loose: bool = False
                  ) -> tuple[int, OrgRef] | None:
    """An organization whose name ends at ``end``: (start, OrgRef), or None.

    ``loose`` (inside a title chain) also accepts a named organization without an area prefix
    (中国老区画报社 needs none; 某某农业合作社 neither) when it fills the rest of the segment.
    """
    kind = suffix_at(text, end)
    if kind is None:
        return None
    s_start = end - len(kind.suffix)
    if kind.kind in ("party_dept", "gov_dept") and kind.suffix in UNIT_SUFFIXES:
        # 市委组织部, 中国老促会办公室: a unit of the organization written right before it
        parent = org_ending_at(text, s_start, ctx, start_limit)
        if parent is not None and (parent[1].kind == "party" or kind.kind == "gov_dept"):
            start, porg = parent
            return start, OrgRef(porg.name + kind.suffix, text[start:end], kind.kind, porg.area, porg.name)
        if kind.kind == "party_dept" and kind.suffix in ("纪委", "政法委"):
            toks = [x for x in area_tokens_before(text, s_start, ctx, start_limit) if x.kind != "party"]
            if toks and toks[-1].name and toks[-1].kind != "national":  # 市纪委: the city's party discipline body
                area = toks[-1].name
                name = f"中共{area}纪委" if kind.suffix == "纪委" else party_name(area) + kind.suffix
                return toks[0].start, OrgRef(name, text[toks[0].start : end], "party_dept", area, party_name(area))
        if kind.kind == "party_dept":
            return None
    if kind.kind in AREA_KINDS:
        toks = area_tokens_before(text, s_start, ctx, start_limit)
        toks_area = [t for t in toks if t.kind != "party"]
        if not toks_area and kind.kind == "gov_dept":
            # 原省扶贫开发办公室副主任: a named department, read only inside a title chain
            return _named(text, end, s_start, kind, ctx, start_limit, loose) if loose else None
        if not toks_area:
            return None
        if kind.suffix in ("委", "党委") and kind.kind == "party" and kind.suffix == "委":
            last = toks_area[-1]
            if not text[last.start : last.end].endswith(LEVEL_ENDINGS) or last.kind == "national":
                return None
        first = toks[0]
        before = text[first.start - 1] if first.start > 0 else ""
        levels = [t for t in toks_area if t.kind == "level"]
        if before in PLURAL_MARKS or len(levels) > 1:
            return None
        last = toks_area[-1]
        written = text[first.start : end]
        if last.kind == "national":
            name = NATIONAL_NAMES.get(kind.kind)
            if name is None:
                return None
            return first.start, OrgRef(name, written, kind.kind, None)
        if not last.name:
            return None  # an abbreviation (县老促会) whose area the report does not tell
        if kind.kind == "gov_dept":
            name = _canonical(kind, last.name, "", "") if kind.canonical else last.name + kind.suffix
        elif kind.kind == "party":
            name = party_name(last.name)
        else:
            name = _canonical(kind, last.name, "", written)
        return first.start, OrgRef(name, written, kind.kind, last.name)
    return _named(text, end, s_start, kind, ctx, start_limit, loose)


def _named(text: str, end: int, s_start: int, kind: OrgKind, ctx: AreaContext, start_limit: int, loose: bool
           ) -> tuple[int, OrgRef] | None:
    """Named organizations (media, universities, enterprises, social bodies, departments with a name):
    the name runs from an area (中国, 山西, or 省/市/县 standing for the report's own) to the suffix; a
    publisher is also named by its title in 《》 (《红土地》杂志社)."""
    if kind.kind == "media" and s_start > 1 and text[s_start - 1] == "》":
        q = text.rfind("《", max(start_limit, s_start - 20), s_start - 1)
        if q >= 0 and "》" not in text[q : s_start - 1]:
            return q, OrgRef(text[q:end], text[q:end], "media", None)
    window = max(start_limit, s_start - 16)
    passes = (False, True, False) if loose else (True, False)  # a whole chain segment first (龙江银行佳木斯分行)
    for n_pass, with_area in enumerate(passes):
        for p in range(window, s_start):
            if any(c in STOP_CHARS for c in text[p:s_start]) or any(w in text[p:s_start] for w in STOP_WORDS):
                continue
            if loose and n_pass == 0 and (p != start_limit or s_start - p > 14 or text[p] == "原"):
                continue
            head = _area_at(text, p, s_start, ctx)
            stem = text[p:s_start]
            if head is None and text[p] in LEVEL_CHARS and (p == start_limit or text[p - 1] in STOP_CHARS or
                                                            text[p - 1] == "原"):
                div = ctx.resolve_level(text[p])  # 县关工委, 市老区发展基金会: the level stands for the report's area
                if div is not None:
                    head = div.name
                    stem = div.name + text[p + 1 : s_start]
            if with_area and head is None:
                continue
            if not with_area and not (loose and p == start_limit):
                continue
            written = text[p:end]
            if len(written) < len(kind.suffix) + 1:
                return None
            if stem != text[p:s_start] and not kind.canonical:
                name = stem + kind.suffix
            else:
                name = _canonical(kind, head or "", stem, written)
            return p, OrgRef(name, written, kind.kind, head)
    return None


def _area_at(text: str, p: int, limit: int, ctx: AreaContext) -> str | None:
    """The canonical area whose name starts at ``p`` (中国, 山西省, 山西 …), if any."""
    lex = ctx.lex
    for length in range(min(12, limit - p), 1, -1):
        cand = text[p : p + length]
        if cand in NATIONAL:
            return NATIONAL[cand]
        if cand in lex.by_name or cand in lex.by_short:
            div = ctx.lookup(cand)
            if div:
                return div.name
    return None


def cppcc_long_form(text: str, end: int, ctx: AreaContext) -> tuple[int, OrgRef] | None:
    """政协山西省委员会 → 山西省政协."""
    if not text.startswith("委员会", end - 3):
        return None
    toks = area_tokens_before(text, end - 3, ctx)
    if not toks or toks[-1].kind not in ("full", "short") or not text.startswith("政协", toks[0].start - 2):
        return None
    start = toks[0].start - 2
    return start, OrgRef(toks[-1].name + "政协", text[start:end], "cppcc", toks[-1].name)


def find_orgs(text: str, ctx: AreaContext, lex: Lexicon | None = None) -> list[tuple[int, int, OrgRef]]:
    """Organizations named in ``text`` (a sentence), longest first, without overlaps."""
    found: list[tuple[int, int, OrgRef]] = []
    n = len(text)
    ends2, ends1 = _suffix_endings()
    for end in reversed([m.end() for m in _suffix_last_re().finditer(text)]):
        if text[end - 2 : end] not in ends2 and text[end - 1] not in ends1:
            continue  # no kind suffix ends here (会议, 会长: most 会 end no organization)
        hit = cppcc_long_form(text, end, ctx) or org_ending_at(text, end, ctx)
        if hit is None:
            continue
        start, ref = hit
        if end < n and _continues_name(text, end, ref):
            continue
        found.append((start, end, ref))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[tuple[int, int, OrgRef]] = []
    last_end = -1
    for s, e, r in found:
        if s >= last_end:
            out.append((s, e, r))
            last_end = e
        elif out and e - s > out[-1][1] - out[-1][0] and s <= out[-1][0]:
            out[-1] = (s, e, r)
            last_end = e
    shared = [x for s, e, r in out for x in _coordinated(text, s, e, r, ctx)]
    if shared:
        out = sorted(out + shared, key=lambda t: t[0])
    return out


def _coordinated(text: str, start: int, end: int, ref: OrgRef, ctx: AreaContext) -> list[tuple[int, int, OrgRef]]:
    """华池县、环县、合水县老促会: the divisions listed before an organization each have one of the same kind."""
    if ref.kind not in AREA_KINDS or ref.kind in ("party_dept", "gov_dept") or start < 3 or text[start - 1] not in "、和及":
        return []
    kind = suffix_at(text, end)
    if kind is None:
        return []
    s_start = end - len(kind.suffix)
    own = area_tokens_before(text, s_start, ctx, start)
    if not own or own[0].start != start or own[-1].kind != "full":
        return []
    out = []
    pos = start
    while pos > 1 and text[pos - 1] in "、和及":
        toks = area_tokens_before(text, pos - 1, ctx)
        if not toks or toks[-1].kind != "full" or toks[-1].end != pos - 1:
            break
        tok = toks[-1]
        written = text[tok.start : tok.end] + text[s_start:end]
        hit = org_ending_at(written, len(written), ctx)
        if hit is None or hit[0] != 0:
            break
        out.append((tok.start, tok.end, OrgRef(hit[1].name, written, hit[1].kind, hit[1].area, hit[1].parent)))
        pos = tok.start
    return out


def _continues_name(text: str, end: int, ref: OrgRef) -> bool:
    """``山西农大学生``: the match 山西农大学 is really 山西农大 + 学生."""
    nxt = text[end]
    if ref.kind == "university" and ref.surface.endswith("大学") and nxt == "生":
        return True
    if ref.kind in ("government", "party") and nxt in "府":
        return True
    return False
