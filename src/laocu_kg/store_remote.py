"""A graph store behind any SPARQL 1.1 Query + Update server (Oxigraph server, Fuseki, GraphDB, Virtuoso …).

``--store http(s)://host/…`` opens it. Only the two standard protocols are used, over the standard library's
urllib (no client library): queries as form-encoded POSTs asking for SPARQL JSON results (SELECT, ASK) or
N-Triples (CONSTRUCT, DESCRIBE); writes as SPARQL Update (``DROP SILENT GRAPH``, ``INSERT DATA { GRAPH … }``
in chunks), which every server above accepts, so no Graph Store endpoint has to be known. Results come back
as pyoxigraph's own types (QuerySolutions, QueryBoolean, QueryTriples), so query, stats, export and view
work unchanged.

Endpoints, from the URL given:

- ``http://host:7878`` (no path: an Oxigraph server) → queries to ``/query``, updates to ``/update``
- ``…/query`` → updates to ``…/update`` (Oxigraph server, Fuseki ``/ds/query``)
- ``…/repositories/NAME`` → updates to ``…/repositories/NAME/statements`` (GraphDB, RDF4J)
- anything else (Virtuoso ``/sparql``, a Fuseki dataset URL) → the same URL for both
- ``LAOCU_KG_UPDATE_URL`` overrides the update endpoint; ``user:password@`` in the URL sends Basic auth.

The union of the reports' graphs: as in the local store, the default graph holds the union of the reports'
named graphs as a set, written together with each report graph (``INSERT DATA { triples GRAPH <g> { triples } }``)
and pruned when one is dropped (``DELETE … FILTER NOT EXISTS { GRAPH ?other … }``), all in standard SPARQL
Update. Queries are sent as they are, with no dataset parameters: the server's default graph is the union.
Never ``default-graph-uri``: that would hide the named graphs from ``GRAPH ?g`` (the rdflib
SPARQLUpdateStore trap), and no server-specific union mode either (Oxigraph's counts a triple once per graph
stating it). This holds for servers whose default graph is its own graph (Oxigraph server, Fuseki as
shipped); a server that answers queries over all its graphs by default (Virtuoso, GraphDB) should be given
a repository of its own. What the store lists, counts, dumps and drops is only the report graphs (those
holding their own ``lk:contentHash``), so other graphs on a shared server are left alone.
"""

from __future__ import annotations

import base64
import io
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

import pyoxigraph as ox

from laocu_kg.model import LaocuError
from laocu_kg.vocab import LK, PREFIXES

_HASH = f"<{LK.contentHash}>"
_SOURCE = f"<{LK.sourcePath}>"
CHUNK_BYTES = 4 * 1024 * 1024  # one INSERT DATA request at most
TIMEOUT_S = 300
_JSON = "application/sparql-results+json"
_NT = "application/n-triples"


def endpoints(url: str) -> tuple[str, str, dict[str, str]]:
    """(query URL, update URL, extra headers) for a store URL."""
    parts = urllib.parse.urlsplit(url)
    headers = {}
    if parts.username is not None:
        user, pw = urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{pw}".encode()).decode("ascii")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    path = parts.path.rstrip("/")
    if not path:
        query, update = parts._replace(path="/query"), parts._replace(path="/update")
    elif path.endswith("/query"):
        query, update = parts._replace(path=path), parts._replace(path=path[: -len("query")] + "update")
    elif re.search(r"/repositories/[^/]+$", path):
        query, update = parts._replace(path=path), parts._replace(path=path + "/statements")
    else:
        query = update = parts._replace(path=path)
    q, u = urllib.parse.urlunsplit(query), urllib.parse.urlunsplit(update)
    return q, os.environ.get("LAOCU_KG_UPDATE_URL") or u, headers


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


