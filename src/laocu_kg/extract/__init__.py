"""Extraction: a :class:`~laocu_kg.model.Report` in, an :class:`~laocu_kg.model.Extraction` out.

Rules over the text with lexicons from data files; no RDF here. Every mention keeps its span.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from laocu_kg.extract import dates as D
from laocu_kg.extract.events import (
    AWARD_DOMAIN_RE,
    EVENT_NOUNS,
    body_events,
    event_kind,
    parse_headline,
    parse_lead,
    quoted_events,
    works,
)
from laocu_kg.extract.lexicon import load_lexicon
from laocu_kg.extract.orgs import find_orgs, org_ending_at
from laocu_kg.extract.people import DELIMS, PersonReader, _to_int, names_before_deng
from laocu_kg.extract.places import (
    AreaContext,
    counties_of,
    find_divisions,
    find_site_lists,
    find_sites,
    find_township_villages,
    find_unlisted_townships,
    full_division_names,
    levels_of,
    place_ref,
    site_ref,
)
from laocu_kg.extract.text import CJK, Sentence, normalise, split_sentences
from laocu_kg.model import (
    AwardFact,
    EventFact,
    Extraction,
    OrgMention,
    OrgRef,
    Participation,
    PersonMention,
    PlaceMention,
    PlaceRef,
    Report,
    Span,
    WorkMention,
)

__all__ = ["extract", "clear_caches"]


def clear_caches() -> None:
    """Forget per-sentence caches (benchmarks call this so repeated rounds measure real work)."""
    from laocu_kg.extract.places import division_candidates

    division_candidates.cache_clear()

BYLINE_RE = re.compile(r"(?:^|(?<=[(\s]))(通讯员|记者|作者|撰稿|供稿|撰文|摄影|编辑|文/图|文|图)(?:[::\s/]+|(?=[^\s]{2,4}[)\s]))")


def _area_context(sentences: list[Sentence]) -> AreaContext:
    """The report's area from its headline and first paragraph (province first, then city, county)."""
    ctx = AreaContext()
    ctx.full_names = frozenset(n for s in sentences for n in full_division_names(s.text))
    for s in sentences[:6]:
        for _, _, div, _ in find_divisions(s.text, ctx):
            ctx.note(div)
    for s in sentences[:6]:  # again: 在恩阳召开 before 巴中市 is named resolves once the city is known
        for _, _, div, _ in find_divisions(s.text, ctx):
            if div.level in ("county", "township") and not any(lv in ctx.by_level for lv in levels_of(div)):
                ctx.note(div)
    text = "".join(s.text for s in sentences)
    for level, char in (("prefecture", "市"), ("county", "县")):
        if level in ctx.by_level or not re.search(f"(?:我|本|全){char}|(?<![{CJK}]){char}(?:老促会|委|人大|政府|政协)",
                                                  text):
            continue
        # 县老促会, 县人大 but the county named only further down (在革命老区某某县整体发展中): the one named
        found = {div for s in sentences[6:] for _, _, div, _ in find_divisions(s.text, ctx) if div.level == level}
        if len(found) == 1:
            ctx.note(found.pop())
    city = ctx.by_level.get("prefecture")
    if city is not None and "county" not in ctx.by_level and re.search("(?:我|本)县", text):
        # a county paper's 我县, with the county named only by its short form (对英山这片红色热土)
        counts = {d: text.count(d.short) for d in counties_of(city.code) if d.short and len(d.short) >= 2}
        best = max(counts, key=lambda d: (counts[d], d.code), default=None)
        if best is not None and counts[best] >= 1 and list(counts.values()).count(counts[best]) == 1:
            ctx.note(best)
    return ctx


_BARE_LAOCU_RE = re.compile(r"(?:召开|举行|举办)了?(?:第[^,。]{1,8}?)?(老区建设促进会|老促会)")


def _home_org(sentences: list[Sentence], ctx: AreaContext) -> OrgRef | None:
    """The report's own association: the first 老促会 (or other association) in the headline or first lines;
    `偃师市召开了老区建设促进会二届一次理事会议` names it by the area that holds the meeting."""
    for s in sentences[:4]:
        orgs = find_orgs(s.text, ctx)
        bare = _BARE_LAOCU_RE.search(s.text)
        if bare is not None and not any(a <= bare.start(1) < b for a, b, _ in orgs):
            divs = [d for d in find_divisions(s.text[: bare.start()], ctx)]
            if divs and (not orgs or orgs[0][0] > bare.start()):
                written = divs[-1][3] + bare.group(1)
                hit = org_ending_at(written, len(written), ctx)
                if hit is not None:
                    return hit[1]
        for _, _, ref in orgs:
            if ref.kind in ("laocu", "social"):
                return ref
    return None


