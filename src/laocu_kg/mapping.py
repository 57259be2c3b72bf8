"""Mapping: a resolved report → RDF triples per ``ontology/laocu.ttl``.

IRIs are built from normalised keys (names, titles, dates, offsets), never counters, so the same
input gives the same IRIs on every machine. Everything a report says goes into its own named graph.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from laocu_kg.extract import text as _text
from laocu_kg.identity import Decisions
from laocu_kg.model import Span
from laocu_kg.resolve import Resolved
from laocu_kg.vocab import DEFAULT_BASE, FOAF, LK, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD


class _Terms:
    """A namespace's terms as plain attributes: ``LK.quote`` without rdflib's DefinedNamespace lookup per use
    (a build maps millions of triples)."""

    def __init__(self, ns, names: list[str]):
        for name in names:
            setattr(self, name, ns[name])


def _frozen(ns, prefix: str):
    import re
    from pathlib import Path

    names = sorted(set(re.findall(rf"\b{prefix}\.([A-Za-z_]\w*)", Path(__file__).read_text(encoding="utf-8"))))
    return _Terms(ns, names)


FOAF, LK, ORG, PROV, RDF, RDFS, SCHEMA, SKOS = (_frozen(ns, name) for ns, name in (
    (FOAF, "FOAF"), (LK, "LK"), (ORG, "ORG"), (PROV, "PROV"), (RDF, "RDF"), (RDFS, "RDFS"), (SCHEMA, "SCHEMA"),
    (SKOS, "SKOS")))

ORG_CLASSES = {
    "laocu": LK.LaocuAssociation,
    "party": LK.PartyCommittee,
    "party_branch": LK.PartyCommittee,
    "party_dept": LK.PartyDepartment,
    "government": LK.PeoplesGovernment,
    "gov_dept": LK.GovernmentDepartment,
    "congress": LK.PeoplesCongress,
    "cppcc": LK.PoliticalConsultativeConference,
    "media": LK.MediaOrganization,
    "university": LK.University,
    "enterprise": LK.Enterprise,
    "military": LK.MilitaryOrganization,
    "social": LK.SocialOrganization,
}
EVENT_CLASSES = {
    "meeting": LK.Meeting,
    "survey": LK.SurveyVisit,
    "exhibition": LK.Exhibition,
    "founding": LK.FoundingCongress,
    "election": LK.Election,
    "training": LK.Training,
    "ceremony": LK.Ceremony,
}
LEVELS = {
    "national": LK.NationalLevel,
    "province": LK.ProvinceLevel,
    "prefecture": LK.PrefectureLevel,
    "county": LK.CountyLevel,
    "township": LK.TownshipLevel,
    "village": LK.VillageLevel,
}
# names recur across reports: convert each once (pure functions of the name; OpenCC's t2s is the slow one)
to_simplified = lru_cache(maxsize=1 << 16)(_text.to_simplified)
to_traditional = lru_cache(maxsize=1 << 16)(_text.to_traditional)
_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")


def key(*parts: str) -> str:
    """An IRI path from key parts: non-ASCII kept (IRIs allow it), reserved ASCII percent-encoded."""
    out = []
    for part in parts:
        out.append("".join(c if c in _SAFE or ord(c) > 127 else f"%{ord(c):02X}" for c in part))
    return "/".join(out)


class IRIs:
    """The IRI scheme under one base."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def __call__(self, kind: str, *parts: str) -> URIRef:
        return URIRef(self.base + kind + "/" + key(*parts))

    def report(self, sha256: str) -> URIRef:
        return URIRef(f"{self.base}report/{sha256[:16]}")

    def person(self, key: str) -> URIRef:
        """A person from an identity key ``name@scope`` (person/{scope}/{name}), or a bare name."""
        name, _, scope = to_simplified(key).partition("@")
        scope, _, variant = scope.partition("#")
        parts = [scope or "_", name] + ([variant] if variant else [])
        return self("person", *parts)

    def org(self, name: str) -> URIRef:
        return self("org", to_simplified(name))

    def place(self, name: str, code: str | None) -> URIRef:
        return self("place", code) if code and code.isdigit() else self("place", to_simplified(name))

    def role(self, title: str) -> URIRef:
        return self("role", to_simplified(title))


