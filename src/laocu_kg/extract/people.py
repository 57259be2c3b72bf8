"""Persons and their posts, read from title chains (甲省政协副主席、省老促会会长张三) and name lists.

A person is only taken where the text's structure says so: a title right before the name, a list
continuing such a name (副会长李四、王五), a name before 等N名 (award recipients) or a byline. The name's
length (2–4 characters) is chosen so that what follows it is a word that follows names in the genre.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from laocu_kg.extract.lexicon import Lexicon, Title, load_lexicon
from laocu_kg.extract.orgs import find_orgs, org_ending_at
from laocu_kg.extract.places import AreaContext
from laocu_kg.extract.words import common_word, frequent_word
from laocu_kg.model import OrgRef, Post

DELIMS = set("、,,。;;::!?!?()()“”\"《》 \n\t")
CHAIN_BREAK = set(",,。;;::!?!?()()“”\"《》 \n\t")
# characters that do not occur in given names (checked on the given name only: 于, 曾, 向 are surnames)
NON_NAME = set("的了着们这那个省市县区乡村委部厅局处党府院馆站团组级届号等与及或在是被把对从于就所并且而但也都还又各每该此某些无不没很已")
ONE_CHAR_FOLLOW = set("等在和与及为率到来赴任是被于从将则又也还向对就以携致获说作做同")
CONTRIBUTIONS = ("作专题辅导", "作辅导报告", "作专题报告", "作工作报告", "作报告", "作总结讲话", "讲话", "致辞", "主持",
                 "出席", "宣读", "宣布", "发言", "总结", "参加", "陪同", "带队", "率队", "授课", "主讲", "汇报", "颁奖",
                 "揭牌", "介绍", "调研", "考察", "参观")
COMPATIBLE = {
    "association": {"laocu", "social"},
    "party": {"party", "party_dept", "party_branch"},
    "government": {"government", "gov_dept"},
    "congress": {"congress"},
    "cppcc": {"cppcc"},
    "media": {"media"},
    "academic": {"university"},
    "enterprise": {"enterprise"},
    "military": {"military"},
    "rank": set(),  # 二级巡视员: a civil-service rank, never carried to a body named before it
}
STRONG_FOLLOW = ("就", "作", "介绍", "汇报", "发言", "讲解", "表示", "说", "为", "代表", "主持", "致辞", "讲话", "陪同",
                 "带领", "结合", "围绕")
BARE_BODIES = {"军分区", "警备区", "人武部", "武装部"}  # bodies of the area of the chain's committee, written bare
ASSOCIATION_UNITS = {"办公室", "研究室", "秘书处", "调研部", "宣传部", "联络部", "组织部", "财务部", "妇工委", "宣传处"}
DEPARTMENTS = {"组织部", "宣传部", "统战部", "政法委", "纪委", "办公室", "老干部局"}
LIST_VERBS = ("当选为", "当选", "担任", "兼任", "为", "任", "兼", "是", "系")
COPULAS = ("是", "系")
LIST_TRIGGERS = ("增补", "补选", "选举", "推选", "任命", "聘请", "聘任", "同意", "选举产生", "会议选举")
BARE_LAOCU = ("老促会", "老区建设促进会", "老区促进会")
_VERB_BEFORE_TITLE = re.compile(r"(?:了|产生|选举|推选|增补|补选|聘请|聘任|任命|通过|决定|同意|有|是|和|及|与|由|为|对|向|"
                                r"还有|包括|其中|以及|等|新任|现任|时任|新当选的|当选的|新当选)$")
_BOARD_AFTER = re.compile(r"(?:第[一二三四五六七八九十\d]+届|新一届|本届)?(?:常务)?(?:理事会|监事会)")
_BOARD_BEFORE = re.compile(r"(?:第[一二三四五六七八九十\d]+届|新一届|本届|新)")
_LIST_VERB_RE = re.compile("|".join(LIST_VERBS))
_UNIT_RE = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:工作委员会|委员会|工委|管理部|工作部|部|办公室|管理局|局|中心|研究室|研究会|新闻办|委)\Z")
_UNIT_KINDS = {"party": "party_dept", "government": "gov_dept", "gov_dept": "gov_dept"}  # a unit's kind by its body's
_UNIT_PARENTS = {"laocu", "social", "cppcc", "congress", "government", "gov_dept", "party", "media", "enterprise"}

# a name that ends like a body's (…研究所, …军区政治部, …中心): an organization the lexicon does not know
_BODY_LIKE = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:所|院|部|局|委员会|厅|司|处|校|军区|中心|公司|集团|协会|学会|研究会|"
                        r"基金会|办公室|办|站|社|馆)")
_ALIAS_NOTE_RE = re.compile(r"\((?:以下)?简称[^()]{1,12}\)\Z")
_TERM_BEFORE_RE = re.compile(r"(?:新一届|新任|本届|第[一二三四五六七八九十\d]{1,3}届)\Z")
_OWN_BODY = re.compile(r"(?:第[一二三四五六七八九十\d]+届|新一届|本届|新|上届|本会|我会)?(?:老促会|老区建设促进会|老区促进会)?"
                       r"(?:常务)?(?:理事会|监事会)?")
_DIGITS = re.compile(r"[0-9一二三四五六七八九十两百]+")


def _segment_start(t: str, end: int) -> int:
    """Where the chain segment ending at ``end`` starts (after the punctuation before it)."""
    k = end
    while k > 0 and t[k - 1] not in DELIMS:
        k -= 1
    if k > 1 and t[k - 1] == "》" and (q := t.rfind("《", max(0, k - 22), k - 1)) >= 0 and "》" not in t[q : k - 1]:
        return q  # 《红土地》杂志社主编: a publisher named by its title
    return k


@dataclass
class FoundPerson:
    name: str
    start: int  # offsets in the sentence
    end: int
    posts: list[Post] = field(default_factory=list)
    contributions: list[str] = field(default_factory=list)
    gender: str | None = None
    via: str = "chain"  # chain, list, list-first, org-member
    chain_start: int = -1  # where the title chain before the name starts
    tail: int = -1  # where the name and its (女) mark end


def _bare_title(title: str, implied_org: str) -> str:
    """The title within its department: 组织部长 → 部长, 政法委书记 → 书记; other titles as they are."""
    if not implied_org.startswith("dept:"):
        return title
    dept = implied_org[5:]
    return title[len(dept):] if title.startswith(dept) and len(title) > len(dept) + 1 else "部长"


def compatible(title: Title, org: OrgRef) -> bool:
    """Can a title carried along a list belong to this body? (主任, 部长: not to a 老促会 carried from before.)"""
    allowed = COMPATIBLE.get(title.category)
    if allowed is None:
        return org.kind not in ("laocu", "social")
    return org.kind in allowed


class PersonReader:
    """Reads persons and posts from one sentence at a time, carrying organizations along it."""

    def __init__(self, ctx: AreaContext, lex: Lexicon | None = None):
        self.lex = lex or load_lexicon()
        self.ctx = ctx
        self.home: OrgRef | None = None  # the report's own association, for 当选为会长 and lists without one
        self._divisions: list = []  # the divisions named in the sentence being read
        self._chain_at = 0  # where the name of the chain being parsed starts
        idx = _indexes(self.lex)
        self._title_lengths = idx["title_lengths"]
        self._title_last = idx["title_last"]
        self._title_last_re = idx["title_last_re"]
        self._surname_starts = idx["surname_starts"]
        self._title_prefixes = idx["title_prefixes"]
        self._titles_by_first = idx["titles_by_first"]
        self._follow_by_first = idx["follow_by_first"]

    # -- names -------------------------------------------------------------------------------
    def surname_len(self, t: str, i: int) -> int:
        if t[i : i + 2] in self.lex.compound_surnames:
            return 2
        return 1 if t[i : i + 1] in self.lex.surnames else 0

    def boundary(self, t: str, j: int) -> bool:
        if j >= len(t) or t[j] in DELIMS:
            return True
        return any(t.startswith(w, j) for w in self._follow_by_first.get(t[j], ()))

    def title_ending_at(self, t: str, end: int, start_limit: int = 0) -> str | None:
        if end <= 0 or t[end - 1] not in self._title_last:
            return None
        for n in self._title_lengths:
            if end - n >= start_limit and t[end - n : end] in self.lex.titles:
                return t[end - n : end]
        return None

    def valid_name(self, cand: str, sl: int) -> bool:
        given = cand[sl:]
        if any(not ("\u4e00" <= c <= "\u9fff") for c in cand) or any(c in NON_NAME for c in given):
            return False
        if given in self._title_prefixes or any(given.endswith(t) for t in (given, given[1:]) if len(t) >= 2
                                                 and t in self.lex.titles):
            return False  # 郑会长 is a back-reference, not a person called 郑会长
        return True

    def name_at(self, t: str, i: int) -> str | None:
        """The person name starting at ``i``, or None."""
        sl = self.surname_len(t, i)
        if not sl or self._title_follows(t, i):  # 常务副会长, 代县长: a title, not a name
            return None
        options = []
        for glen in (2, 1):
            cand = t[i : i + sl + glen]
            if len(cand) == sl + glen and self.valid_name(cand, sl) and self.boundary(t, i + sl + glen):
                options.append(cand)
        if not options:
            return None
        if len(options) == 2 and options[0][-1] in ONE_CHAR_FOLLOW:
            after = i + len(options[0])  # 邬春来的《…》, 王拥和作报告: the third character is the name's own
            if not (after == len(t) or t[after] in DELIMS or t[after] == "的" or
                    (options[0][-1] not in "来到赴" and t.startswith(STRONG_FOLLOW, after))):
                return options[1]
        return options[0]

    def unmarked_name_at(self, t: str, i: int) -> str | None:
        """A name without a Han surname (敖日格乐, 宝音) right after a title: 2–4 characters closed by
        punctuation, none of them a character names do not have, not an ordinary word or a title."""
        for n in (4, 3, 2):
            cand = t[i : i + n]
            if len(cand) < n or not (i + n == len(t) or t[i + n] in "、,,。;;(( " or
                                     (n >= 3 and t.startswith(STRONG_FOLLOW + ("出席",), i + n))):
                continue
            if any(not ("\u4e00" <= c <= "\u9fff") or c in NON_NAME for c in cand) or self._title_follows(t, i):
                continue
            if is_common_word(cand) or any(is_common_word(cand[k : k + 2]) for k in range(1, n - 1)):
                continue
            return cand
        return None

    # -- chains ------------------------------------------------------------------------------
    def read(self, t: str, orgs: list | None = None, divisions: list | None = None) -> list[FoundPerson]:
        """Persons in sentence ``t`` with their posts, left to right (``orgs``: find_orgs(t) if known;
        ``divisions``: find_divisions(t), for a bare 县长 after the county the sentence names)."""
        self._divisions = divisions or []
        found: list[FoundPerson] = []
        last_org: OrgRef | None = None
        n = len(t)
        surnames = self._surname_starts
        starts = [m.end() for m in self._title_last_re.finditer(t, 0, n - 1)]  # a name right after a title
        k = 0
        i = 0
        while k < len(starts):
            if starts[k] < i:
                k += 1
                continue
            i = starts[k]
            k += 1
            title = self.title_ending_at(t, i)
            if title and t[i] == "会" and title.endswith(("理事", "监事", "委员", "常委")):
                title = None  # 第二届理事会顾问: 理事会 is a body, 会顾问 no name
            name = (self.name_at(t, i) if t[i] in surnames else None) if title else None
            if name and t[i] in "和与及" and not (i + len(name) == n or t[i + len(name)] in DELIMS):
                name = None  # 会长和工作站站长: 和 joins two titles here
            if name and t[i + len(name) : i + len(name) + 1] in ("和", "与") and \
                    t.startswith(STRONG_FOLLOW + ("出席",), i + len(name) + 1) and \
                    (longer := self.unmarked_name_at(t, i)) and len(longer) == len(name) + 1:
                name = longer  # 巴图孟和出席: 和 ends the name (no one is named after it)
            if title and not name and not any(t[i - len(title) : i + x] in self.lex.titles for x in (1, 2, 3)):
                name = self.unmarked_name_at(t, i)  # 敖日格乐, 阿拉坦仓: no Han surname (敖 may still start it)
            if not name:
                continue
            posts, chain_start = self.parse_chain(t, i, last_org)
            if not posts:
                continue
            for p in posts:
                if p.org is not None:
                    last_org = p.org
            group = [FoundPerson(name, i, i + len(name), list(posts), chain_start=chain_start)]
            j = i + len(name)
            group[0].gender, j = _gender(t, j)
            group[0].tail = j
            # 副会长李四、王五(女)、赵六: the list shares the posts
            while j < n and t[j] == "、":
                nxt = self.name_at(t, j + 1)
                if not nxt or self._title_follows(t, j + 1 + len(nxt)):
                    break
                group.append(FoundPerson(nxt, j + 1, j + 1 + len(nxt), list(posts), via="list"))
                group[-1].gender, j = _gender(t, j + 1 + len(nxt))
                group[-1].tail = j
            contributions = _contributions(t, j)
            for g in group:
                g.contributions = contributions
            found.extend(group)
            i = j
        found += self.read_list_first(t, found, last_org)
        found += self.read_org_members(t, {f.name for f in found}, orgs)
        found += self.read_described(t, {f.name for f in found})
        found += self.read_title_after(t, {f.name for f in found}, found)
        found += self.read_names_before_title(t, found)
        # 姜某某会长充分肯定: the title is the name's before it, and 充分 no name after it
        title_ends = {f.end for f in found if f.via == "title-after"}
        found = [f for f in found if not (f.via == "chain" and f.chain_start in title_ends and is_common_word(f.name))]
        # a verb at the end of a list sentence (… 参加会议) applies to everyone in it without one
        tail = _contributions(t, max(0, len(t) - 6))
        if tail:
            for f in found:
                if not f.contributions:
                    f.contributions = tail
        return found

    def read_list_first(self, t: str, found: list[FoundPerson], carried: OrgRef | None) -> list[FoundPerson]:
        """李四、王五(女)为副会长; 聘请原县政协副主席张三、县关工委主任李四为顾问 — names first, then the post."""
        out: list[FoundPerson] = []
        by_end = {max(f.end, f.tail): f for f in found}
        for m in _LIST_VERB_RE.finditer(t):
            v, ve = m.start(), m.end()
            if t.startswith(("继续", "再次", "连续", "再度"), v - 2) and m.group(0) in ("当选为", "当选", "担任"):
                v -= 2  # 某某继续当选会长
            if t.startswith("同志", v - 2):
                v -= 2  # 增补王某某同志为理事
            if v not in by_end and not (v > 0 and _may_end_name(t[v - 1])):
                continue  # no name ends right before the verb
            posts = self._posts_after(t, ve, carried)
            if not posts:
                continue
            if v in by_end:  # names that carry their own title chains: the post is added to them
                f = by_end[v]
                while True:
                    f.posts.extend(p for p in posts if p not in f.posts)
                    k = f.chain_start - 1
                    nxt = next((g for g in found if max(g.end, g.tail) == k), None) if k > 0 and t[k] == "、" else None
                    if nxt is None or posts[0] in nxt.posts:
                        break
                    f = nxt
                continue
            if m.group(0) in COPULAS:
                continue  # 是/系 only after a name read with its own title (新当选的会长某某是县政协原副主席)
            known = {f.name: f for f in found + out}
            for name, a in self._names_ending_at(t, v):
                if name not in known:
                    out.append(FoundPerson(name, a, a + len(name), list(posts), via="list-first"))
                else:  # 常立周、原明为副会长,原明兼秘书长: one more post for a person already read
                    known[name].posts.extend(p for p in posts if p not in known[name].posts)
        return out

    def read_names_before_title(self, t: str, found: list[FoundPerson]) -> list[FoundPerson]:
        """还有甲、乙、丙等十位副会长: the names, then their count and one title (of the body named before)."""
        out: list[FoundPerson] = []
        known = {f.name for f in found}
        for a, b, name, _, what in names_before_deng(self, t, ("还有", "包括")):
            what = next((what[:k] for k in range(min(len(what), 8), 1, -1) if what[:k] in self.lex.titles), "")
            info = self.lex.titles.get(what)
            if info is None or name in known:
                continue
            org = next((p.org for f in reversed(found) if f.end < a for p in f.posts
                        if p.org is not None and compatible(info, p.org)), None)
            if org is None and info.category == "association":
                org = self.home
            out.append(FoundPerson(name, a, b, [Post(what, org, what)], via="list-title"))
        return out

    def read_org_members(self, t: str, known: set[str], orgs: list | None = None) -> list[FoundPerson]:
        """丙县老促会陈某某就…发言: a person right after an organization, with no title (no post is invented)."""
        out = []
        for _, e, _ref in orgs if orgs is not None else find_orgs(t, self.ctx):
            name = self.name_at(t, e)
            if name and name[0] in self.lex.common_word_surnames and not t.startswith(STRONG_FOLLOW, e + len(name)) \
                    and not (len(name) == 3 and e + 3 < len(t) and t[e + 3] in DELIMS):
                continue  # 向新当选的: 向 is a preposition here; 于海燕就…发言 and …老促会何瑞丰, are names
            if name and name not in known and not self.title_ending_at(t, e) and not is_common_word(name) and \
                    not frequent_word(name):  # 某某促进会荣获: jieba tags 荣获 as a name
                f = FoundPerson(name, e, e + len(name), [], via="org-member")
                f.contributions = _contributions(t, e + len(name))
                out.append(f)
        return out

    def read_title_after(self, t: str, known: set[str], found: list[FoundPerson]) -> list[FoundPerson]:
        """郑一会长指出: a full name, then a title, then a word that follows names (the post's body, if any,
        is the one carried in the sentence before the name; otherwise the resolver keeps the post only if it is
        stated elsewhere)."""
        out = []
        for i in self._clause_starts(t):
            sl = self.surname_len(t, i)
            if not sl:
                continue
            for glen in (2, 1):
                cand = t[i : i + sl + glen]
                if glen == 2 and cand[-1] in "为兼任是系":
                    continue  # 原明为副会长, 原明兼秘书长: the verb, not the name's third character
                j = i + len(cand)
                title = next((ti for ti in self._titles_by_first.get(t[j : j + 1], ()) if t.startswith(ti, j)), None)
                if title is None:
                    continue
                wordy = is_common_word(cand) if glen == 1 else \
                    common_word(cand) or common_word(cand[:2], min_freq=1000)  # 温水林 is a name, 高度… no
                if self.valid_name(cand, sl) and self.boundary(t, j + len(title)) and cand not in known and not wordy:
                    info = self.lex.titles[title]
                    before = [p.org for f in found if f.end <= i for p in f.posts if p.org is not None]
                    carried = before[-1] if before else None
                    org = carried if carried is not None and compatible(info, carried) else None
                    f = FoundPerson(cand, i, j, [Post(title, org, t[j : j + len(title)])], via="title-after")
                    k = j + len(title)
                    if t.startswith("兼", k):  # 温某副会长兼秘书长作…: both titles
                        second = next((ti for ti in self._titles_by_first.get(t[k + 1 : k + 2], ())
                                       if t.startswith(ti, k + 1)), None)
                        if second and self.boundary(t, k + 1 + len(second)):
                            f.posts.append(Post(second, org, second))
                            title = t[j : k + 1 + len(second)]
                    if info.implied_org != "party_central":  # 总书记 quoted (…总书记考察…讲话): not at the meeting
                        f.contributions = _contributions(t, j + len(title))
                    out.append(f)
                    known = known | {cand}
                    break
        return out

    def _clause_starts(self, t: str) -> list[int]:
        """Positions where a surname begins a clause (after punctuation or 由/和/与/及/同/在)."""
        return [m.start() for m in _clause_start_re(self._surname_starts).finditer(t)]

    def read_backrefs(self, t: str) -> list[tuple[str, str, int, int, list[str]]]:
        """郑会长指出: a surname and a title stand for a person named earlier: (surname, title, start, end, did)."""
        out = []
        for i in self._clause_starts(t):
            sl = self.surname_len(t, i)
            if not sl:
                continue
            j = i + sl
            title = next((ti for ti in self._titles_by_first.get(t[j : j + 1], ()) if t.startswith(ti, j)), None)
            if title and self.boundary(t, j + len(title)):
                out.append((t[i:j], title, i, j + len(title), _contributions(t, j + len(title))))
        return out

    def read_described(self, t: str, known: set[str]) -> list[FoundPerson]:
        """红军后代李某某结合…: a name right after a descriptor word is a person (without a post)."""
        out = []
        for m in _descriptor_re(self.lex.descriptors).finditer(t):
            name = self.name_at(t, m.end())
            if name and name not in known and not is_common_word(name) and \
                    name[0] not in self.lex.common_word_surnames:
                group = [FoundPerson(name, m.end(), m.end() + len(name), [], via="described")]
                _, j = _gender(t, m.end() + len(name))
                while j < len(t) and t[j] == "、":  # 县领导甲、乙、丙参加会议: the whole list
                    nxt = self.name_at(t, j + 1)
                    if not nxt or nxt in known or self._title_follows(t, j + 1 + len(nxt)):
                        break
                    group.append(FoundPerson(nxt, j + 1, j + 1 + len(nxt), [], via="described"))
                    _, j = _gender(t, j + 1 + len(nxt))
                for f in group:
                    f.contributions = _contributions(t, j)
                out.extend(group)
                known = known | {f.name for f in group}
        return out

    def _posts_after(self, t: str, start: int, carried: OrgRef | None) -> list[Post]:
        """The post(s) right after a list verb, up to punctuation: 为县政协原副主席; 为常务副会长兼秘书长."""
        for e in range(start + 2, min(len(t), start + 20) + 1):
            if not (e == len(t) or t[e] in DELIMS or t.startswith(("及", "和", "等", "兼"), e)):
                continue
            title = self.title_ending_at(t, e, start)
            if title is None:
                return []
            pos = e - len(title)
            if pos - 1 > start and t[pos - 1] == "新":
                pos -= 1  # 为市老促会新会长: the new one
            if pos - 1 > start and t[pos - 1] == "的":
                pos -= 1  # 为第二届市老促会的会长
            former = pos > start and t[pos - 1] == "原"
            org_end = pos - 1 if former else pos
            org_start = start + 1 if t[start] == "原" and org_end > start + 1 else start
            former = former or org_start > start
            org, _ = self._org_in(t, org_start, org_end)
            info = self.lex.titles[title]
            if org is None and org_end > org_start and _OWN_BODY.fullmatch(t[org_start:org_end]) and \
                    info.category == "association" and self.home is not None:
                org = self.home  # 为第二届理事会顾问, 为老促会理事: the association holding the meeting
            if org is None and org_end > org_start:
                return []
            if org is None:
                if info.category == "association" and self.home is not None:
                    org = self.home  # 会议聘请某某为顾问: the association holding the meeting
                elif carried is not None and compatible(info, carried):
                    org = carried
            posts = [Post(("原" + title) if former else title, org, t[start:e], former)]
            if e < len(t) and t[e] == "兼" and org is not None:  # 常务副会长兼秘书长: both in the same body
                k = e + 1
                while k < len(t) and t[k] not in DELIMS and k - e <= 8:
                    k += 1
                second = self.title_ending_at(t, k, e + 1)
                if second is not None and k - len(second) == e + 1:
                    posts.append(Post(second, org, t[e + 1 : k]))
            return posts
        return []

    def _names_ending_at(self, t: str, end: int, triggers: tuple[str, ...] = LIST_TRIGGERS
                         ) -> list[tuple[str, int]]:
        """The list of names (、-separated, with (女) marks) that ends exactly at ``end``."""
        for s in range(max(0, end - 40), end - 1):
            if not (s == 0 or t[s - 1] in DELIMS or t[:s].endswith(triggers)):
                continue
            names: list[tuple[str, int]] = []
            j = s
            while j < end:
                name = self.name_at(t, j)
                if not name:
                    break
                names.append((name, j))
                j += len(name)
                _, j = _gender(t, j)
                if j < end and t[j] == "、":
                    j += 1
                elif j != end:
                    break
            if names and j == end:
                return names
        return []

    def _title_follows(self, t: str, j: int) -> bool:
        return j < len(t) and any(t.startswith(title, j) for title in self._titles_by_first.get(t[j], ())
                                  if len(title) >= 2)

    def parse_chain(self, t: str, name_start: int, carried: OrgRef | None) -> tuple[list[Post], int]:
        """Posts in the title chain that ends right before ``name_start``, and where the chain starts."""
        self._chain_at = name_start
        segments: list[tuple[list[str], OrgRef | None, bool, str, int]] = []
        end = name_start
        chain_start = end
        while True:
            titles: list[str] = []
            pos = end
            title = self.title_ending_at(t, pos)
            while title:
                titles.insert(0, title)
                pos -= len(title)
                if pos > 0 and t[pos - 1] == "兼" and (prev := self.title_ending_at(t, pos - 1)):
                    pos -= 1
                    title = prev
                    continue
                break
            if not titles:
                break
            former = False
            term = _TERM_BEFORE_RE.search(t, max(0, pos - 6), pos)
            if term is not None and term.start() > 0:
                pos = term.start()  # 省老促会新一届会长某某: the body's new term, not a body
            if pos > 0 and t[pos - 1] == "原" and not self._is_surname_start(t, pos - 1):
                former = True
                pos -= 1
            seg_start = _segment_start(t, pos)
            org, org_start = self._org_in(t, seg_start, pos)
            if org is None and seg_start == pos and (alias := _ALIAS_NOTE_RE.search(t, 0, seg_start)) is not None:
                # 中国老区建设促进会(以下简称老促会)执行会长某某: the body written before its abbreviation note
                org, org_start = self._org_in(t, _segment_start(t, alias.start()), alias.start())
                if org is not None:
                    seg_start = org_start
            jian = t.rfind("兼", seg_start, pos)
            if org is None and jian > seg_start and (first := self.title_ending_at(t, jian, seg_start)):
                # 市政协常委兼农村工作委员会主任: 常委 of the body, 主任 of its unit named after 兼
                body, body_start = self._org_in(t, seg_start, jian - len(first))
                unit = t[jian + 1 : pos]
                if body is not None and _UNIT_RE.fullmatch(unit) and body.kind in _UNIT_PARENTS:
                    kind = _UNIT_KINDS.get(body.kind, "social")
                    unit_org = OrgRef(body.name + unit, unit, kind, body.area, body.name)
                    segments.insert(0, (titles, unit_org, former, t[jian + 1 : end], None, ""))
                    titles, org, org_start, pos = [first], body, body_start, jian
                    end = jian
                    former = False
                elif body is None and jian - len(first) == seg_start and unit in ASSOCIATION_UNITS and \
                        self.lex.titles[first].category == "association":
                    # (会长甲、)副秘书长兼办公室主任乙: the unit of the association the list is about
                    segments.insert(0, (titles, None, former, t[jian + 1 : end], "unit:" + unit, ""))
                    titles, pos, end, former = [first], seg_start, jian, False
            body = next((b for b in ("党委", "纪委", "政法委") if titles[0].startswith(b) and len(titles[0]) > len(b)), None)
            if org is None and pos > seg_start and body:
                # 城南庄镇党委副书记, 市纪委书记: the body belongs to the area before it, the title is the rest
                org2, start2 = self._org_in(t, seg_start, pos + len(body))
                if org2 is not None and org2.kind in ("party", "party_dept"):
                    org, org_start = org2, start2
                    titles[0] = titles[0][len(body):]
            dept = None
            if org is None and pos > seg_start and t[seg_start:pos] in BARE_BODIES:
                dept, org_start = t[seg_start:pos], seg_start  # 市委常委、军分区司令员: that city's 军分区
            if org is None and pos > seg_start and t[seg_start:pos] in DEPARTMENTS:
                dept, org_start = t[seg_start:pos], seg_start  # 市委常委、宣传部部长: the department of the chain's committee
            area_only = None
            if org is None and dept is None and pos > seg_start:
                div = self.ctx.lookup(t[seg_start:pos], allow_short=False)
                if div is not None:  # 城南庄镇原镇长: an area before a title that names its own body
                    area_only, org_start = div.name, seg_start
                    if all(self.lex.titles[x].category == "association" for x in titles) and \
                            self.home is not None and self.home.kind == "laocu":
                        written_org = t[seg_start:pos] + "老促会"  # 湖北省常务副会长兼秘书长: that area's 老促会
                        hit = org_ending_at(written_org, len(written_org), self.ctx)
                        if hit is not None:
                            org, area_only = OrgRef(hit[1].name, t[seg_start:pos], "laocu", hit[1].area), None
            if org is None and t[seg_start:pos] in BARE_LAOCU and carried is not None and carried.area:
                # 咸宁市委书记…,老促会会长某某: the bare 老促会 of the area the sentence is about
                written_org = carried.area + t[seg_start:pos]
                hit = org_ending_at(written_org, len(written_org), self.ctx)
                if hit is not None and hit[1].kind == "laocu":
                    org, org_start = OrgRef(hit[1].name, t[seg_start:pos], "laocu", hit[1].area), seg_start
            written = t[(org_start if org or dept or area_only else pos) : end]
            junk_before = org is not None and org_start > seg_start
            if org is not None and org_start > seg_start and t[org_start - 1] == "原":
                former = True
                junk_before = org_start - 1 > seg_start
                written = t[org_start - 1 : end]
            if org is None and dept is None and area_only is None and pos > seg_start:
                # text before the title that is no organization we know: the chain stops at the title, unless
                # the whole segment reads as a body's name (军事医学科学院九所原政委) after a 、 of the chain
                junk_before = not (seg_start > 0 and t[seg_start - 1] == "、" and
                                   _BODY_LIKE.fullmatch(t, seg_start, pos - (1 if t[pos - 1] == "原" else 0)))
            unknown = t[seg_start:pos] if org is None and dept is None and area_only is None else ""
            if _VERB_BEFORE_TITLE.search(unknown):
                unknown = ""  # 会议选举产生了副会长某某: a verb before the title, no unknown body
            segments.insert(0, (titles, org, former, written, dept or area_only, unknown))
            chain_start = org_start if org or dept or area_only else pos
            if former and chain_start > 0 and t[chain_start - 1] == "原":
                chain_start -= 1
            if junk_before or seg_start == 0 or t[seg_start - 1] != "、":
                break
            end = seg_start - 1
            if not self.title_ending_at(t, end):
                # 市老促会、市乡村振兴协会会长某某: one title over two bodies named together
                shared = self._org_in(t, _segment_start(t, end), end) if org is not None else (None, end)
                same_kind = shared[0] is not None and (shared[0].kind == org.kind or
                                                       {shared[0].kind, org.kind} <= {"laocu", "social"})
                if same_kind and t[_segment_start(t, end) : shared[1]] in ("", "在", "由", "和", "与", "及", "向", "对"):
                    segments.insert(0, (titles, shared[0], former, t[shared[1] : end], None, ""))
                    chain_start = shared[1]
                break
        posts: list[Post] = []
        left_org: OrgRef | None = None
        for titles, org, former, written, dept, unknown in segments:
            area = None
            if dept is not None and dept.startswith("unit:"):
                base = left_org or carried
                if base is not None and base.kind in ("laocu", "social"):
                    org = OrgRef(base.name + dept[5:], dept[5:], "social", base.area, base.name)
                dept = None
            if dept in BARE_BODIES:
                if left_org is not None and left_org.area:
                    div = self.ctx.lookup(left_org.area, allow_short=False)  # 临沂军分区: named by the short form
                    written_org = (div.short if div is not None and div.short else left_org.area) + dept
                    hit = org_ending_at(written_org, len(written_org), self.ctx)
                    org = hit[1] if hit is not None else None
                dept = None
            if dept is not None and dept not in DEPARTMENTS:
                area, dept = dept, None
            if dept is not None and left_org is not None and left_org.kind == "party":
                org = OrgRef(left_org.name + dept, dept, "party_dept", left_org.area, left_org.name)
            elif dept == "办公室" and left_org is None and carried is not None and carried.kind in ("laocu", "social"):
                # 省老促会会长甲、副会长乙、办公室主任丙: the office of the association the list is about
                org = OrgRef(carried.name + dept, dept, "social", carried.area, carried.name)
            for title in titles:
                info = self.lex.titles[title]
                use = org
                if use is not None and use.kind == "party" and info.implied_org.startswith("dept:"):
                    dept_name = info.implied_org[5:]  # 于都县委组织部长: the department of that committee
                    use = OrgRef(use.name + dept_name, dept_name, "party_dept", use.area, use.name)
                if use is None:
                    use = self._implied(info, left_org, area)
                if use is None and not unknown:  # 原市扶贫办主任: no body carried over words not understood
                    cand = left_org or carried
                    if cand is not None and compatible(info, cand):
                        use = cand
                if use is None and info.category == "association" and self.home is not None and \
                        (not unknown or _OWN_BODY.fullmatch(unknown.removeprefix("原"))):
                    use = self.home  # 第一届老促会副会长: the home association (红海湾老促会会长: not it)
                bare = _bare_title(title, info.implied_org)
                posts.append(Post(("原" + bare) if former else bare, use, written, former))
            if org is not None:
                left_org = org
        return posts, chain_start

    def _is_surname_start(self, t: str, i: int) -> bool:
        """原 followed by a full name (原卫国) is a surname, not 'former'."""
        return t[i] == "原" and self.name_at(t, i) is not None and self.title_ending_at(t, i + 3) is None

    def _org_in(self, t: str, seg_start: int, pos: int) -> tuple[OrgRef | None, int]:
        if pos <= seg_start:
            return None, pos
        text = t
        end = pos
        if t[seg_start:pos].endswith("老促"):  # 老促会长 = 老促会会长
            text = t[:pos] + "会"
            end = pos + 1
        hit = org_ending_at(text, end, self.ctx, seg_start, loose=True)
        if hit is None and (board := _BOARD_AFTER.search(t, seg_start, pos)) is not None and board.end() == pos:
            # 偃师市老区建设促进会第二届理事会会长, 新一届区老促会理事会会长: the association of that board
            lead = _BOARD_BEFORE.match(t, seg_start, board.start())
            hit = org_ending_at(t, board.start(), self.ctx, lead.end() if lead else seg_start, loose=True)
            if hit is not None and (hit[0] != (lead.end() if lead else seg_start) or hit[1].kind != "laocu"):
                hit = None
        if hit is None and pos - seg_start >= 5:
            hit = self._unit_of(t, seg_start, pos)
        if hit is None:
            return None, pos
        start, org = hit
        if end != pos:
            org = OrgRef(org.name, org.surface[:-1], org.kind, org.area, org.parent)
        return org, start

    def _unit_of(self, t: str, seg_start: int, pos: int) -> tuple[int, OrgRef] | None:
        """市政协农村工作委员会, 中国老促会会员管理部, 某县老促会妇工委: a unit named right after its body."""
        unit = _UNIT_RE.search(t, seg_start, pos)
        if unit is None or unit.end() != pos or "兼" in t[seg_start:pos]:
            return None
        for k in range(max(seg_start + 2, unit.start()), pos - 1):
            hit = org_ending_at(t, k, self.ctx, seg_start, loose=True)
            if hit is not None and t[seg_start : hit[0]] in ("", "原") and hit[1].kind in _UNIT_PARENTS:
                if any(self.title_ending_at(t, x, k) not in (None, "委员", "常务委员", "会员") for x in range(k + 2, pos)):
                    return None  # 老促会副会长妇工委: a title inside, not one unit
                parent = hit[1]
                name = t[k:pos]
                kind = _UNIT_KINDS.get(parent.kind, "social")
                return hit[0], OrgRef(parent.name + name, t[hit[0] : pos], kind, parent.area, parent.name)
        return None

    def _implied(self, info: Title, left: OrgRef | None, area_only: str | None = None) -> OrgRef | None:
        implied = info.implied_org
        if not implied:
            return None
        if implied == "party_central":
            return OrgRef("中共中央", "", "party", None)
        if implied.startswith("dept:"):
            dept = implied[5:]
            party = left if left is not None and left.kind == "party" else None
            if party is None:
                return None
            return OrgRef(party.name + dept, dept, "party_dept", party.area, party.name)
        if implied.startswith("government@"):
            area = area_only or (left.area if left is not None and left.area else None)
            level = implied.split("@", 1)[1]
            if area is None and level in ("county", "city"):  # 到台前县参观,在县长某某陪同下: that county's
                want = "county" if level == "county" else "prefecture"
                area = next((div.name for _, end, div, _ in reversed(self._divisions)
                             if end <= self._chain_at and div.level == want), None)
            if area is None:
                div = self.ctx.resolve_level({"province": "省", "city": "市", "county": "县", "district": "区",
                                              "prefecture": "州", "township": "镇"}[level])
                area = div.name if div else None
            if area is None:
                return None
            if area.endswith("盟"):  # a league (盟) is governed by an administrative office (行政公署)
                return OrgRef(area + "行政公署", "", "government", area)
            return OrgRef(area + "人民政府", "", "government", area)
        return None


def _may_end_name(c: str) -> bool:
    """A character a name (or its (女) mark: 某某(女)为副会长) can end with."""
    return c == ")" or ("\u4e00" <= c <= "\u9fff" and c not in NON_NAME)


_INDEXES: dict[int, dict] = {}


def _indexes(lex: Lexicon) -> dict:
    """Lookup tables over the lexicon, built once per lexicon."""
    if id(lex) not in _INDEXES:
        _INDEXES[id(lex)] = {
            "title_lengths": sorted({len(t) for t in lex.titles}, reverse=True),
            "title_last": frozenset(t[-1] for t in lex.titles),
            "title_last_re": re.compile("[" + re.escape("".join(sorted({t[-1] for t in lex.titles}))) + "]"),
            "surname_starts": frozenset(lex.surnames | {c[0] for c in lex.compound_surnames}),
            "title_prefixes": frozenset(t[:k] for t in lex.titles if len(t) >= 2 for k in range(1, len(t) + 1)),
            "titles_by_first": _by_first(lex.titles),
            "follow_by_first": _by_first(lex.follow_words),
        }
    return _INDEXES[id(lex)]


@cache
def _clause_start_re(surname_starts: frozenset[str]) -> re.Pattern[str]:
    before = re.escape("".join(sorted(DELIMS))) + "由和与及同在"
    return re.compile(f"(?:^|(?<=[{before}]))[{''.join(sorted(surname_starts))}]")


@cache
def _descriptor_re(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


def _by_first(words) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        out.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


def is_common_word(cand: str) -> bool:
    """The candidate (or its first two characters) is an ordinary word in jieba's dictionary (成立, 召开)."""
    return common_word(cand) or common_word(cand[:2])