def extract(report: Report) -> Extraction:
    """Find persons, posts, organizations, places, events, works and awards in one report."""
    lex = load_lexicon()
    norm = normalise(report.text)
    sentences = split_sentences(norm)
    out = Extraction(report)
    if not sentences:
        return out
    ctx = _area_context(sentences)
    out.area = (ctx.by_level.get("city") or ctx.province).name if (ctx.by_level.get("city") or ctx.province) else None
    out.province = ctx.province.name if ctx.province else None
    reader = PersonReader(ctx, lex)
    reader.home = _home_org(sentences, ctx)
    authors = _authors(sentences, reader)
    author_names = {a.name for a in authors}
    out.authors = authors

    backrefs: list = []
    for s in sentences:
        off = s.span.start
        t = s.text
        masked = _mask_brackets(t)
        # organizations
        orgs = find_orgs(masked, ctx)
        for a, b, ref in orgs:
            out.orgs.append(OrgMention(ref, Span(off + a, off + b), s.span))
        # places
        taken: list[tuple[int, int]] = []
        divisions = find_divisions(masked, ctx)
        for a, b, div, surface in divisions:
            out.places.append(PlaceMention(place_ref(div, surface, lex), Span(off + a, off + b), s.span))
            taken.append((a, b))
        for a, b, ref in find_unlisted_townships(masked, ctx, divisions):
            out.places.append(PlaceMention(ref, Span(off + a, off + b), s.span))
            taken.append((a, b))
        n_divisions = len(taken)
        villages = find_township_villages(masked, ctx)
        for a, b, item in find_site_lists(masked) + villages + find_sites(masked):
            ref = site_ref(item, ctx)
            if ref is None:
                continue
            if any(a < y and x < b for x, y in taken[n_divisions:]) and (ref.level != "village" or
                                                                          (a, b, item) not in villages):
                continue  # (a village inside a longer site name is a place too: 鹿台村 of 鹿台村道地药材产业园)
            out.places.append(PlaceMention(ref, Span(off + a, off + b), s.span))
            taken.append((a, b))
        # persons and posts
        for f in reader.read(masked, orgs, divisions):
            if f.name in author_names and s.is_line and s is sentences[-1]:
                continue
            out.persons.append(PersonMention(f.name, Span(off + f.start, off + f.end), s.span, tuple(f.posts),
                                             f.gender))
            out.participations.extend(Participation(f.name, c, s.span) for c in f.contributions)
        backrefs.extend((s, *b) for b in reader.read_backrefs(masked))
        # awards (and persons named only as recipients)
        _awards(out, reader, ctx, s, masked)
        # works
        for a, b, title in works(t):
            out.works.append(WorkMention(title, Span(off + a, off + b), s.span))
    _resolve_backrefs(out, backrefs)
    _events(out, sentences, ctx, norm)
    return out


def _resolve_backrefs(out: Extraction, backrefs: list) -> None:
    """郑会长 → the one person of the report with surname 郑 who holds 会长 (or was named with it)."""
    for s, surname, title, a, b, did in backrefs:
        holders = {p.name for p in out.persons if p.name.startswith(surname) and len(p.name) > len(surname)
                   and any(x.title.removeprefix("原") == title for x in p.posts)}
        if len(holders) == 1:
            name = holders.pop()
            out.persons.append(PersonMention(name, Span(s.span.start + a, s.span.start + b), s.span))
            out.participations.extend(Participation(name, c, s.span) for c in did)


def _mask_brackets(t: str) -> str:
    """Blank out titles of works (《…》) so their words are not read as names or organizations; a title
    that names its publisher (《红土地》杂志社) stays."""
    return _WORK_TITLE_RE().sub(lambda m: "《" + "_" * (len(m.group(0)) - 2) + "》", t)


@cache
def _WORK_TITLE_RE() -> re.Pattern:  # noqa: N802 (a compiled constant, built once from the lexicon)
    media = sorted((k for k, v in load_lexicon().org_kinds.items() if v.kind == "media"), key=len, reverse=True)
    return re.compile(r"《[^《》]*》(?!" + "|".join(media) + ")")