def zh(s: str) -> Literal:
    return Literal(s, lang="zh")


def map_report(res: Resolved, base: str = DEFAULT_BASE, decisions: Decisions | None = None
               ) -> tuple[URIRef, Graph]:
    """RDF for one resolved report: (the report's IRI = its named graph, the triples).

    ``decisions`` (identity.py) join or split persons across reports by their identity keys."""
    ex = res.extraction
    decisions = decisions or Decisions()
    keys: dict[str, tuple[str, str]] = {}
    for p in res.persons.values():
        key, note = decisions.apply(p.key, ex.report.id)
        keys[p.name] = (key, note or p.key_reason)

    def person_iri(name: str) -> URIRef:
        if name in keys:
            return iri.person(keys[name][0])
        key, _ = decisions.apply(f"{to_simplified(name)}@{ex.province or ''}", ex.report.id)
        return iri.person(key)

    rep = ex.report
    iri = IRIs(base)
    g = Graph()
    R = iri.report(rep.sha256)
    text = rep.text
    trad = rep.script == "traditional"
    evid_cache: dict[Span, URIRef] = {}

    def evidence(span: Span) -> URIRef:
        if span not in evid_cache:
            e = iri("evidence", rep.sha256[:16], f"{span.start}-{span.end}")
            g.add((e, RDF.type, LK.Evidence))
            g.add((e, RDF.type, PROV.Entity))
            g.add((e, LK.quote, zh(span.of(text))))
            g.add((e, LK.startOffset, Literal(span.start)))
            g.add((e, LK.endOffset, Literal(span.end)))
            g.add((e, PROV.wasQuotedFrom, R))
            evid_cache[span] = e
        return evid_cache[span]

    def labels(node: URIRef, name: str, aliases: set[str] = frozenset()) -> None:
        """One label per script: the simplified canonical name @zh (the same in every report, like the IRI)
        and, for a traditional-script report, the name as that report writes it @zh-Hant."""
        simplified = to_simplified(name)
        g.add((node, RDFS.label, zh(simplified)))
        if trad:
            g.add((node, RDFS.label, Literal(name, lang="zh-Hant")))
        for a in sorted(set(aliases) - {name, simplified}):
            g.add((node, SKOS.altLabel, zh(a)))
        if not trad and (t := to_traditional(name)) != name:
            g.add((node, SKOS.altLabel, Literal(t, lang="zh-Hant")))

    def derived(node: URIRef, spans: list[Span] | None = None, limit: int = 3) -> None:
        g.add((node, PROV.wasDerivedFrom, R))
        for sp in sorted(set(spans or []))[:limit]:
            g.add((node, LK.evidence, evidence(sp)))

    # the report
    g.add((R, RDF.type, SCHEMA.NewsArticle))
    g.add((R, RDF.type, PROV.Entity))
    g.add((R, SCHEMA.headline, zh(rep.title or rep.id)))
    g.add((R, LK.contentHash, Literal("sha256:" + rep.sha256)))
    if rep.path:
        g.add((R, LK.sourcePath, Literal(rep.path)))
    if rep.url:
        g.add((R, SCHEMA.url, URIRef(rep.url)))
    if ex.date:
        g.add((R, SCHEMA.datePublished, _date_literal(ex.date)))
    if ex.date_inference:
        g.add((R, LK.dateInference, Literal(ex.date_inference)))

    # places
    for p in res.places.values():
        P = iri.place(p.name, p.code)
        g.add((P, RDF.type, SCHEMA.Place))
        g.add((P, RDF.type, LK.Site if p.level in ("site",) else LK.AdministrativeDivision))
        if p.level in ("village",):
            g.add((P, RDF.type, LK.Site))
        labels(P, p.name, p.aliases)
        if p.level in LEVELS:
            g.add((P, LK.adminLevel, LEVELS[p.level]))
        if p.code and p.code.isdigit():
            g.add((P, LK.divisionCode, Literal(p.code)))
        if p.parent and p.parent in res.places:
            g.add((P, SCHEMA.containedInPlace, iri.place(p.parent, res.places[p.parent].code)))
        derived(P, p.evidence)

    # organizations
    for o in res.orgs.values():
        On = iri.org(o.name)
        g.add((On, RDF.type, ORG.Organization))
        unit = o.kind in ("party_dept", "gov_dept") or bool(o.parent and o.name.startswith(o.parent) and
                                                             o.name != o.parent)  # 市政协农村工作委员会
        g.add((On, RDF.type, ORG.OrganizationalUnit if unit else ORG.FormalOrganization))
        if o.kind in ORG_CLASSES:
            g.add((On, RDF.type, ORG_CLASSES[o.kind]))
        labels(On, o.name, o.aliases)
        if o.parent and o.parent in res.orgs:
            g.add((On, ORG.subOrganizationOf, iri.org(o.parent)))
        if o.area and o.area in res.places:
            g.add((On, LK.jurisdiction, iri.place(o.area, res.places[o.area].code)))
        derived(On, o.evidence or ([ex.events[0].sentence] if ex.events else []))
        if not o.evidence:
            g.add((On, LK.evidence, evidence(Span(0, len(text.split("\n", 1)[0])))))

    # persons and posts
    for p in res.persons.values():
        Pn = person_iri(p.name)
        g.add((Pn, RDF.type, FOAF.Person))
        g.add((Pn, RDF.type, SCHEMA.Person))
        labels(Pn, p.name, p.aliases)
        g.add((Pn, FOAF.name, zh(to_simplified(p.name))))
        g.add((Pn, LK.identityKey, Literal(keys[p.name][0])))
        g.add((Pn, LK.identityReason, Literal(keys[p.name][1])))
        if p.gender:
            g.add((Pn, SCHEMA.gender, SCHEMA.Female if p.gender == "female" else SCHEMA.Male))
        derived(Pn, p.evidence)
        for post in p.posts:
            M = iri("membership", to_simplified(keys[p.name][0]), to_simplified(post.org), to_simplified(post.title))
            role = iri.role(post.title)
            g.add((M, RDF.type, ORG.Membership))
            g.add((M, ORG.member, Pn))
            g.add((M, ORG.organization, iri.org(post.org)))
            g.add((M, ORG.role, role))
            g.add((M, LK.titleAsWritten, zh(post.written)))
            if post.former:
                g.add((M, LK.isFormer, Literal(True)))
            derived(M, post.evidence)
            g.add((role, RDF.type, ORG.Role))
            labels(role, post.title)

    # events
    for ev in res.events:
        E = iri("event", to_simplified(ev.name), ev.start or "undated")
        g.add((E, RDF.type, SCHEMA.Event))
        g.add((E, RDF.type, EVENT_CLASSES.get(ev.kind, LK.Meeting)))
        labels(E, ev.name)
        g.add((E, SCHEMA.name, zh(to_simplified(ev.name))))
        _event_dates(g, E, ev.start, ev.end)
        if ev.date_inference:
            g.add((E, LK.dateInference, Literal(ev.date_inference)))
        if ev.place is not None and ev.place.name in res.places:
            g.add((E, SCHEMA.location, iri.place(ev.place.name, res.places[ev.place.name].code)))
        if ev.organizer is not None:
            name = _canonical(res, ev.organizer.name)
            if name in res.orgs:
                g.add((E, SCHEMA.organizer, iri.org(name)))
        for v in ev.visited:
            if v.name in res.places:
                g.add((E, LK.visited, iri.place(v.name, res.places[v.name].code)))
        derived(E, [ev.sentence])
        by_person: dict[str, list] = {}
        for part in ev.participations:
            if part.person in res.persons:
                by_person.setdefault(part.person, []).append(part)
        for person, parts in sorted(by_person.items()):
            Pn = person_iri(person)
            X = iri("participation", to_simplified(ev.name), ev.start or "undated", to_simplified(keys[person][0]))
            g.add((E, SCHEMA.attendee, Pn))
            g.add((X, RDF.type, LK.Participation))
            g.add((X, LK.participant, Pn))
            g.add((X, LK.inEvent, E))
            for part in parts:
                g.add((X, LK.contribution, zh(part.contribution)))
            derived(X, [part.sentence for part in parts])

    # works
    for title, spans in res.works.items():
        W = iri("work", to_simplified(title))
        g.add((W, RDF.type, SCHEMA.CreativeWork))
        labels(W, title)
        g.add((W, SCHEMA.name, zh(to_simplified(title))))
        derived(W, spans)

    # awards
    main = next((e for e in res.events if e.main), None)
    for a in res.awards:
        rec = iri.org(a.recipient) if a.recipient_is_org else person_iri(a.recipient)
        if (a.recipient_is_org and a.recipient not in res.orgs) or (
            not a.recipient_is_org and a.recipient not in res.persons
        ):
            continue
        if a.recipient_is_org:
            A = iri("award", to_simplified(a.title), to_simplified(a.recipient))
        else:  # keyed by the person's identity (scope and name), as the person is: two 王伟 get two conferrals
            A = URIRef(str(iri("award", to_simplified(a.title))) + "/" + str(rec)[len(iri.base) + len("person/"):])
        g.add((A, RDF.type, LK.AwardConferral))
        g.add((A, LK.awardTitle, zh(a.title)))
        g.add((A, LK.recipient, rec))
        if a.count:
            g.add((A, LK.recipientCount, Literal(a.count)))
        if main is not None and main.sentence.start <= a.sentence.start:
            g.add((A, LK.conferredAt, iri("event", to_simplified(main.name), main.start or "undated")))
        g.add((A, PROV.wasDerivedFrom, R))
        g.add((A, LK.evidence, evidence(a.sentence)))

    # authors
    for name in res.authors:
        Pn = person_iri(name)
        g.add((R, SCHEMA.author, Pn))
        if name not in res.persons:
            g.add((Pn, RDF.type, FOAF.Person))
            g.add((Pn, RDF.type, SCHEMA.Person))
            labels(Pn, name)
            g.add((Pn, FOAF.name, zh(to_simplified(name))))
            g.add((Pn, LK.identityKey, Literal(f"{to_simplified(name)}@{ex.province or ''}")))
            g.add((Pn, LK.identityReason, Literal("author of the report")))
            au = next((a for a in ex.authors if a.name == to_simplified(name)), None)
            derived(Pn, [au.sentence] if au else [])
    return R, g


def _canonical(res: Resolved, name: str) -> str:
    from laocu_kg.resolve import _canonical_org

    return _canonical_org(res, name)


def _date_literal(d: str) -> Literal:
    if len(d) == 10 and d[4] == "-":
        return Literal(d, datatype=XSD.date)
    if d.startswith("--"):
        return Literal(d, datatype=XSD.gMonthDay)
    return Literal(d, datatype=XSD.gYear)


def _event_dates(g: Graph, E: URIRef, start: str | None, end: str | None) -> None:
    for value, full, partial in ((start, SCHEMA.startDate, LK.startMonthDay), (end, SCHEMA.endDate, LK.endMonthDay)):
        if not value:
            continue
        if len(value) == 10 and value[4] == "-":
            g.add((E, full, Literal(value, datatype=XSD.date)))
        elif value.startswith("--"):
            g.add((E, partial, Literal(value, datatype=XSD.gMonthDay)))
        # a bare year (2023) is kept in the event's key and dateInference, not as a date
