"""Counts by class, and the most connected persons and organizations (degree in the networkx view)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from laocu_kg.store import OxigraphStore

CLASSES = {
    "reports": "schema:NewsArticle",
    "persons": "foaf:Person",
    "organizations": "org:Organization",
    "posts": "org:Membership",
    "places": "schema:Place",
    "events": "schema:Event",
    "participations": "lk:Participation",
    "works": "schema:CreativeWork",
    "awards": "lk:AwardConferral",
    "evidence": "lk:Evidence",
}


@dataclass
class Stats:
    triples: int
    counts: dict[str, int]
    top_persons: list[tuple[str, int]]
    top_orgs: list[tuple[str, int]]


def _network(store: OxigraphStore) -> nx.Graph:
    """Persons, organizations and events linked by posts, participation, organizing and hierarchy."""
    g = nx.Graph()
    q = """
    SELECT ?a ?b WHERE {
      { ?m org:member ?a ; org:organization ?b }
      UNION { ?p lk:participant ?a ; lk:inEvent ?b }
      UNION { ?b schema:organizer ?a }
      UNION { ?a org:subOrganizationOf ?b }
    }"""
    for sol in store.query(q):
        g.add_edge(sol["a"].value, sol["b"].value)
    return g


def _labels(store: OxigraphStore, cls: str) -> dict[str, str]:
    return {s["x"].value: s["l"].value for s in store.query(f"SELECT ?x ?l WHERE {{ ?x a {cls} ; rdfs:label ?l }}")}


def compute(store: OxigraphStore, top: int = 5) -> Stats:
    counts = {}
    for name, cls in CLASSES.items():
        sol = next(iter(store.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")))
        counts[name] = int(sol["n"].value)
    net = _network(store)
    persons, orgs = _labels(store, "foaf:Person"), _labels(store, "org:Organization")

    def ranked(labels: dict[str, str]) -> list[tuple[str, int]]:
        degs = [(labels[n], d) for n, d in net.degree() if n in labels]
        return sorted(degs, key=lambda t: (-t[1], t[0]))[:top]

    return Stats(len(store), counts, ranked(persons), ranked(orgs))