def _authors(sentences: list[Sentence], reader: PersonReader) -> list[PersonMention]:
    """Bylines (通讯员 甲 记者 乙) and a name alone on the last line."""
    out: list[PersonMention] = []
    for s in sentences:
        t = s.text
        if not (t.startswith("(") or s is sentences[-1] or s.line <= 1):
            continue
        for m in BYLINE_RE.finditer(t):
            j = m.end()
            while j < len(t):
                name = reader.name_at(t, j)
                if not name:
                    break
                out.append(PersonMention(name, Span(s.span.start + j, s.span.start + j + len(name)), s.span,
                                         role_hint=m.group(1)))
                j += len(name)
                while j < len(t) and t[j] in " 、,":
                    j += 1
    last = sentences[-1]
    tail = last.text.split()[-1] if last.text.split() else ""
    if last.is_line and 2 <= len(tail) <= 4 and reader.surname_len(tail, 0):
        sl = reader.surname_len(tail, 0)
        if reader.valid_name(tail, sl) and len(tail) - sl in (1, 2):
            k = last.text.rfind(tail)
            out.append(PersonMention(tail, Span(last.span.start + k, last.span.start + k + len(tail)), last.span,
                                     role_hint="sign-off"))
    seen: set[str] = set()
    return [a for a in out if not (a.name in seen or seen.add(a.name))]


_QUOTED_RE = re.compile(r"[“\"]([^”\"]{2,24})[”\"]")
_HOLDER_RE = re.compile(r"((?:[“\"][^”\"]{2,24}[”\"][、和及与]?)+)获得者[、,]?")
_WORK_PRIZE_RE = re.compile(r"((?:[\u4e00-\u9fff]{2,4}的《_+》[、和及]?)+)(?:等[\d一二三四五六七八九十]+(?:件|幅|部|篇)作品)?"
                            r"(?:分别)?(?:荣获|获得|获)([一二三四五六七八九十特优秀金银铜等]{1,4}奖)")


def _awards(out: Extraction, reader: PersonReader, ctx: AreaContext, s: Sentence, t: str) -> None:
    off = s.span.start
    for m in _WORK_PRIZE_RE.finditer(t):  # 甲的《…》、乙的《…》等3件作品获一等奖: the authors are the recipients
        for w in re.finditer(r"的《", m.group(0)):
            end = m.start() + w.start()
            for a in range(end - 4, end - 1):
                if a >= 0 and reader.name_at(t, a) == t[a:end]:
                    out.awards.append(AwardFact(m.group(2), t[a:end], False, s.span))
                    out.persons.append(PersonMention(t[a:end], Span(off + a, off + end), s.span))
                    break
    for m in _HOLDER_RE.finditer(t):  # “甲奖”、“乙奖”获得者、县老促会原会长某某: the person right after
        k = m.end()
        first = min(reader.read(t[k:]), key=lambda f: f.start, default=None)
        if first is not None and (first.chain_start if first.chain_start >= 0 else first.start) == 0:
            name = first.name
        else:  # a bare name: “某某奖”获得者李某。
            name = reader.name_at(t, k)
            if not name or not (k + len(name) == len(t) or t[k + len(name)] in DELIMS):
                continue
            out.persons.append(PersonMention(name, Span(off + k, off + k + len(name)), s.span))
        for title in _QUOTED_RE.findall(m.group(1)):
            out.awards.append(AwardFact(title, name, False, s.span))
    if not any(w in t for w in ("表彰", "授予", "荣获", "被评为", "获评")):
        return
    domain_m = AWARD_DOMAIN_RE.search(t)
    domain = domain_m.group(1) if domain_m else ""
    for a, b, name, count, what in names_before_deng(reader, t):
        title = _award_title(what, domain)
        if not title:
            continue
        out.awards.append(AwardFact(title, name, False, s.span, count))
        out.persons.append(PersonMention(name, Span(off + a, off + b), s.span))
    for m in re.finditer(r"等(\d+|[一二三四五六七八九十两百]+)(个|家)", t):
        stop = m.end()
        while stop < len(t) and t[stop] not in DELIMS and not t.startswith(("进行", "和", "及", "以及"), stop):
            stop += 1
        title = _award_title(t[m.end() : stop], domain)
        if not title:
            continue
        end = m.start()
        while (hit := org_ending_at(t, end, ctx)) is not None:  # 甲县老促会、乙县老促会等10个先进集体
            out.awards.append(AwardFact(title, hit[1].name, True, s.span, _to_int(m.group(1))))
            if hit[0] == 0 or t[hit[0] - 1] != "、":
                break
            end = hit[0] - 1
    for m in re.finditer(r"(.{2,20}?)(?:被评为|荣获|获评|被授予)[“\"]([^”\"]{2,20})[”\"]", t):  # X被评为“先进集体”
        hit = org_ending_at(t, m.end(1), ctx)
        if hit is not None:
            out.awards.append(AwardFact(m.group(2), hit[1].name, True, s.span))
    for m in re.finditer(r"授予(.{2,30}?)[“\"]([^”\"]{2,20})[”\"]", t):  # 授予商城县老促会“特别贡献奖”
        target = m.group(1)
        hit = org_ending_at(t, m.start(1) + len(target), ctx)
        if hit is not None and hit[0] == m.start(1):
            out.awards.append(AwardFact(m.group(2), hit[1].name, True, s.span))
        elif (name := reader.name_at(t, m.start(1))) and len(name) == len(target):
            out.awards.append(AwardFact(m.group(2), name, False, s.span))


