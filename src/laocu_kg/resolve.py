"""Resolution within a report: mentions → canonical entities with aliases, posts, hierarchy.

Input is an :class:`~laocu_kg.model.Extraction` (spans, no RDF); output is a :class:`Resolved`
report whose entities carry every surface form seen and the sentence spans that attest them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from laocu_kg.extract.lexicon import load_lexicon
from laocu_kg.extract.places import place_ref
from laocu_kg.extract.text import normalise, to_traditional
from laocu_kg.model import AwardFact, EventFact, Extraction, OrgRef, PlaceRef, Post, Span

LAOCU_NATIONAL = "中国老区建设促进会"


@dataclass
class OrgEntity:
    name: str
    kind: str
    area: str | None = None
    parent: str | None = None
    aliases: set[str] = field(default_factory=set)
    evidence: list[Span] = field(default_factory=list)


@dataclass
class PlaceEntity:
    name: str
    level: str
    code: str | None = None
    parent: str | None = None
    aliases: set[str] = field(default_factory=set)
    evidence: list[Span] = field(default_factory=list)
    mentioned: bool = True  # False for containing divisions added from the lexicon


@dataclass
class PostEntity:
    title: str
    org: str
    written: str
    former: bool
    evidence: list[Span] = field(default_factory=list)


@dataclass
class PersonEntity:
    name: str
    key: str = ""  # cross-report identity: name@scope (see identity.py)
    key_reason: str = ""
    aliases: set[str] = field(default_factory=set)
    gender: str | None = None
    posts: list[PostEntity] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)


@dataclass
class Resolved:
    extraction: Extraction
    persons: dict[str, PersonEntity] = field(default_factory=dict)
    orgs: dict[str, OrgEntity] = field(default_factory=dict)
    places: dict[str, PlaceEntity] = field(default_factory=dict)
    events: list[EventFact] = field(default_factory=list)
    works: dict[str, list[Span]] = field(default_factory=dict)
    awards: list[AwardFact] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    org_renames: dict[str, str] = field(default_factory=dict)  # a variant name → the name it was merged into

    @property
    def report(self):
        return self.extraction.report


def _alt_forms(org: OrgEntity) -> set[str]:
    """Standard other names of a body (阳泉市委 for 中共阳泉市委, 政协山西省委员会 for 山西省政协)."""
    a = org.area
    if not a:
        return set()
    out: set[str] = set()
    if org.kind == "party" and org.name.startswith("中共"):
        out.add(org.name[2:])
    elif org.kind == "cppcc":
        out.add(f"政协{a}委员会")
    elif org.kind == "government":
        out.add(f"{a}政府")
    elif org.kind == "laocu":
        out.add(f"{a}老促会")
    div = _division(a)
    parent = load_lexicon().divisions.get(div.parent) if div is not None and div.level == "county" else None
    if parent is not None and parent.level == "prefecture" and a in org.name:
        # 恩阳区 is 巴中市恩阳区: the body is also written with its city (中共巴中市恩阳区委)
        out |= {x.replace(a, parent.name + a, 1) for x in (out | {org.name}) if a in x}
    return out


def resolve(ex: Extraction) -> Resolved:
    """Canonical entities for one report."""
    lex = load_lexicon()
    r = Resolved(ex)
    text = ex.report.text
    traditional = ex.report.script == "traditional"

    def surface(span: Span) -> str:
        return span.of(text)

    def add_org(ref: OrgRef, span: Span | None, written: str | None = None) -> OrgEntity:
        ent = r.orgs.get(ref.name)
        if ent is None:
            ent = r.orgs[ref.name] = OrgEntity(ref.name, ref.kind, ref.area, ref.parent)
        if written:
            ent.aliases.add(written)
        if span is not None:
            ent.evidence.append(span)
        return ent

    for om in ex.orgs:
        written = surface(om.span)
        if om.span.end - om.span.start != len(om.org.surface):  # 环县 of 华池县、环县老促会: not its own name
            written = om.org.surface
        add_org(om.org, om.sentence, written)
    for pm in ex.persons:
        for post in pm.posts:
            if post.org is not None:
                add_org(post.org, pm.sentence, post.org.surface or None)
    for ev in ex.events:
        if ev.organizer is not None:
            add_org(ev.organizer, ev.sentence)
    _merge_org_variants(r, ex)

    # persons and their posts
    authors = {a.name for a in ex.authors}
    for pm in ex.persons:
        if pm.name in authors and not pm.posts:
            continue
        p = r.persons.get(pm.name)
        if p is None:
            p = r.persons[pm.name] = PersonEntity(pm.name)
        p.evidence.append(pm.sentence)
        p.gender = p.gender or pm.gender
        for post in pm.posts:
            _add_post(r, p, post, pm.sentence)
    for p in r.persons.values():
        # 温某副会长兼秘书长作…: an association title without its body belongs to the one association the
        # person holds a post in; any other post without an organization is left out
        assoc = {x.org for x in p.posts if x.org and r.orgs.get(x.org) and r.orgs[x.org].kind in ("laocu", "social")}
        if len(assoc) == 1:
            home = assoc.pop()
            for x in p.posts:
                info = lex.titles.get(x.title.removeprefix("原"))
                if not x.org and info is not None and info.category == "association":
                    x.org = home
            merged: dict[tuple[str, str], PostEntity] = {}
            for x in p.posts:
                if (x.title, x.org) in merged:
                    merged[(x.title, x.org)].evidence.extend(x.evidence)
                else:
                    merged[(x.title, x.org)] = x
            p.posts = list(merged.values())
        p.posts = [x for x in p.posts if x.org]
    r.authors = sorted(authors)

    # places
    def add_place(ref: PlaceRef, span: Span | None, surf: str | None, mentioned: bool = True) -> PlaceEntity:
        ent = r.places.get(ref.name)
        if ent is None:
            ent = r.places[ref.name] = PlaceEntity(ref.name, ref.level, ref.code, ref.parent, mentioned=mentioned)
        ent.mentioned = ent.mentioned or mentioned
        if surf and surf != ref.name:
            ent.aliases.add(surf)
        if span is not None:
            ent.evidence.append(span)
        return ent

    for pm in ex.places:
        add_place(pm.place, pm.sentence, surface(pm.span))
    for ev in ex.events:
        for pl in [ev.place, *ev.visited]:
            if pl is not None:
                add_place(pl, ev.sentence, None)
    for org in r.orgs.values():
        if org.area and org.area not in r.places:
            div = _division(org.area)
            if div is not None:
                add_place(place_ref(div, org.area, lex), org.evidence[0] if org.evidence else None, None, False)
    # containing divisions, so places link up to their province
    for name in list(r.places):
        ent = r.places[name]
        while ent.parent and ent.parent not in r.places and ent.code:
            div = lex.divisions.get(ent.code)
            parent = lex.divisions.get(div.parent) if div else None
            if parent is None:
                break
            ent = add_place(place_ref(parent, parent.name, lex), None, None, mentioned=False)

    renames = _merge_ethnic_short_forms(r.places)
    r.events = [_renamed_places(ev, renames) for ev in ex.events] if renames else list(ex.events)
    for w in ex.works:
        r.works.setdefault(w.title, []).append(w.sentence)
    r.awards = [_award_org(a, r) for a in ex.awards]
    for a in r.awards:
        if a.recipient_is_org and a.recipient not in r.orgs:
            continue
        if not a.recipient_is_org and a.recipient not in r.persons:
            r.persons[a.recipient] = PersonEntity(a.recipient, evidence=[a.sentence])
    _hierarchy(r)
    _identity_keys(r)
    if traditional:
        _to_report_script(r)
    return r


def _identity_keys(r: Resolved) -> None:
    """Each person's cross-report key: name and the province of their posts (or of the report)."""
    from laocu_kg.identity import NATIONAL, person_scope

    for p in r.persons.values():
        areas, national = [], 0
        for x in p.posts:
            org = r.orgs.get(x.org)
            if org is None:
                continue
            if org.area and org.area != NATIONAL:
                areas.append(org.area)
            elif org.name.startswith(("中国", "全国", "中共中央", "国务院")):
                national += 1
        scope, reason = person_scope(areas, national, r.extraction.province)
        p.key, p.key_reason = f"{p.name}@{scope}", reason


