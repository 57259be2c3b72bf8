"""Graph stores behind one interface, chosen from a store string (like rdflib's plugin registry).

- a folder path (default ``./laocu-kg.db``): an embedded on-disk Oxigraph store
- ``memory``: an in-memory Oxigraph store (tests, notebooks)
- ``http(s)://…``: a SPARQL 1.1 Query + Update server (``store_remote.SparqlStore``)

Each report is one named graph (its IRI), replaced as a whole in one transaction. The default graph holds
the union of the reports' graphs as a set (each triple once, however many reports state it): queries read
it, so a fact attested by fifty reports is one solution, not fifty (Oxigraph's own union-default-graph mode
is a bag, which multiplies solutions at every join), and ``GRAPH ?g`` still reaches each report's graph.
Adding a graph adds its triples to the union; removing one removes those no other report states.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from laocu_kg.model import LaocuError
from laocu_kg.vocab import LK, PREFIXES

DEFAULT_STORE = "laocu-kg.db"
_HASH = ox.NamedNode(str(LK.contentHash))
_SOURCE = ox.NamedNode(str(LK.sourcePath))


def to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class _Union:
    """The pyoxigraph Store as code written against it sees it: a query asking for the union default graph
    gets the materialized (set) union, and quads of "any graph" are those of the named graphs, as when the
    default graph was empty. (serve.py reaches in for the raw store.)"""

    __slots__ = ("_raw", "bag")

    def __init__(self, raw: ox.Store, bag: bool = False):
        self._raw = raw
        self.bag = bag  # no materialized union (an old read-only store): Oxigraph's bag union it is

    def __getattr__(self, name: str):
        return getattr(self._raw, name)

    def __len__(self) -> int:
        return len(self._raw)

    def query(self, query: str, **kwargs):
        if kwargs.get("use_default_graph_as_union") and not self.bag:
            kwargs["use_default_graph_as_union"] = False
        return self._raw.query(query, **kwargs)

    def update(self, update: str, **kwargs) -> None:
        """A SPARQL update from outside (serve --allow-update): applied, then the union re-derived from the
        named graphs, in one transaction. The default graph is derived: write into named graphs."""
        if self.bag:
            return self._raw.update(update, **kwargs)
        # a new line first: the update may end in a comment
        self._raw.update(update.rstrip().rstrip(";") + "\n;\n" + REDERIVE_UNION, **kwargs)

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None):  # noqa: A002
        quads = self._raw.quads_for_pattern(subject, predicate, object, graph_name)
        if graph_name is None:
            return (q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))
        return quads


class OxigraphStore:
    """An Oxigraph store on disk (``path``) or in memory (``path=None``)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = str(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not Path(self.path).exists():
                    raise LaocuError(f"{self.path}: no store here (run `laocu-kg build` first)")
                self._store = ox.Store.read_only(self.path)
            else:
                self._store = ox.Store(self.path)
        except OSError as e:
            msg = str(e).splitlines()[0] if str(e) else e.__class__.__name__
            if "lock" in msg.lower():
                raise LaocuError(f"{self.path}: store is locked by another process") from None
            raise LaocuError(f"{self.path}: cannot open store ({msg})") from None
        self.read_only = read_only
        self._upgrade()
        # a read-only store from before the union default graph: fall back to Oxigraph's (bag) union
        self._bag_union = read_only and next(iter(self._store.quads_for_pattern(
            None, None, None, ox.DefaultGraph())), None) is None
        self._store = _Union(self._store, self._bag_union)

    # -- writing -----------------------------------------------------------------------------
    def replace_graph(self, graph_iri: URIRef, triples: Graph) -> None:
        """Replace one named graph with ``triples`` (and keep the union default graph in step)."""
        g = ox.NamedNode(str(graph_iri))
        self.remove_graph(str(graph_iri))
        quads = []
        for s, p, o in triples:
            t = (to_ox(s), to_ox(p), to_ox(o))
            quads.append(ox.Quad(*t, g))
            quads.append(ox.Quad(*t, ox.DefaultGraph()))
        self._store.extend(quads)

    def load_nquads(self, data: bytes) -> None:
        """Add N-Quads in named graphs in bulk (a build's batches of new graphs; graphs being replaced are
        removed first), and their triples, each once, to the union default graph.

        On disk this is Oxigraph's bulk loader (fast, not one transaction); in memory a plain load. (Holding
        the union's triples back to deduplicate them across batches was tried: slower, and over 2 GB at
        10,000 reports.)"""
        union = set()
        for line in data.split(b"\n"):
            if line:  # the line less its graph term: '<s> <p> o <g> .' → '<s> <p> o .'
                union.add(line[: line.rindex(b" <")] + b" .\n")
        triples = b"".join(union)
        try:
            if self.path is None:
                self._store.load(data, format=ox.RdfFormat.N_QUADS)
                self._store.load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
            else:
                self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
                self._store.bulk_load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        except SyntaxError as e:
            raise LaocuError(f"bad N-Quads for the store: {e}") from None

    def remove_graph(self, graph_iri: str) -> bool:
        """Drop a report's graph, and from the union the triples no other report's graph states."""
        g = ox.NamedNode(str(graph_iri))
        if not self._store.contains_named_graph(g):
            return False
        self._store._raw.update(UNION_REMOVE.format(graph=g))
        return True

    def clear(self) -> None:
        self._store.clear()

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def optimize(self) -> bool:
        """Compact an on-disk store (Oxigraph's ``optimize``): a build's bulk loads leave many overlapping
        files, and reading them all makes queries and exports 2–3× slower until they are merged. Returns
        False where there is nothing to do (a store in memory)."""
        if self.path is None:
            return False
        if self.read_only:
            raise LaocuError(f"{self.path}: opened read-only, cannot optimize")
        try:
            self._store.optimize()
        except OSError as e:
            raise LaocuError(f"{self.path}: cannot optimize ({str(e).splitlines()[0] if str(e) else e})") from None
        return True

    def _upgrade(self) -> None:
        """A store built before the union default graph existed: fill it in (once)."""
        if self.read_only or next(iter(self._store.named_graphs()), None) is None:
            return
        if next(iter(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is None:
            self._store.update(REDERIVE_UNION)

    # -- reading -----------------------------------------------------------------------------
    def graphs(self) -> dict[str, str]:
        """Named graph IRI → content hash of the report it holds."""
        out = {}
        for q in self._store.quads_for_pattern(None, _HASH, None, None):
            if isinstance(q.graph_name, ox.NamedNode) and q.subject == q.graph_name:
                out[q.graph_name.value] = q.object.value
        return out

    def sources(self) -> dict[str, str]:
        """Source path of each report → the named graph holding it (to replace a report that changed)."""
        out = {}
        for q in self._store.quads_for_pattern(None, _SOURCE, None, None):
            if isinstance(q.graph_name, ox.NamedNode) and q.subject == q.graph_name:
                out[q.object.value] = q.graph_name.value
        return out

    def query(self, sparql: str):
        """Run SPARQL over the union of all reports' graphs (named graphs stay reachable with GRAPH)."""
        try:
            return self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=self._bag_union)
        except SyntaxError as e:
            raise LaocuError(f"SPARQL syntax error: {e}") from None

    def quads(self) -> Iterable[ox.Quad]:
        """The quads of the reports' named graphs."""
        return self._store.quads_for_pattern(None, None, None, None)  # named graphs only (see _Union)

    def dump_nquads(self) -> bytes:
        """The reports' named graphs as N-Quads (the union default graph is derived, so left out)."""
        parts = []
        for g in sorted(self._store.named_graphs(), key=lambda n: n.value):
            buf = io.BytesIO()
            self._store.dump(buf, format=ox.RdfFormat.N_TRIPLES, from_graph=g)
            # N-Triples escapes line breaks in literals: ' .\n' only ends lines
            parts.append(buf.getvalue().replace(b" .\n", f" {g} .\n".encode()))
        return b"".join(parts)

    def dump_ntriples(self) -> bytes:
        """The union of the reports' graphs (each triple once) as N-Triples, unsorted."""
        if self._bag_union:
            return "".join({f"{q.subject} {q.predicate} {q.object} .\n" for q in self.quads()}).encode()
        buf = io.BytesIO()
        self._store.dump(buf, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        return buf.getvalue()

    def __len__(self) -> int:
        """Triples in the reports' graphs, counted per report (the union default graph not counted)."""
        union = 0 if self._bag_union else next(iter(self._store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value
        return len(self._store) - int(union)

    def close(self) -> None:
        self.flush()
        del self._store


REDERIVE_UNION = "DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
UNION_REMOVE = """DELETE {{ ?s ?p ?o }} WHERE {{
  GRAPH {graph} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph}) }}
}} ;
DROP GRAPH {graph}"""


StoreFactory = Callable[[str, bool], OxigraphStore]
_BACKENDS: list[tuple[Callable[[str], bool], StoreFactory]] = []


def register_backend(matches: Callable[[str], bool], factory: StoreFactory) -> None:
    """Add a store backend: the first whose ``matches(spec)`` is true opens the store."""
    _BACKENDS.insert(0, (matches, factory))


register_backend(lambda s: True, lambda s, ro: OxigraphStore(s, read_only=ro))
register_backend(lambda s: s == "memory", lambda s, ro: OxigraphStore(None))


def _remote(spec: str, read_only: bool):
    from laocu_kg.store_remote import SparqlStore

    return SparqlStore(spec, read_only=read_only)


register_backend(lambda s: s.startswith(("http://", "https://")), _remote)


def open_store(spec: str | None = None, read_only: bool = False) -> OxigraphStore:
    """Open the store named by ``spec``: a folder path, ``memory``, or an http(s) SPARQL endpoint."""
    spec = spec or DEFAULT_STORE
    for matches, factory in _BACKENDS:
        if matches(spec):
            return factory(spec, read_only)
    raise LaocuError(f"{spec}: no store backend")  # pragma: no cover
