"""Graph stores behind one interface, chosen from a store string (like rdflib's plugin registry).

- a folder path (default ``./laocu-kg.db``): an embedded on-disk Oxigraph store
- ``memory``: an in-memory Oxigraph store (tests, notebooks)

Each report is one named graph (its IRI), replaced as a whole in one transaction.
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

    # -- writing -----------------------------------------------------------------------------
    def replace_graph(self, graph_iri: URIRef, triples: Graph) -> None:
        """Replace one named graph with ``triples`` (one transaction: readers see old or new, never half)."""
        g = ox.NamedNode(str(graph_iri))
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples]
        self._store.remove_graph(g) if self._store.contains_named_graph(g) else None
        self._store.extend(quads)

    def remove_graph(self, graph_iri: str) -> bool:
        g = ox.NamedNode(str(graph_iri))
        if not self._store.contains_named_graph(g):
            return False
        self._store.remove_graph(g)
        return True

    def clear(self) -> None:
        self._store.clear()

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

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
            return self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise LaocuError(f"SPARQL syntax error: {e}") from None

    def quads(self) -> Iterable[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, None)

    def dump_nquads(self) -> bytes:
        buf = io.BytesIO()
        self._store.dump(buf, format=ox.RdfFormat.N_QUADS)
        return buf.getvalue()

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self.flush()
        del self._store


StoreFactory = Callable[[str, bool], OxigraphStore]
_BACKENDS: list[tuple[Callable[[str], bool], StoreFactory]] = []


def register_backend(matches: Callable[[str], bool], factory: StoreFactory) -> None:
    """Add a store backend: the first whose ``matches(spec)`` is true opens the store."""
    _BACKENDS.insert(0, (matches, factory))


register_backend(lambda s: True, lambda s, ro: OxigraphStore(s, read_only=ro))
register_backend(lambda s: s == "memory", lambda s, ro: OxigraphStore(None))
register_backend(
    lambda s: s.startswith(("http://", "https://")),
    lambda s, ro: (_ for _ in ()).throw(LaocuError(f"{s}: remote SPARQL stores are not supported yet")),
)


def open_store(spec: str | None = None, read_only: bool = False) -> OxigraphStore:
    """Open the store named by ``spec``: a folder path, ``memory``, or (later) an http(s) SPARQL endpoint."""
    spec = spec or DEFAULT_STORE
    for matches, factory in _BACKENDS:
        if matches(spec):
            return factory(spec, read_only)
    raise LaocuError(f"{spec}: no store backend")  # pragma: no cover