def _award_title(what: str, domain: str) -> str:
    what = what.strip()
    if not what or len(what) > 20:
        return ""
    if domain and not what.startswith(domain) and what.startswith("先进"):
        what = domain + what
    return what


def _events(out: Extraction, sentences: list[Sentence], ctx: AreaContext, norm: str) -> None:
    report = out.report
    # the report's date and year
    year: int | None = None
    how = None
    if report.date:
        out.date = report.date
        year = int(report.date[:4]) if report.date[:4].isdigit() else None
        how = "metadata"
    elif dl := D.dateline(norm):
        out.date, how = dl
        year = int(out.date[:4])
    else:
        inferred = D.infer_year(norm)
        if inferred:
            year, how = inferred
    out.date_inference = how

    headline = sentences[0]
    he = parse_headline(headline.text) if headline.is_line else None
    rest = sentences[1:]
    if he is None:  # no headline (or none naming an event): the first body sentence that holds one
        for k, s in enumerate(sentences[:4]):
            if s.is_line and len(sentences) > 1 and k == 0 and not D.find_dates(s.text):
                continue
            clauses = _lead_clauses(s.text)
            # each clause, then the first two together (…率调研组,到荆州市调研…: the delegation in the first)
            he = next((x for c in clauses + [",".join(clauses[:2])] * (len(clauses) > 1)
                       if (x := parse_lead(c)) is not None), None)
            if he is not None:
                headline, rest = s, sentences[k:]
                if k > 0 and not D.find_dates(s.text) and not sentences[k - 1].is_line and \
                        D.find_dates(sentences[k - 1].text):
                    rest = sentences[k - 1 :]  # 3月18日,阳光明媚。调研组到…: the date opens the paragraph
                break
    main_sentence = headline.span
    if he is not None:
        core_sentences = [s for s in rest if he.core[-6:] in s.text]
        body = next((s for s in core_sentences if D.find_dates(s.text)), None)
        body = body or next((s for s in rest if D.find_dates(s.text)), None)
        body = body or (core_sentences[0] if core_sentences else None)
        start = end = date_how = None
        if body is not None:
            main_sentence = body.span
            start, end, date_how = _event_date(body.text, year, out.date, how)
        place = _place_in(he.place, ctx) if he.place else None
        if place is None and he.subject and (subj := _place_in(he.subject, ctx)) is not None and \
                subj.surface == he.subject:
            place = subj  # 偃师市召开了老区建设促进会二届一次理事会议: the area holds it at home
        if body is not None:
            m = re.search(r"在(\S{2,12}?)(召开|举行|举办|开幕|开展|调研|考察)", body.text)
            if m:
                place = _place_in(m.group(1), ctx) or _town_word(m.group(1), ctx) or place
        organizer = None
        for where in (he.subject, he.name if he.name.endswith(he.core) else ""):
            orgs = find_orgs(where, ctx) if where else []
            if orgs and (where == he.subject or orgs[0][0] == 0):
                organizer = orgs[0][2] if where != he.subject else orgs[-1][2]
                break
        if organizer is None and body is not None and (m := re.search(r"由(.{2,40}?)(?:主办|举办|发起)", body.text)):
            orgs = find_orgs(m.group(1), ctx)  # 由六安市老促会、中共金寨县委宣传部主办: the first one named
            organizer = orgs[0][2] if orgs else None
        if organizer is None and body is not None:
            m = re.search(r"(召开|举行|举办)", body.text)
            orgs = [o for o in find_orgs(body.text[: m.start()], ctx)] if m else []
            if orgs:
                organizer = orgs[-1][2]
        if body is not None and he.name not in body.text:
            official = _official_name(body.text)
            if official and (he.core in official or len(set(he.core) & set(official)) >= len(he.core) // 2):
                he = replace(he, name=official)  # the body's full name (…2023年度工作表彰大会暨…展销会)
        if end is None and start and he.kind == "exhibition":  # 展览将持续至6月18日
            m = re.search(r"(?:持续|展期|展出|开放)(?:时间)?(?:将)?(?:至|到)((?:\d{4}年)?\d{1,2}月\d{1,2}日)", norm)
            ds = D.find_dates(m.group(1)) if m else []
            if ds:
                end = D.fmt(ds[0].year or (int(start[:4]) if start[:4].isdigit() else None), ds[0].month, ds[0].day)
        if out.date is None and start and not start.startswith("--"):
            out.date = start
        elif out.date is None and year:
            out.date = str(year)
        elif out.date is None and start:
            out.date = start
        parts = tuple(out.participations)
        visited = _visited(out, norm)
        out.events.append(EventFact(he.name, he.kind, main_sentence, start, end, place, organizer, parts, visited,
                                    date_how, main=True))
    elif out.date is None and year:
        out.date = str(year)
    # events named in quotes
    for s in sentences:
        for a, _b, name in quoted_events(s.text):
            if (he is not None and _same_event(name, he)) or any(e.name == name for e in out.events):
                continue
            clause_start = max(s.text.rfind(c, 0, a) for c in ",;、")
            clause = s.text[clause_start + 1 : a]
            ym = list(re.finditer(r"((?:19|20)\d{2})年", clause))
            start = ym[-1].group(1) if ym else None
            place = None
            pm = re.search(r"[((]([^()()]{2,6})[))]", name)
            if pm:
                place = _place_in(pm.group(1), ctx)
            if place is None:
                lm = re.search(r"在(\S{2,10}?)(高标准|成功|隆重|联合|举办|召开|举行|承办|主办)", clause)
                if lm:
                    place = _place_in(lm.group(1), ctx)
            out.events.append(EventFact(name, event_kind(name), s.span, start, None, place, None, (), (),
                                        f"year {start} stated in the text; month and day not stated" if start
                                        else None))
    _body_events(out, sentences, ctx, he, year)


_LEAD_RE = re.compile(r"^(?:[((][^()()]{0,30}[))]|[^,,。]{0,24}?(?:讯|电)(?=[((,,\s])|\s+|[,,]|"
                      r"(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:[至到-]\d{1,2}日)?|(?:上午|下午|晚上|晚|近日|日前|当天))+")
_YU_DATE_RE = re.compile(r"于(?:(?:19|20)\d{2}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上)?")


def _lead_clauses(text: str) -> list[str]:
    """The clauses of a body sentence without leading datelines, bylines and dates, and without a `于<date>`
    inside: `4月17日,省老促会成立30周年座谈会在福州举行` → [`省老促会成立30周年座谈会在福州举行`]."""
    out = []
    for clause in _YU_DATE_RE.sub("", text).split(","):
        clause = _LEAD_RE.sub("", clause, count=1).strip()
        if clause:
            out.append(clause)
    return out


_HOLD_RE = re.compile("召开|举办|举行|承办|开幕")


def _same_event(name: str, he) -> bool:
    """The name (quotes aside) is the headline's event or a part of it."""
    def bare(x: str) -> str:
        return re.sub("[“”\"]", "", x)

    name, full, core = bare(name), bare(he.name), bare(he.core)
    return name in full or core in name or name in core


def _body_events(out: Extraction, sentences: list[Sentence], ctx: AreaContext, he, year: int | None) -> None:
    """Events named in body sentences (7月12日,县老促会在湖寮镇召开第三季度工作推进会; 2023年8月在某旗举办了…对接会):
    the date and organizer from the clause before the name, the place from the sentence."""
    seen = {e.name for e in out.events}
    for s in sentences[1:]:
        if not _HOLD_RE.search(s.text):
            continue
        quoted = [(a, b) for a, b, _ in quoted_events(s.text)]
        for a, b, name, place_text in body_events(s.text):
            if any(a < y and x < b for x, y in quoted) or name in seen:
                continue
            if he is not None and _same_event(name, he):
                continue
            if s.is_line and re.match(r"[一二三四五六七八九十]+、", s.text):
                continue  # 三、举办老区特色农产品展销会: a heading of a work plan, not an event
            seen.add(name)
            clause_start = max(s.text.rfind(c, 0, a) for c in ";。")
            clause = s.text[clause_start + 1 : a]
            start = end = how = None
            ds = D.find_dates(clause)
            if ds:
                start, end = D.start_end(ds[-1], year)
                how = "stated in the text" if ds[-1].year else (f"year {year} of the report" if year else None)
            elif ym := list(re.finditer(r"((?:19|20)\d{2})年", clause + name)):
                start, how = ym[-1].group(1), f"year {ym[-1].group(1)} stated in the text; month and day not stated"
            place = _place_in(place_text, ctx) if place_text else None
            if place is None and place_text:
                place = next((site_ref(x[2], ctx) for x in find_sites(place_text) if x[0] == 0), None)
            orgs = find_orgs(clause, ctx)
            organizer = orgs[-1][2] if orgs and orgs[-1][2].kind in ("laocu", "social", "government", "party") \
                else None
            out.events.append(EventFact(name, event_kind(name), s.span, start, end, place, organizer, (), (), how))


_OFFICIAL_RE = re.compile(r"([^,。;:]{4,60}?(?:" + "|".join(EVENT_NOUNS) + r"))在[^,。;]{1,14}?(?:召开|举行|举办|开幕)")


def _official_name(text: str) -> str | None:
    """`X…大会在Y召开` in the body: the event's name as the body writes it (a date before it is dropped)."""
    m = _OFFICIAL_RE.search(text)
    if m is None:
        return None
    name = m.group(1)
    for d in D.find_dates(name):
        if d.start == 0 or name[: d.start].strip(" ,") == "":
            name = name[d.end :]
    name = name.lstrip(", ").lstrip(",")  # noqa: B005
    return name if len(name) >= 4 else None


def _event_date(text: str, year: int | None, report_date: str | None, how: str | None
                ) -> tuple[str | None, str | None, str | None]:
    """The event's (start, end, how the year is known) from its sentence: 9月19日至20日, 11日上午 (month from the
    report's date), 昨天/今天 (relative to the report's date); 近日/日前 and no date at all give none."""
    full = report_date if report_date and len(report_date) == 10 and not report_date.startswith("--") else None
    ds = D.find_dates(text)
    if ds:
        d0 = ds[0]
        y = d0.year or year
        if not d0.year and y and full and D.fmt(y, d0.month, d0.day) > D.shift(full, 7):
            # posted 2020-04-28 about 12月24日: the meeting was in the December before
            y -= 1
            how = f"{how}; the year before, as {d0.month}月{d0.day}日 would be after the report's date {full}"
        start, end = D.start_end(d0, y)
        return start, end, "stated in the text" if d0.year else how
    m = D.DAY_RE.search(text)
    if m and full:
        day = int(m["d"])
        return f"{full[:8]}{day:02d}", None, f"day {day}日 in the month of the report's date ({how})"
    for word, shift in (("昨天", -1), ("昨日", -1), ("今天", 0), ("今日", 0)):
        if word in text[:12] and full:
            return D.shift(full, shift), None, f"{word} relative to the report's date ({how})"
    return None, None, None


def _town_word(text: str, ctx: AreaContext) -> PlaceRef | None:
    """在县城召开 / 在市区举行: the report's own county or city."""
    level = {"县城": "county", "市区": "city", "市里": "city", "县里": "county", "镇上": "township"}.get(text)
    div = ctx.by_level.get(level) if level else None
    return place_ref(div, text, ctx.lex) if div else None


def _place_in(text: str, ctx: AreaContext) -> PlaceRef | None:
    divs = find_divisions(text, ctx)
    if divs:
        return place_ref(divs[-1][2], divs[-1][3], ctx.lex)
    return None


VISIT_RE = re.compile("参观|考察|瞻仰|走访|实地|现场教学|来到")


def _visited(out: Extraction, norm: str) -> tuple[PlaceRef, ...]:
    """Sites and villages named in sentences about visiting them (与会人员先后在A村、B纪念馆等进行实地考察)."""
    seen: dict[str, PlaceRef] = {}
    for pm in out.places:
        if pm.place.level in ("site", "village") and VISIT_RE.search(pm.sentence.of(norm)):
            seen.setdefault(pm.place.name, pm.place)
    return tuple(seen.values())