def _division(name: str):
    lex = load_lexicon()
    divs = lex.by_name.get(name)
    return divs[0] if divs else None


def _add_post(r: Resolved, p: PersonEntity, post: Post, sentence: Span) -> None:
    org = r.orgs.get(_canonical_org(r, post.org.name)) if post.org else None
    org_name = org.name if org else ""
    for x in p.posts:
        if x.title == post.title and (x.org == org_name or not org_name):
            x.evidence.append(sentence)
            return
        if x.title == post.title and not x.org and org_name:
            x.org = org_name
            x.evidence.append(sentence)
            return
    p.posts.append(PostEntity(post.title, org_name, post.written, post.former, [sentence]))


def _canonical_org(r: Resolved, name: str) -> str:
    return r.org_renames.get(name, name)


def _merge_org_variants(r: Resolved, ex: Extraction) -> None:
    """One body written two ways (中国老区画报社 / 中国老区建设画报社) when one person holds the same title in
    both and one name is the other with characters left out: keep the longer name, the shorter as alias."""
    mapping: dict[str, str] = {}
    by_person: dict[tuple[str, str], set[str]] = {}
    for pm in ex.persons:
        for post in pm.posts:
            if post.org is not None:
                by_person.setdefault((pm.name, post.title), set()).add(post.org.name)
    for names in by_person.values():
        if len(names) < 2:
            continue
        ordered = sorted(names, key=lambda s: (-len(s), s))
        for short in ordered[1:]:
            for long in ordered:
                if long != short and len(long) > len(short) and _is_contraction(short, long):
                    mapping[short] = long
                    break
    for short, long in mapping.items():
        if short in r.orgs and long in r.orgs:
            src = r.orgs.pop(short)
            dst = r.orgs[long]
            dst.aliases |= src.aliases | {short}
            dst.evidence += src.evidence
    r.org_renames = mapping


