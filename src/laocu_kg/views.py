"""Graph views: the RDF graph as a networkx graph, cut down by focus, type, date or a CONSTRUCT query.

``to_networkx`` keeps one node per person, organization, place, event and creative work (node id = the
IRI string) and turns posts, participations, jurisdictions, locations … into labelled edges.
``ego``, ``filter_types`` and ``filter_dates`` cut such a graph; ``from_construct`` makes the graph of a
CONSTRUCT query; ``render_html`` (in :mod:`laocu_kg.view_page`) writes the offline page; ``view`` does it all::

    nxg = filter_dates(to_networkx(union_graph(store)), "2025-01-01", None)
    render_html(filter_types(nxg, "person,organization"), "people.html")
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from functools import cache

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from laocu_kg.model import LaocuError
from laocu_kg.vocab import FOAF, LK, ORG, PROV, RDF, RDFS, SCHEMA, SKOS

__all__ = [
    "KINDS",
    "RELATIONS",
    "ego",
    "filter_dates",
    "filter_types",
    "from_construct",
    "render_html",
    "to_networkx",
    "view",
]

# kind → (legend name, colour, vis-network shape, legend glyph)
KINDS: dict[str, tuple[str, str, str, str]] = {
    "person": ("人物", "#e15759", "dot", "●"),
    "organization": ("组织", "#4e79a7", "square", "■"),
    "place": ("地点", "#59a14f", "triangle", "▲"),
    "event": ("活动", "#f28e2b", "diamond", "◆"),
    "work": ("作品", "#b07aa1", "star", "★"),
}
# edge relation → name in the page's edge filter (other predicates of a CONSTRUCT keep their local name)
RELATIONS: dict[str, str] = {
    "membership": "职务",
    "participation": "参加",
    "organizer": "主办",
    "subOrganizationOf": "上级",
    "jurisdiction": "辖区",
    "location": "地点",
    "visited": "考察",
    "containedInPlace": "属于",
}

_ORG_CLASSES = (
    ORG.Organization,
    ORG.FormalOrganization,
    ORG.OrganizationalUnit,
    LK.LaocuAssociation,
    LK.PartyCommittee,
    LK.PartyDepartment,
    LK.PeoplesGovernment,
    LK.GovernmentDepartment,
    LK.PeoplesCongress,
    LK.PoliticalConsultativeConference,
    LK.MediaOrganization,
    LK.University,
    LK.Enterprise,
    LK.MilitaryOrganization,
    LK.SocialOrganization,
)
_EVENT_CLASSES = (
    SCHEMA.Event,
    LK.Meeting,
    LK.SurveyVisit,
    LK.Exhibition,
    LK.FoundingCongress,
    LK.Election,
    LK.Training,
    LK.Ceremony,
)
_PLACE_CLASSES = (SCHEMA.Place, LK.AdministrativeDivision, LK.Site)
# first match wins when a resource has several types
_KIND_CLASSES: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    ("person", (FOAF.Person,)),
    ("organization", _ORG_CLASSES),
    ("event", _EVENT_CLASSES),
    ("place", _PLACE_CLASSES),
    ("work", (SCHEMA.CreativeWork,)),
)

# common surnames whose reading differs from the character's ordinary reading
_SURNAME_READINGS = {
    "曾": ("zēng", "zeng"),
    "单": ("shàn", "shan"),
    "解": ("xiè", "xie"),
    "仇": ("qiú", "qiu"),
    "朴": ("piáo", "piao"),
    "查": ("zhā", "zha"),
    "区": ("ōu", "ou"),
    "盖": ("gě", "ge"),
    "乐": ("yuè", "yue"),
    "华": ("huà", "hua"),
    "任": ("rén", "ren"),
    "覃": ("qín", "qin"),
    "缪": ("miào", "miao"),
    "翟": ("zhái", "zhai"),
    "尉": ("yù", "yu"),
    "召": ("shào", "shao"),
    "員": ("yùn", "yun"),
    "员": ("yùn", "yun"),
}



# ------------------------------------------------------------------------------------------------
# RDF → networkx
# ------------------------------------------------------------------------------------------------


def _nid(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _lang_rank(lit: Literal) -> tuple[int, str]:
    lang = (lit.language or "").lower()
    return (0 if lang.startswith("zh") else 1 if not lang else 2, str(lit))


def _texts(g: Graph, s: Node, p: URIRef) -> list[str]:
    lits = [o for o in g.objects(s, p) if isinstance(o, Literal)]
    out: list[str] = []
    for lit in sorted(lits, key=_lang_rank):
        t = str(lit).strip()
        if t and t not in out:
            out.append(t)
    return out


def _label(g: Graph, s: Node) -> str:
    for p in (RDFS.label, SKOS.prefLabel, SCHEMA.name, FOAF.name, SCHEMA.headline):
        texts = _texts(g, s, p)
        if texts:
            return texts[0]
    text = str(s)
    for sep in ("#", "/"):
        if sep in text.rstrip(sep):
            text = text.rstrip(sep).rsplit(sep, 1)[1]
    return text


def _text(g: Graph, s: Node, p: URIRef) -> str:
    texts = _texts(g, s, p)
    return texts[0] if texts else ""


def _local_name(term: Node) -> str:
    text = str(term).rstrip("/#")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


_HANDLED = frozenset(
    {RDF.type, ORG.subOrganizationOf, LK.jurisdiction, SCHEMA.containedInPlace, SCHEMA.location, LK.visited}
    | {SCHEMA.organizer, SCHEMA.attendee, ORG.member, ORG.organization, LK.participant, LK.inEvent}
    | {LK.recipient, LK.conferredBy, LK.conferredAt, PROV.wasDerivedFrom, PROV.wasQuotedFrom, LK.evidence}
)


def _kind_of(types: set[Node]) -> str | None:
    for kind, classes in _KIND_CLASSES:
        if any(c in types for c in classes):
            return kind
    return None


@cache
def _compound_surnames() -> frozenset[str]:
    try:
        from laocu_kg.extract.lexicon import load_lexicon

        return load_lexicon().compound_surnames
    except Exception:  # the view must not fail on a broken data file
        return frozenset({"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐"})


def _pinyin(text: str, person: bool) -> list[str]:
    """Readings for search: tone-marked, plain spaced, plain joined, surname+initials (persons), initials."""
    from pypinyin import Style, lazy_pinyin

    tone = lazy_pinyin(text, style=Style.TONE)
    plain = lazy_pinyin(text, style=Style.NORMAL)
    pairs = [(t, p) for t, p in zip(tone, plain, strict=False) if any(ch.isalnum() for ch in p)]
    if not pairs or all(t == p and not p.isascii() for t, p in pairs):
        return []
    n_surname = 0
    if person:
        n_surname = 2 if text[:2] in _compound_surnames() else 1
        if n_surname == 1 and text[:1] in _SURNAME_READINGS and pairs[0][1] != text[:1]:
            pairs[0] = _SURNAME_READINGS[text[:1]]
    tones = [t.lower() for t, _ in pairs]
    plains = [p.lower() for _, p in pairs]
    out = [" ".join(tones), " ".join(plains), "".join(plains)]
    if person and len(plains) > n_surname:
        out.append("".join(plains[:n_surname]) + "".join(p[0] for p in plains[n_surname:]))
    if len(plains) > 1:
        out.append("".join(p[0] for p in plains))
    return list(dict.fromkeys(out))


def _date_text(g: Graph, event: Node) -> str:
    start = _text(g, event, SCHEMA.startDate) or _text(g, event, LK.startMonthDay)
    end = _text(g, event, SCHEMA.endDate) or _text(g, event, LK.endMonthDay)
    if start and end and end != start:
        return f"{start} 至 {end}"
    return start or end


def _evidence_of(g: Graph, holders: Iterable[Node]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, int, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for holder in holders:
        for ev in g.objects(holder, LK.evidence):
            quote = _text(g, ev, LK.quote)
            if not quote:
                continue
            report = g.value(ev, PROV.wasQuotedFrom) or g.value(holder, PROV.wasDerivedFrom)
            headline = date = ""
            if report is not None:
                headline = _text(g, report, SCHEMA.headline) or _text(g, report, RDFS.label)
                date = _text(g, report, SCHEMA.datePublished)
            key = (quote, headline, date)
            if key in seen:
                continue
            seen.add(key)
            offset = g.value(ev, LK.startOffset)
            try:
                off = int(offset) if offset is not None else 0
            except (TypeError, ValueError):
                off = 0
            rows.append((date, headline, off, quote, str(ev)))
    rows.sort()
    return [(quote, headline, date) for date, headline, _, quote, _ in rows]


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """The graph's people, organizations, places, events and works with the relations between them.

    Node attributes: label, kind, aliases (list), pinyin (list of readings), details (list of lines),
    posts (a person's "title @ organization" / an organization's "person — title"), events (a person's or
    organization's events; an event's participants), evidence (list of (quote, report headline, report
    date)); events also have date and end (ISO date, --MM-DD or ""). Edge attributes: label, relation (a key
    of ``RELATIONS``, or the local name of any other predicate linking two nodes, as a CONSTRUCT may).
    """
    nxg = nx.MultiDiGraph()
    kinds: dict[Node, str] = {}
    for s in set(g.subjects(RDF.type, None)):
        if (s, RDF.type, SCHEMA.NewsArticle) in g:
            continue
        kind = _kind_of(set(g.objects(s, RDF.type)))
        if kind is not None:
            kinds[s] = kind

    details: dict[Node, list[str]] = {}
    sections: dict[str, dict[Node, list[str]]] = {"posts": {}, "events": {}}
    holders: dict[Node, list[Node]] = {}  # resource → nodes whose evidence it shows

    def ensure(term: Node | None, kind: str) -> str | None:
        """The node id of term, adding an untyped IRI as a node of the kind its relation implies."""
        if term is None or isinstance(term, Literal):
            return None
        if term not in kinds:
            if not isinstance(term, URIRef) or not _texts(g, term, RDFS.label):
                return None
            kinds[term] = kind
        return _nid(term)

    def add_detail(term: Node, line: str, section: str = "", short: str = "") -> None:
        targets = [(details.setdefault(term, []), line)]
        if section:
            targets.append((sections[section].setdefault(term, []), short or line))
        for lines, text in targets:
            if text and text not in lines:
                lines.append(text)

    def add_edge(u: str | None, v: str | None, label: str, relation: str) -> None:
        if u is None or v is None:
            return
        key = f"{relation}:{label}"
        if not nxg.has_edge(u, v, key=key):
            nxg.add_edge(u, v, key=key, label=label, relation=relation)

    # memberships: person → organization labelled with the post
    memberships = set(g.subjects(ORG.member, None)) | set(g.subjects(RDF.type, ORG.Membership))
    member_edges: list[tuple[Node, Node, str]] = []
    for m in memberships:
        person, organization = g.value(m, ORG.member), g.value(m, ORG.organization)
        pid, oid = ensure(person, "person"), ensure(organization, "organization")
        if pid is None or oid is None:
            continue
        role = g.value(m, ORG.role)
        title = ""
        if isinstance(role, Literal):
            title = str(role).strip()
        elif role is not None:
            title = _label(g, role)
        title = title or _text(g, m, LK.titleAsWritten) or "成员"
        former = g.value(m, LK.isFormer)
        if former is not None and bool(former.toPython() if isinstance(former, Literal) else former):
            if not title.startswith("原"):
                title = "原" + title
        member_edges.append((person, organization, title))
        holders.setdefault(person, []).append(m)
        add_edge(pid, oid, title, "membership")
    for person, organization, title in sorted(member_edges, key=lambda t: (str(t[0]), t[2], str(t[1]))):
        add_detail(person, f"{title} @ {_label(g, organization)}", "posts")
        line = f"{_label(g, person)} — {title}"
        add_detail(organization, f"成员: {line}", "posts", line)

    # organizations
    for s, o in g.subject_objects(ORG.subOrganizationOf):
        if s in kinds and kinds[s] == "organization":
            add_edge(_nid(s), ensure(o, "organization"), "上级", "subOrganizationOf")
            add_detail(s, f"上级: {_label(g, o)}")
    for s, o in g.subject_objects(LK.jurisdiction):
        if s in kinds:
            add_edge(_nid(s), ensure(o, "place"), "辖区", "jurisdiction")
            add_detail(s, f"辖区: {_label(g, o)}")
    # places
    for s, o in g.subject_objects(SCHEMA.containedInPlace):
        if s in kinds:
            add_edge(_nid(s), ensure(o, "place"), "属于", "containedInPlace")
            add_detail(s, f"属于: {_label(g, o)}")

    # events
    event_nodes = sorted((s for s, k in kinds.items() if k == "event"), key=str)
    for ev in event_nodes:
        date = _date_text(g, ev)
        if date:
            add_detail(ev, f"日期: {date}")
        named = _label(g, ev) + (f" ({date})" if date else "")
        for p, label, relation, kind in (
            (SCHEMA.location, "地点", "location", "place"),
            (LK.visited, "考察", "visited", "place"),
            (SCHEMA.organizer, "主办", "organizer", "organization"),
        ):
            for o in sorted(g.objects(ev, p), key=str):
                oid = ensure(o, kind)
                add_edge(_nid(ev), oid, label, relation)
                add_detail(ev, f"{label}: {_label(g, o)}")
                if oid is not None:
                    add_detail(o, f"活动: {named} — {label}", "events", f"{named} — {label}")

    # participation: one edge per (person, event) labelled with everything the person did there
    roles: dict[tuple[Node, Node], list[str]] = {}
    for ev, person in g.subject_objects(SCHEMA.attendee):
        roles.setdefault((person, ev), []).insert(0, "出席")
    for part in set(g.subjects(LK.participant, None)) | set(g.subjects(RDF.type, LK.Participation)):
        person, ev = g.value(part, LK.participant), g.value(part, LK.inEvent)
        if person is None or ev is None:
            continue
        contributions = sorted(_texts(g, part, LK.contribution))
        roles.setdefault((person, ev), []).extend(contributions or ["参加"])
        holders.setdefault(person, []).append(part)
        holders.setdefault(ev, []).append(part)
    for (person, ev), did in sorted(roles.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        label = "/".join(dict.fromkeys(did))
        if label != "出席" and "出席" in did and "参加" in did:
            label = "/".join(x for x in dict.fromkeys(did) if x != "参加")
        pid, eid = ensure(person, "person"), ensure(ev, "event")
        if pid is None or eid is None:
            continue
        add_edge(pid, eid, label, "participation")
        date = _date_text(g, ev)
        line = _label(g, ev) + (f" ({date})" if date else "") + f" — {label}"
        add_detail(person, f"活动: {line}", "events", line)
        line = f"{_label(g, person)} — {label}"
        add_detail(ev, f"参加: {line}", "events", line)

    # awards: shown in the recipient's details
    awards = set(g.subjects(RDF.type, LK.AwardConferral)) | set(g.subjects(LK.awardTitle, None))
    for aw in sorted(awards, key=str):
        title = _text(g, aw, LK.awardTitle) or _label(g, aw)
        by = g.value(aw, LK.conferredBy)
        for r in g.objects(aw, LK.recipient):
            if r in kinds:
                add_detail(r, f"获奖: {title}" + (f"（{_label(g, by)} 授予）" if by is not None else ""))
                holders.setdefault(r, []).append(aw)

    # any other predicate between two nodes (a CONSTRUCT may make its own), labelled with its local name
    for s, p, o in sorted(g.triples((None, None, None)), key=lambda t: (str(t[1]), str(t[0]), str(t[2]))):
        if p not in _HANDLED and s in kinds and o in kinds and not isinstance(o, Literal):
            name = _local_name(p)
            add_edge(_nid(s), _nid(o), name, name)

    for term, kind in kinds.items():
        nid = _nid(term)
        label = _label(g, term)
        aliases = [a for a in _texts(g, term, SKOS.altLabel) if a != label]
        pinyin = _pinyin(label, kind == "person")
        for alias in aliases:
            pinyin.extend(p for p in _pinyin(alias, kind == "person") if p not in pinyin)
        nxg.add_node(
            nid,
            label=label,
            kind=kind,
            aliases=aliases,
            pinyin=pinyin,
            details=details.get(term, []),
            posts=sections["posts"].get(term, []),
            events=sections["events"].get(term, []),
            evidence=_evidence_of(g, [term, *holders.get(term, [])]),
        )
        if kind == "event":
            nxg.nodes[nid]["date"] = _text(g, term, SCHEMA.startDate) or _text(g, term, LK.startMonthDay)
            nxg.nodes[nid]["end"] = _text(g, term, SCHEMA.endDate) or _text(g, term, LK.endMonthDay)
    return nxg


# ------------------------------------------------------------------------------------------------
# ego subgraph
# ------------------------------------------------------------------------------------------------


def ego(nxg: nx.MultiDiGraph, name_or_iri: str, depth: int) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops (either direction) of the node named ``name_or_iri``.

    The name is matched against node ids (IRIs), then labels, then aliases; every node that matches at
    the first level that matches anything is a centre (homonyms are shown together). The centres are
    recorded in ``graph["focus"]``.
    """
    if depth < 0:
        raise LaocuError(f"depth must be 0 or more, not {depth}")
    name = name_or_iri.strip()
    centres: list[str] = [name] if name in nxg else []
    if not centres:
        centres = [n for n, d in nxg.nodes(data=True) if d.get("label") == name]
    if not centres:
        centres = [n for n, d in nxg.nodes(data=True) if name in (d.get("aliases") or [])]
    if not centres:
        raise LaocuError(f"no person, organization, place, event or work named {name_or_iri!r} in the graph")
    undirected = nxg.to_undirected(as_view=True)
    keep: set[str] = set()
    for c in centres:
        keep.update(nx.single_source_shortest_path_length(undirected, c, cutoff=depth))
    sub = nxg.subgraph(keep).copy()
    sub.graph["focus"] = sorted(centres)
    return sub