def _gender(t: str, j: int) -> tuple[str | None, int]:
    for mark, g in (("(女)", "female"), ("(男)", "male")):
        if t.startswith(mark, j):
            return g, j + len(mark)
    if t.startswith("(", j):  # photo caption position: (左三)
        k = t.find(")", j)
        if 0 < k - j <= 5 and t[j + 1] in "左右中前后":
            return None, k + 1
    return None, j


def _contributions(t: str, j: int) -> list[str]:
    """What a person did, from the verb phrase after the name: 出席会议并讲话 → [出席, 讲话]."""
    out: list[str] = []
    phrase = _PHRASE_END.split(t[j : j + 12], 1)[0]
    if not phrase:
        return out
    for verb in _CONTRIBUTION_RE.findall(phrase):
        if verb not in out and not any(verb in v and verb != v for v in out):
            out.append(verb)
    out.sort(key=phrase.find)
    return out


_PHRASE_END = re.compile("[,。;、“”\"《(]")
_CONTRIBUTION_RE = re.compile("|".join(sorted(map(re.escape, CONTRIBUTIONS), key=len, reverse=True)))


def names_before_deng(reader: PersonReader, t: str, triggers: tuple[str, ...] = ()
                      ) -> list[tuple[int, int, str, int | None, str]]:
    """Award lists: 荆某某、李某(女)等11名宣传工作先进个人 → (start, end, name, count, what) per name."""
    out = []
    for m in re.finditer(r"等(\d+|[一二三四五六七八九十两百]+)(名|位|人)", t):
        e2 = m.end()
        stop = e2
        while stop < len(t) and t[stop] not in DELIMS and not t.startswith(("进行", "和", "及", "以及"), stop):
            stop += 1
        for name, a in reader._names_ending_at(t, m.start(), triggers=("的", "和", "及", "对", "以及", "了", "表彰",
                                                                   *triggers)):
            out.append((a, a + len(name), name, _to_int(m.group(1)), t[e2:stop]))
    return out


def _to_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    digits = "一二三四五六七八九"
    if s == "十":
        return 10
    if len(s) == 1 and s in digits:
        return digits.index(s) + 1
    if len(s) == 2 and s[0] == "十" and s[1] in digits:
        return 10 + digits.index(s[1]) + 1
    if len(s) == 2 and s[1] == "十" and s[0] in digits:
        return (digits.index(s[0]) + 1) * 10
    if len(s) == 3 and s[1] == "十" and s[0] in digits and s[2] in digits:
        return (digits.index(s[0]) + 1) * 10 + digits.index(s[2]) + 1
    return None