def _is_contraction(short: str, long: str) -> bool:
    if short[:2] != long[:2] or short[-2:] != long[-2:]:
        return False
    it = iter(long)
    return all(c in it for c in short)


def _award_org(a: AwardFact, r: Resolved) -> AwardFact:
    if a.recipient_is_org:
        name = _canonical_org(r, a.recipient)
        if name != a.recipient:
            return AwardFact(a.title, name, True, a.sentence, a.count, a.conferred_by)
    return a


def _hierarchy(r: Resolved) -> None:
    """County 老促会 ⊂ city ⊂ province ⊂ 中国老区建设促进会; 县委组织部 ⊂ 县委 (when both are in the report)."""
    lex = load_lexicon()
    laocu = {o.area: o for o in r.orgs.values() if o.kind == "laocu" and o.area}
    for o in r.orgs.values():
        if o.kind == "laocu" and o.area:
            div = _division(o.area)
            parent = None
            if div is not None:
                for anc in lex.ancestors(div.code):
                    if anc.name in laocu:
                        parent = laocu[anc.name].name
                        break
            if parent is None and LAOCU_NATIONAL in r.orgs and div is not None and div.level == "province":
                parent = LAOCU_NATIONAL
            o.parent = parent
        elif o.parent and o.parent not in r.orgs:
            o.parent = None
    for o in r.orgs.values():
        o.aliases.discard(o.name)
        o.aliases |= {a for a in _alt_forms(o) if a != o.name}


def _ethnic_short_forms(name: str) -> list[str]:
    """沙洲瑶族村 → 沙洲村 (or 沙村, 沙洲瑶村 …: which one the report writes decides)."""
    if not name.endswith(("村", "乡")) or not name[:-1].endswith("族"):
        return []
    return [name[: -(k + 2)] + name[-1] for k in (1, 2, 3) if len(name) - (k + 2) >= 2]


