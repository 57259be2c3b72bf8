"""Exports: the whole graph as Turtle, N-Triples, TriG, N-Quads or JSON-LD, deterministic (sorted)."""

from __future__ import annotations

import os
import re
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
    # split on "\n" only: N-Triples escapes no other line break (U+2028, U+0085 stay raw inside literals)
    return sorted(line for line in store.dump_nquads().decode("utf-8").split("\n") if line)


def sorted_ntriple_lines(store: OxigraphStore) -> list[str]:
    """The union of all reports' graphs as N-Triples lines (no line break), one per distinct triple, sorted."""
    if hasattr(store, "dump_ntriples"):  # the store keeps the union (each triple once) as its default graph
        lines = store.dump_ntriples().decode("utf-8").split("\n")
        lines.sort()
        return lines[1:] if lines and not lines[0] else lines
    lines = set()
    for q in sorted_nquads(store):
        # an N-Quads line ends with '<graph> .'; drop the graph term
        body = q.rstrip()[:-1].rstrip()
        k = body.rfind(" <")
        lines.add(body[:k] + " .")
    return sorted(lines)


def sorted_ntriples(store: OxigraphStore) -> str:
    """The union of all reports' graphs as N-Triples, one sorted line per distinct triple."""
    return "".join(line + "\n" for line in sorted_ntriple_lines(store))


# a prefixed name's local part, kept to what needs no escapes: letters (CJK included), digits, '_', '-'
_LOCAL = re.compile(r"[A-Za-z0-9_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
                    r"\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]"
                    r"[A-Za-z0-9_\-\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u203F-\u2040"
                    r"\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*")
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def turtle(lines: list[str]) -> str:
    """Turtle from sorted N-Triples lines: one block per subject (rdf:type first, as 'a'), objects of one
    predicate joined with ',', IRIs in the PREFIXES namespaces as prefixed names. Deterministic: the same
    lines give the same bytes. (Written directly: rdflib's serializer takes minutes at a million triples.)"""
    namespaces = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
    memo: dict[str, str] = {}

    def iri(term: str) -> str:
        short = memo.get(term)
        if short is None:
            short = term
            body = term[1:-1]
            for p, ns in namespaces:
                if body.startswith(ns) and _LOCAL.fullmatch(body[len(ns):]):
                    short = f"{p}:{body[len(ns):]}"
                    break
            memo[term] = short
        return short

    def obj(term: str) -> str:
        if term[0] == "<":
            return iri(term)
        if term[-1] == ">":  # a typed literal: compact its datatype
            k = term.rfind('"^^<')
            if k >= 0:
                return term[: k + 3] + iri(term[k + 3 :])
        return term

    out = [f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())]
    append = out.append
    subject = None
    preds: dict[str, list[str]] = {}

    def close() -> None:
        keys = sorted(preds, key=lambda k: (k != _RDF_TYPE, k))
        body = " ;\n    ".join(f"{'a' if k == _RDF_TYPE else iri(k)} {', '.join(preds[k])}" for k in keys)
        append(f"\n{obj(subject)} {body} .\n")

    # the hot loop: one split per line, IRIs looked up in the memo before any call
    get = memo.get
    for line in lines:
        s, p, o = line.split(" ", 2)
        o = o[:-2]  # drop ' .'
        if o[0] == "<":
            o = get(o) or iri(o)
        elif o[-1] == ">":
            o = obj(o)
        if s != subject:
            if subject is not None:
                close()
            subject, preds = s, {p: [o]}
            continue
        objs = preds.get(p)
        if objs is None:
            preds[p] = [o]
        else:
            objs.append(o)
    if subject is not None:
        close()
    return "".join(out)


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
    if fmt == "ttl":
        return turtle(sorted_ntriple_lines(store))
    g = union_graph(store)
    return g.serialize(format="json-ld", context=dict(PREFIXES), sort_keys=True, indent=1, ensure_ascii=False)


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
