"""Exports: the whole graph as Turtle, N-Triples, TriG, N-Quads or JSON-LD, deterministic (sorted)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph

from laocu_kg.model import LaocuError
from laocu_kg.store import OxigraphStore
from laocu_kg.vocab import PREFIXES

FORMATS = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}
SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".trig": "trig", ".nq": "nq", ".jsonld": "jsonld", ".json": "jsonld"}


def format_for(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise LaocuError(f"{path}: unknown output format {suffix or '(none)'} (use .ttl, .nt, .trig, .nq or .jsonld)")
    return SUFFIXES[suffix]


def sorted_nquads(store: OxigraphStore) -> list[str]:
    return sorted(line for line in store.dump_nquads().decode("utf-8").splitlines() if line)


def sorted_ntriples(store: OxigraphStore) -> str:
    """The union of all reports' graphs as N-Triples, one sorted line per distinct triple."""
    lines = set()
    for q in sorted_nquads(store):
        # an N-Quads line ends with '<graph> .'; drop the graph term
        body = q.rstrip()[:-1].rstrip()
        k = body.rfind(" <")
        lines.add(body[:k] + " .")
    return "".join(line + "\n" for line in sorted(lines))


def union_graph(store: OxigraphStore) -> Graph:
    g = Graph()
    for p, iri in PREFIXES.items():
        g.bind(p, iri)
    g.parse(data=sorted_ntriples(store), format="nt")
    return g


def export(store: OxigraphStore, fmt: str) -> str:
    """The graph serialised in ``fmt`` (ttl, nt, trig, nq, jsonld); same store → same bytes."""
    if fmt not in FORMATS:
        raise LaocuError(f"unknown export format {fmt!r} (use one of: {', '.join(FORMATS)})")
    if fmt == "nt":
        return sorted_ntriples(store)
    if fmt == "nq":
        return "".join(line + "\n" for line in sorted_nquads(store))
    if fmt == "trig":
        ds = Dataset()
        for p, iri in PREFIXES.items():
            ds.bind(p, iri)
        ds.parse(data="\n".join(sorted_nquads(store)), format="nquads")
        return ds.serialize(format="trig")
    g = union_graph(store)
    if fmt == "jsonld":
        return g.serialize(format="json-ld", context=dict(PREFIXES), sort_keys=True, indent=1, ensure_ascii=False)
    return g.serialize(format="turtle")


def write_atomic(path: str | Path, text: str) -> None:
    """Write UTF-8 text to ``path`` via a temporary file and a rename: never a half-written file."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise LaocuError(f"{p}: folder {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=parent)
    except OSError as e:
        raise LaocuError(f"{p}: cannot write ({e.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, p)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise LaocuError(f"{p}: cannot write ({e.strerror})") from None