# ------------------------------------------------------------------------------------------------
# filters
# ------------------------------------------------------------------------------------------------

_KIND_NAMES = {
    **{k: k for k in KINDS},
    **{k + "s": k for k in KINDS},
    **{v[0]: k for k, v in KINDS.items()},
    "org": "organization",
    "orgs": "organization",
    "people": "person",
}


def _kinds(kinds: str | Iterable[str]) -> set[str]:
    names = kinds.split(",") if isinstance(kinds, str) else list(kinds)
    out: set[str] = set()
    for name in (n.strip() for n in names):
        if not name:
            continue
        if name.lower() not in _KIND_NAMES and name not in _KIND_NAMES:
            raise LaocuError(f"unknown node type {name!r} (use: {', '.join(KINDS)})")
        out.add(_KIND_NAMES.get(name.lower(), _KIND_NAMES.get(name, "")))
    if not out:
        raise LaocuError(f"no node type given (use: {', '.join(KINDS)})")
    return out


def filter_types(nxg: nx.MultiDiGraph, kinds: str | Iterable[str]) -> nx.MultiDiGraph:
    """Only the nodes of the given kinds ("person,organization", or a list; plurals and 人物… work too)."""
    keep_kinds = _kinds(kinds)
    sub = nxg.subgraph([n for n, k in nxg.nodes(data="kind") if k in keep_kinds]).copy()
    sub.graph["focus"] = [n for n in nxg.graph.get("focus", []) if n in sub]
    return sub


