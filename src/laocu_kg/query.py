"""SPARQL over the store: named queries from the query library, safe parameters, result formats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from laocu_kg.model import LaocuError
from laocu_kg.store import OxigraphStore

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": None}
ALL_FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[str, ...]
    text: str


def library() -> dict[str, NamedQuery]:
    """The example queries shipped with the package (examples/queries/*.rq)."""
    out = {}
    folder = resources.files("laocu_kg").joinpath("queries")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            q = parse_named(entry.name[:-3], entry.read_text(encoding="utf-8"))
            out[q.name] = q
    return out


def parse_named(name: str, text: str) -> NamedQuery:
    """A query's description is its leading '#' comment; '# param: NAME' lines declare parameters."""
    desc, params = [], []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.lower().startswith("param:"):
            params.append(body.split(":", 1)[1].strip().split()[0])
        elif body:
            desc.append(body)
    return NamedQuery(name, " ".join(desc), tuple(params), text)


def resolve_query(spec: str) -> str:
    """A query from a library name, a .rq file path, or the SPARQL text itself."""
    lib = library()
    if spec in lib:
        return lib[spec].text
    if spec.endswith((".rq", ".sparql")) or (len(spec) < 200 and Path(spec).is_file()):
        p = Path(spec)
        if not p.is_file():
            raise LaocuError(f"{spec}: no such query file")
        return p.read_text(encoding="utf-8")
    if re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", spec, re.I):
        return spec
    raise LaocuError(f"{spec!r}: not a query name ({', '.join(lib)}), a .rq file or SPARQL text")


LABEL_LANGS = ("zh", "zh-Hant")  # the language tags of labels (rdfs:label, skos:altLabel): see mapping.labels


def bind_params(params: dict[str, str], sparql: str = "") -> str:
    """Parameters as a VALUES clause of escaped RDF terms (a user's text is never SPARQL syntax).

    A text parameter NAME is bound as ?NAME, a plain literal. Where ``sparql`` also uses ?NAME_label, that
    variable is bound to the same text as each form a label can take (plain, @zh, @zh-Hant), one row each:
    ``?o rdfs:label ?org_label`` then finds the labels equal to the text by index, as FILTER (str(?n) =
    str(?org)) over all labels would, without reading every label."""
    subs = {}
    for k, v in params.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k):
            raise LaocuError(f"parameter name {k!r} is not a SPARQL variable name")
        if v.startswith("<") and v.endswith(">"):
            term = ox.NamedNode(v[1:-1])
        elif re.match(r"https?://", v):
            term = ox.NamedNode(v)
        else:
            term = ox.Literal(v)
        subs[k] = term
    if not subs:
        return ""
    names = [f"?{k}" for k in subs]
    rows = [[str(t) for t in subs.values()]]  # N-Triples form: quotes and escapes done by pyoxigraph
    for k, term in subs.items():
        if isinstance(term, ox.Literal) and re.search(rf"\?{k}_label\b", sparql):
            names.append(f"?{k}_label")
            forms = [str(term)] + [f"{term}@{lang}" for lang in LABEL_LANGS]  # tags as the data writes them
            rows = [row + [form] for row in rows for form in forms]
    body = " ".join(f"({' '.join(row)})" for row in rows)
    return f" VALUES ({' '.join(names)}) {{ {body} }} "


def with_params(sparql: str, params: dict[str, str]) -> str:
    """Put the parameters' VALUES block first inside the WHERE group, so FILTERs there see them."""
    block = bind_params(params, sparql)
    if not block:
        return sparql
    m = re.search(r"\bWHERE\s*\{", sparql, re.I) or re.search(r"\{", sparql)
    if m is None:
        raise LaocuError("cannot bind parameters: the query has no WHERE group")
    return sparql[: m.end()] + block + sparql[m.end() :]


def run(store: OxigraphStore, sparql: str, params: dict[str, str] | None = None, limit: int | None = None):
    if limit is not None and re.search(r"\bSELECT\b", sparql, re.I) and not re.search(r"\bLIMIT\s+\d+\s*$", sparql, re.I):
        sparql = sparql.rstrip() + f"\nLIMIT {int(limit)}"
    return store.query(with_params(sparql, params or {}))


def term_text(term) -> str:
    if term is None:
        return ""
    return term.value


def rows(result) -> tuple[list[str], list[list[str]]]:
    """SELECT results as (variables, rows of plain strings)."""
    vars_ = [v.value for v in result.variables]
    return vars_, [[term_text(sol[v]) for v in vars_] for sol in result]


def serialize(result, fmt: str) -> str:
    """Serialize a result in ``fmt``; SELECT/ASK → csv, tsv, json, xml; CONSTRUCT/DESCRIBE → ttl, nt, jsonld."""
    if isinstance(result, ox.QueryTriples):
        if fmt not in GRAPH_FORMATS:
            raise LaocuError(f"format {fmt!r} is for SELECT results; a CONSTRUCT gives ttl, nt or jsonld")
        if fmt == "jsonld":
            from rdflib import Graph

            g = Graph()
            g.parse(data=result.serialize(format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
            return g.serialize(format="json-ld", ensure_ascii=False)
        return result.serialize(format=GRAPH_FORMATS[fmt]).decode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise LaocuError(f"format {fmt!r} is for CONSTRUCT results; a SELECT gives table, csv, tsv, json or xml")
    return result.serialize(format=RESULT_FORMATS[fmt]).decode("utf-8")


def with_deadline(seconds: float, work):
    """Run ``work()`` and return its result, or raise LaocuError once ``seconds`` have passed (the query
    thread is left to the process's exit: a store call in progress cannot be interrupted)."""
    import threading

    box: dict = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as e:  # noqa: BLE001 - handed back to the caller's thread
            box["error"] = e

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        raise LaocuError(f"query timed out after {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")