def _merge_ethnic_short_forms(places: dict[str, PlaceEntity]) -> dict[str, str]:
    """沙洲瑶族村 and 沙洲村 in one report: one village, written both ways (villages and sites only: the
    lexicon's divisions have their own short forms). Returns the names merged away → the name kept."""
    renames = {}
    for name in sorted(places):
        ent = places.get(name)
        if ent is None or ent.code:
            continue
        for short in _ethnic_short_forms(name):
            other = places.get(short)
            if other is None or other.code:
                continue
            ent.aliases |= other.aliases | {short}
            ent.evidence.extend(other.evidence)
            ent.mentioned = ent.mentioned or other.mentioned
            del places[short]
            renames[short] = name
    return renames


def _renamed_places(ev: EventFact, renames: dict[str, str]) -> EventFact:
    from dataclasses import replace

    def fix(p):
        return replace(p, name=renames[p.name]) if p is not None and p.name in renames else p

    return replace(ev, place=fix(ev.place), visited=tuple(fix(v) for v in ev.visited))


def _to_report_script(r: Resolved) -> None:
    """Labels keep the report's own script: for a traditional-script report, names are converted back
    (persons and works exactly as written), and the simplified forms become aliases."""
    from dataclasses import replace

    text = r.report.text
    # each simplified character as this report writes it (秘 stays 秘, 岩 stays 岩), else opencc's choice
    seen = dict(zip(normalise(text), text, strict=True))

    def T(s: str) -> str:
        conv = to_traditional(s)
        if len(conv) != len(s):
            return conv
        return "".join(seen.get(a, b) for a, b in zip(s, conv, strict=True))

    written: dict[str, str] = {}
    for pm in [*r.extraction.persons, *r.extraction.authors]:
        if normalise(pm.span.of(text)) == pm.name:  # not a back-reference (郑会长) standing for the name
            written.setdefault(pm.name, pm.span.of(text))

    def person(name: str) -> str:
        return written.get(name) or T(name)

    def place(p: PlaceRef | None) -> PlaceRef | None:
        return None if p is None else replace(p, name=T(p.name), parent=T(p.parent) if p.parent else None)

    def org(o: OrgRef | None) -> OrgRef | None:
        return None if o is None else replace(o, name=T(o.name), area=T(o.area) if o.area else None,
                                              parent=T(o.parent) if o.parent else None)

    persons = {}
    for p in r.persons.values():
        new = person(p.name)
        p.aliases |= {p.name} - {new}
        p.name = new
        for x in p.posts:
            x.title, x.org, x.written = T(x.title), T(x.org), T(x.written)
        persons[new] = p
    r.persons = persons
    orgs = {}
    for o in r.orgs.values():
        new = T(o.name)
        o.aliases |= {o.name} - {new}
        o.name, o.area, o.parent = new, T(o.area) if o.area else None, T(o.parent) if o.parent else None
        orgs[new] = o
    r.orgs = orgs
    places = {}
    for p in r.places.values():
        new = T(p.name)
        p.aliases |= {p.name} - {new}
        p.name, p.parent = new, T(p.parent) if p.parent else None
        places[new] = p
    r.places = places
    r.events = [
        replace(e, name=T(e.name), place=place(e.place), organizer=org(e.organizer),
                visited=tuple(place(v) for v in e.visited),
                participations=tuple(replace(x, person=person(x.person)) for x in e.participations))
        for e in r.events
    ]
    spans = {w.title: w.span.of(text) for w in r.extraction.works}
    r.works = {spans.get(k, T(k)): v for k, v in r.works.items()}
    r.awards = [replace(a, title=T(a.title), recipient=T(a.recipient) if a.recipient_is_org else person(a.recipient))
                for a in r.awards]
    r.authors = [person(a) for a in r.authors]
