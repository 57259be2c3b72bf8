"""laocu-kg: Chinese reports about 老促会 → an ontology-mapped knowledge graph to query, view and export.

    >>> import laocu_kg
    >>> kg = laocu_kg.open("memory")
    >>> kg.build(["examples/reports"])                                # doctest: +SKIP
    >>> kg.query("SELECT ?t WHERE { ?m org:member/rdfs:label ?p ; org:role/rdfs:label ?t }", p="胡立新")
    ...                                                                # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

__version__ = "0.1.0"
__all__ = ["KG", "open"]


class KG:
    """A knowledge graph in a store: build it from reports, query it, view it, export it."""

    def __init__(self, store: str | None = None):
        from laocu_kg.store import open_store

        self.spec = store
        self.store = open_store(store)

    def build(self, paths: Iterable[str | Path], **options: Any):
        """Extract reports (files or folders) into the store; options as for pipeline.build."""
        from laocu_kg.pipeline import build

        return build(list(paths), self.store, **options)

    def query(self, sparql: str, **params: str) -> list[dict[str, Any]]:
        """Run a SELECT (rows as dicts of Python values), ASK (a bool) or CONSTRUCT (an rdflib Graph).

        Keyword arguments bind variables safely (``p="胡立新"`` binds ``?p``); a name from the query
        library (``"officials"``) or a .rq path may stand for the SPARQL text."""
        import pyoxigraph as ox

        from laocu_kg.query import resolve_query, run

        result = run(self.store, resolve_query(sparql), {k: str(v) for k, v in params.items()})
        if isinstance(result, ox.QueryBoolean):
            return bool(result)  # type: ignore[return-value]
        if isinstance(result, ox.QueryTriples):
            from rdflib import Graph

            g = Graph()
            g.parse(data=result.serialize(format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
            return g  # type: ignore[return-value]
        names = [v.value for v in result.variables]
        return [{n: _python(sol[n]) for n in names} for sol in result]

    def graph(self):
        """The union of all reports' graphs as an rdflib Graph (a copy, for rdflib tools)."""
        from laocu_kg.export import union_graph

        return union_graph(self.store)

    def export(self, fmt: str = "ttl") -> str:
        from laocu_kg.export import export

        return export(self.store, fmt)

    def view(self, path: str | Path, **options: Any) -> dict[str, int]:
        from laocu_kg.views import view

        return view(self.graph(), path, **options)

    def close(self) -> None:
        self.store.close()


def _python(term):
    if term is None:
        return None
    try:
        import pyoxigraph as ox

        if isinstance(term, ox.Literal) and term.datatype is not None:
            dt = term.datatype.value
            if dt.endswith(("#integer", "#int", "#long")):
                return int(term.value)
            if dt.endswith(("#decimal", "#double", "#float")):
                return float(term.value)
            if dt.endswith("#boolean"):
                return term.value == "true"
    except (ImportError, ValueError):
        pass
    return term.value


def open(store: str | None = None) -> KG:  # noqa: A001 - mirrors pyoxigraph/sqlite3 naming on purpose
    """Open a knowledge graph: a folder path (default ./laocu-kg.db) or ``"memory"``."""
    return KG(store)