class SparqlStore:
    """The OxigraphStore interface over a remote SPARQL 1.1 server."""

    def __init__(self, url: str, read_only: bool = False):
        self.url = url
        self.path = url
        self.read_only = read_only
        self.query_url, self.update_url, self.headers = endpoints(url)
        self._check = ox.Store()  # parses each query here first: the same syntax errors as the local store

    # -- HTTP ------------------------------------------------------------------------------------
    def _post(self, url: str, form: dict[str, str], accept: str | None = None) -> tuple[str, bytes]:
        data = urllib.parse.urlencode(form).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", **self.headers}
        if accept:
            headers["Accept"] = accept
        req = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
                return resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace").strip().splitlines()
            raise LaocuError(f"{url}: HTTP {e.code} {e.reason}" + (f": {body[0][:300]}" if body else "")) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise LaocuError(f"{url}: cannot reach the SPARQL server ({reason})") from None

    def _select(self, sparql: str) -> ox.QuerySolutions:
        ctype, body = self._post(self.query_url, {"query": sparql}, _JSON)
        return ox.parse_query_results(body, format=_results_format(ctype))

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise LaocuError(f"{self.url}: opened read-only")
        self._post(self.update_url, {"update": sparql})

    # -- writing -----------------------------------------------------------------------------
    def replace_graph(self, graph_iri, triples: Iterable) -> None:
        """Replace one named graph: DROP, then INSERT DATA in chunks (one request for a report's graph)."""
        g = str(graph_iri)
        lines = [f"{_n3(s)} {_n3(p)} {_n3(o)} .\n" for s, p, o in triples]
        self._insert({g: lines}, drop=True)

    def load_nquads(self, data: bytes) -> None:
        """Add N-Quads (a build's batch of new graphs) with INSERT DATA, graph by graph, in chunks."""
        by_graph: dict[str, list[str]] = {}
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            if not isinstance(q.graph_name, ox.NamedNode):
                raise LaocuError("only named graphs can be loaded into a remote store")
            by_graph.setdefault(q.graph_name.value, []).append(f"{q.subject} {q.predicate} {q.object} .\n")
        self._insert(by_graph, drop=False)

    def _insert(self, graphs: dict[str, list[str]], drop: bool) -> None:
        """INSERT DATA each graph's triples into it and into the union default graph, in requests of about
        CHUNK_BYTES; with ``drop``, each graph is dropped (and pruned from the union) first."""
        parts: list[str] = []
        size = 0

        def send() -> None:
            nonlocal parts, size
            if parts:
                self.update(" ;\n".join(parts))
                parts, size = [], 0

        for g, lines in graphs.items():
            if drop:
                parts.append(_drop(g))
            chunk: list[str] = []
            for i, line in enumerate(lines, 1):
                chunk.append(line)
                size += 2 * len(line)
                if size >= CHUNK_BYTES or i == len(lines):
                    body = "".join(chunk)
                    parts.append(f"INSERT DATA {{\n{body}GRAPH <{g}> {{\n{body}}} }}")
                    chunk = []
                    if size >= CHUNK_BYTES:
                        send()
        send()

    def remove_graph(self, graph_iri: str) -> bool:
        g = str(graph_iri)
        if not bool(self._ask(f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")):
            return False
        self.update(_drop(g))
        return True

    def clear(self) -> None:
        """Drop every report graph (other graphs on the server are left alone)."""
        for g in sorted(self.graphs()):
            self.update(_drop(g))

    def flush(self) -> None:
        pass

    # -- reading -----------------------------------------------------------------------------
    def _ask(self, sparql: str) -> ox.QueryBoolean:
        ctype, body = self._post(self.query_url, {"query": sparql}, _JSON)
        return ox.parse_query_results(body, format=_results_format(ctype))

    def graphs(self) -> dict[str, str]:
        """Named graph IRI → content hash of the report it holds."""
        q = f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g {_HASH} ?h }} }}"
        return {s["g"].value: s["h"].value for s in self._select(q) if isinstance(s["g"], ox.NamedNode)}

    def sources(self) -> dict[str, str]:
        """Source path of each report → the named graph holding it."""
        q = f"SELECT ?g ?path WHERE {{ GRAPH ?g {{ ?g {_SOURCE} ?path }} }}"
        return {s["path"].value: s["g"].value for s in self._select(q) if isinstance(s["g"], ox.NamedNode)}

    def query(self, sparql: str):
        """Run SPARQL over the union of the reports' graphs; answers are pyoxigraph's result types."""
        try:
            self._check.query(sparql, prefixes=PREFIXES)
        except SyntaxError as e:
            raise LaocuError(f"SPARQL syntax error: {e}") from None
        text = _prologue() + sparql
        kind = _query_form(sparql)
        accept = f"{_NT}, text/turtle;q=0.9, application/rdf+xml;q=0.5" if kind in ("CONSTRUCT", "DESCRIBE") else _JSON
        ctype, body = self._post(self.query_url, {"query": text}, accept)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            fmt = ox.RdfFormat.from_media_type(ctype.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
            local = ox.Store()  # give callers a real QueryTriples: load the triples and CONSTRUCT them again
            local.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                         for t in ox.parse(body, format=fmt))
            return local.query("CONSTRUCT WHERE { ?s ?p ?o }")
        return ox.parse_query_results(body, format=_results_format(ctype))

    def dump_ntriples(self) -> bytes:
        """The union (the default graph) as N-Triples."""
        ctype, body = self._post(self.query_url, {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, _NT)
        fmt = ox.RdfFormat.from_media_type(ctype.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
        if fmt == ox.RdfFormat.N_TRIPLES:
            return body
        return ox.serialize(ox.parse(body, format=fmt), format=ox.RdfFormat.N_TRIPLES)

    def _report_quads(self) -> list[ox.Quad]:
        q = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?g {_HASH} ?h . ?s ?p ?o }} }}"
        return [ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in self._select(q)]

    def quads(self) -> Iterable[ox.Quad]:
        return iter(self._report_quads())

    def dump_nquads(self) -> bytes:
        buf = io.BytesIO()
        ox.serialize(self._report_quads(), buf, format=ox.RdfFormat.N_QUADS)
        return buf.getvalue()

    def __len__(self) -> int:
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?g {_HASH} ?h . ?s ?p ?o }} }}"
        sol = next(iter(self._select(q)), None)
        return int(sol["n"].value) if sol is not None and sol["n"] is not None else 0

    def close(self) -> None:
        pass


def _drop(g: str) -> str:
    """Drop a report's graph, and from the union default graph the triples no other graph states."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != <{g}>) }} }} ;\n"
            f"DROP SILENT GRAPH <{g}>")


def _n3(term) -> str:
    return term.n3() if hasattr(term, "n3") else str(term)


def _results_format(ctype: str) -> ox.QueryResultsFormat:
    media = ctype.split(";")[0].strip()
    fmt = ox.QueryResultsFormat.from_media_type(media) if media else None
    return fmt or ox.QueryResultsFormat.JSON


def _query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword outside comments, IRIs and strings."""
    text = re.sub(r"#[^\n]*|<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'", " ", sparql)
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.I)
    return m.group(1).upper() if m else "SELECT"