def _day(value: str | dt.date | None, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise LaocuError(f"{what} {value!r}: expected a date YYYY-MM-DD") from None


def _span(start: str, end: str) -> tuple[dt.date, dt.date] | None:
    """The days an event covers: from ISO dates, years or year-months; None without a year."""

    def bounds(text: str) -> tuple[dt.date, dt.date] | None:
        text = text.strip()[:10]
        try:
            if len(text) == 10:
                day = dt.date.fromisoformat(text)
                return day, day
            if len(text) == 7 and text[4] == "-":
                first = dt.date(int(text[:4]), int(text[5:]), 1)
                nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
                return first, nxt - dt.timedelta(days=1)
            if len(text) == 4 and text.isdigit():
                return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
        except ValueError:
            return None
        return None

    first, last = bounds(start or ""), bounds(end or "")
    if first is None:
        return None
    return first[0], max(first[1], last[1]) if last else first[1]


def filter_dates(
    nxg: nx.MultiDiGraph, since: str | dt.date | None = None, until: str | dt.date | None = None
) -> nx.MultiDiGraph:
    """The events within [since, until] (inclusive, YYYY-MM-DD; either may be None) and what they connect.

    Kept: the events whose dates overlap the range; their neighbours (participants, organizers, places);
    and the organizations in which those participants hold posts, so each person is shown with their
    posts. Everything else goes: other events, events without a year (no date, or month-day only), and
    the persons, organizations and places not tied to a kept event. Neither bound: the graph unchanged.
    """
    start, stop = _day(since, "--since"), _day(until, "--until")
    if start is None and stop is None:
        return nxg
    if start and stop and start > stop:
        raise LaocuError(f"--since {start} is after --until {stop}")
    lo, hi = start or dt.date.min, stop or dt.date.max
    events = []
    for n, data in nxg.nodes(data=True):
        if data.get("kind") == "event":
            span = _span(str(data.get("date") or ""), str(data.get("end") or ""))
            if span and span[0] <= hi and span[1] >= lo:
                events.append(n)
    keep = set(events)
    undirected = nxg.to_undirected(as_view=True)
    for ev in events:
        keep.update(m for m in undirected.neighbors(ev) if nxg.nodes[m].get("kind") != "event")
    for person in [n for n in keep if nxg.nodes[n].get("kind") == "person"]:
        keep.update(o for _, o, r in nxg.out_edges(person, data="relation") if r == "membership")
    sub = nxg.subgraph(keep).copy()
    sub.graph["focus"] = [n for n in nxg.graph.get("focus", []) if n in sub]
    return sub


# ------------------------------------------------------------------------------------------------
# CONSTRUCT queries
# ------------------------------------------------------------------------------------------------

_LABELS = (RDFS.label, SKOS.prefLabel, SCHEMA.name, FOAF.name)


def from_construct(store, sparql: str, params: dict[str, str] | None = None) -> Graph:
    """The graph a CONSTRUCT (or DESCRIBE) query makes over ``store``, ready for ``to_networkx``/``view``.

    Resources the query leaves without a type or a label get theirs (rdf:type, rdfs:label, skos:altLabel)
    from the store, so ``CONSTRUCT { ?p org:memberOf ?o } WHERE { … }`` draws labelled persons and
    organizations. Evidence shows in the page only where the query constructs it (lk:evidence, lk:quote …).
    """
    import pyoxigraph as ox

    from laocu_kg.query import run

    try:
        result = run(store, sparql, params)
    except (ValueError, OSError, RuntimeError) as e:
        raise LaocuError(f"query failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    if not isinstance(result, ox.QueryTriples):
        raise LaocuError("a view needs a CONSTRUCT (or DESCRIBE) query: SELECT and ASK give no graph")
    g = Graph()
    g.parse(data=result.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    resources = {t for t in g.subjects() if isinstance(t, URIRef)}
    resources |= {t for t in g.objects() if isinstance(t, URIRef)}
    untyped = [t for t in resources if (t, RDF.type, None) not in g]
    unlabelled = [t for t in resources if not any((t, p, None) in g for p in _LABELS)]
    for terms, where in (
        (untyped, "?s a ?o . BIND(rdf:type AS ?p)"),
        (unlabelled, "VALUES ?p { rdfs:label skos:altLabel } ?s ?p ?o ."),
    ):
        terms = sorted(terms)
        for i in range(0, len(terms), 500):
            values = " ".join(str(ox.NamedNode(str(t))) for t in terms[i : i + 500])
            extra = run(store, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} {where} }}")
            g.parse(data=extra.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return g


# ------------------------------------------------------------------------------------------------
# the page
# ------------------------------------------------------------------------------------------------


def render_html(
    nxg: nx.MultiDiGraph, path: str | os.PathLike, title: str = "laocu-kg", max_nodes: int = 2000
) -> dict:
    """Write the offline HTML page of ``nxg``; {"nodes": n, "edges": m} shown (see laocu_kg.view_page)."""
    from laocu_kg.view_page import render_html as render

    return render(nxg, path, title=title, max_nodes=max_nodes)


def view(
    g: Graph,
    path: str | os.PathLike,
    focus: str | None = None,
    depth: int = 2,
    max_nodes: int = 2000,
    title: str = "laocu-kg",
    types: str | Iterable[str] | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
) -> dict:
    """RDF graph → HTML page at ``path``; {"nodes": n, "edges": m}.

    The cuts apply in this order: dates (``filter_dates``), types (``filter_types``), then the ego network
    of ``focus`` within ``depth`` hops, then the ``max_nodes`` best-connected nodes.
    """
    nxg = to_networkx(g)
    nxg = filter_dates(nxg, since, until)
    if types:
        nxg = filter_types(nxg, types)
    if focus:
        nxg = ego(nxg, focus, depth)
        if title == "laocu-kg":
            title = f"laocu-kg: {focus}"
    return render_html(nxg, path, title=title, max_nodes=max_nodes)
