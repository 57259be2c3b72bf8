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
- ``LAOCU_KG_UPDATE_URL`` overrides the update endpoint; ``user:password@`` in the URL sends Basic auth, or
  answers the server's Digest challenge (Virtuoso's ``/sparql-auth``) when Basic is refused.

The union of the reports' graphs: as in the local store, queries see the union of the reports' named graphs
as a set (a fact stated by fifty reports is one solution), and ``GRAPH ?g`` still reaches each report's graph.
It is materialized with standard SPARQL Update, written together with each report graph
(``INSERT DATA { triples GRAPH <g> { triples } }``) and pruned when one is dropped
(``DELETE … FILTER NOT EXISTS { GRAPH ?other … }``). Where it lives depends on one capability, read from the
server's SPARQL 1.1 Service Description (a GET on the query endpoint):

- the server's default graph is a graph of its own (Oxigraph server, Fuseki as shipped): the union is that
  default graph, and queries are sent as they are, with no dataset parameters. Never ``default-graph-uri``
  there: by the standard it would hide the named graphs from ``GRAPH ?g`` (the rdflib SPARQLUpdateStore trap).
- the description lists ``sd:UnionDefaultGraph`` (Virtuoso): the default graph is every graph on the server,
  each triple once per graph stating it (and the server's own graphs with them), and it cannot be written to.
  The union is then the named graph ``UNION_GRAPH``, and queries name it as their default graph
  (``default-graph-uri``); such servers still let ``GRAPH ?g`` range over all their graphs (this one included).

What the store lists, counts, dumps and drops is only the report graphs (those holding their own
``lk:contentHash``), so other graphs on a shared server are left alone.

Where servers differ (each seen on Virtuoso 7, each handled generically): a result cut at a row cap (the
``X-SPARQL-MaxRows`` header, Virtuoso's ``ResultSetMaxRows``) is paged for listings and dumps and an error for
a query, never a silently shorter answer; a non-canonical ``"1"^^xsd:boolean`` is read as ``true``; and where a
one-query probe shows non-ASCII string constants mangled, a query's such constants are sent as
``"…"^^xsd:string`` (the same RDF term) and its GROUP_CONCAT separators through ``REPLACE``.
"""

from __future__ import annotations

import base64
import io
import json
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
UNION_GRAPH = "urn:laocu-kg:union"  # the set union of the reports, on servers whose default graph is all graphs
_SD = "http://www.w3.org/ns/sparql-service-description#"


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
        self.url = self.path = _redact(url)  # as shown in messages: never the password
        self.read_only = read_only
        self.query_url, self.update_url, self.headers = endpoints(url)
        self._union_default: bool | None = None
        self._narrow_constants: bool | None = None
        self._opener, self._preemptive = None, False
        parts = urllib.parse.urlsplit(url)
        if parts.username is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            user, pw = urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
            for endpoint in {self.query_url, self.update_url}:
                passwords.add_password(None, endpoint, user, pw)
            self._opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords),
                                                       urllib.request.HTTPBasicAuthHandler(passwords))
            self._preemptive = True
        self._check = ox.Store()  # parses each query here first: the same syntax errors as the local store

    # -- HTTP ------------------------------------------------------------------------------------
    def _open(self, url: str, data: bytes | None, headers: dict[str, str]) -> tuple[str, bytes, dict]:
        """One request: Basic auth sent up front where the URL has credentials; a server refusing it (401) gets
        the request again through urllib's auth handlers, which answer its challenge (Digest or Basic)."""
        method = "POST" if data is not None else "GET"
        preemptive = self._opener is not None and self._preemptive
        hdrs = {**headers, **(self.headers if preemptive else {})}
        try:
            try:
                opener = self._opener or urllib.request.build_opener()
                with opener.open(urllib.request.Request(url, data=data, headers=hdrs, method=method),
                                 timeout=TIMEOUT_S) as resp:
                    return resp.headers.get("Content-Type", ""), resp.read(), dict(resp.headers)
            except urllib.error.HTTPError as e:
                if not (e.code == 401 and preemptive):
                    raise
                e.close()
                self._preemptive = False  # from now on, answer the server's challenges
                req = urllib.request.Request(url, data=data, headers=headers, method=method)
                with self._opener.open(req, timeout=TIMEOUT_S) as resp:
                    return resp.headers.get("Content-Type", ""), resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace").strip().splitlines()
            raise LaocuError(f"{url}: HTTP {e.code} {e.reason}" + (f": {body[0][:300]}" if body else "")) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise LaocuError(f"{url}: cannot reach the SPARQL server ({reason})") from None
        except ValueError as e:  # urllib's auth handlers: a challenge in a scheme they do not speak
            raise LaocuError(f"{url}: {e}") from None

    def _post(self, url: str, form: dict[str, str] | list[tuple[str, str]],
              accept: str | None = None, capped: list | None = None) -> tuple[str, bytes]:
        """POST a form; a result the server cut short is an error, or, with ``capped``, noted there (the
        row limit the server gave) for the caller to page."""
        data = urllib.parse.urlencode(form).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        ctype, body, resp_headers = self._open(url, data, headers)
        _check_complete(url, resp_headers, capped)
        return ctype, body

    def _read(self, sparql: str, accept: str, capped: list | None = None) -> tuple[str, bytes]:
        """A query over the union of the reports: on a union-default-graph server, with the union graph as
        its default graph."""
        form = [("query", sparql)]
        if self.union_default:
            form.append(("default-graph-uri", UNION_GRAPH))
        return self._post(self.query_url, form, accept, capped)

    @property
    def union_default(self) -> bool:
        """Whether the server's default graph is the union of all its graphs (``sd:UnionDefaultGraph`` in its
        service description), asked once; no description (or none readable) means a default graph of its own."""
        if self._union_default is None:
            try:
                ctype, body, _ = self._open(self.query_url, None, {
                    "Accept": "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8"})
                fmt = ox.RdfFormat.from_media_type(ctype.split(";")[0].strip()) or ox.RdfFormat.TURTLE
                feature, union = ox.NamedNode(_SD + "feature"), ox.NamedNode(_SD + "UnionDefaultGraph")
                self._union_default = any(t.predicate == feature and t.object == union
                                          for t in ox.parse(body, format=fmt, base_iri=self.query_url))
            except (LaocuError, SyntaxError, ValueError):
                self._union_default = False
        return self._union_default

    def _select(self, sparql: str, capped: list | None = None) -> ox.QuerySolutions:
        ctype, body = self._read(sparql, _JSON, capped)
        return _parse_results(ctype, body)

    def _select_all(self, variables: str, where: str) -> list[ox.QuerySolution]:
        """``SELECT variables WHERE { where }``, every row: where the server caps results (Virtuoso's
        ResultSetMaxRows, 10,000 as shipped), page by page in a stable order (ORDER BY in a subquery,
        LIMIT/OFFSET outside, which Virtuoso allows past its sort limit)."""
        capped: list = []
        rows = list(self._select(f"SELECT {variables} WHERE {{ {where} }}", capped))
        if not capped:
            return rows
        page, rows = capped[0], []
        while True:
            got = list(self._select(f"SELECT {variables} WHERE {{ {{ SELECT {variables} WHERE {{ {where} }} "
                                    f"ORDER BY {variables} }} }} LIMIT {page} OFFSET {len(rows)}", []))
            rows += got
            if len(got) < page:
                return rows

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise LaocuError(f"{self.url}: opened read-only")
        self._post(self.update_url, {"update": sparql})

    @property
    def narrow_constants(self) -> bool:
        """Whether the server mangles string constants outside ASCII written in a query (Virtuoso 7 makes
        ``STR("中")`` and a GROUP_CONCAT separator "、" into "?"), asked once, with a query, the first time a
        query has such characters."""
        if self._narrow_constants is None:
            probe = ('SELECT ?s ?c WHERE { { SELECT (GROUP_CONCAT(?x; separator="、") AS ?c) WHERE '
                     '{ VALUES ?x { "a" "b" } } } BIND (STR("中") AS ?s) }')
            try:
                ctype, body = self._read(probe, _JSON)
                sol = next(iter(_parse_results(ctype, body)), None)
                self._narrow_constants = sol is None or [sol["s"] and sol["s"].value,
                                                         sol["c"] and sol["c"].value] != ["中", "a、b"]
            except (LaocuError, SyntaxError, ValueError):
                self._narrow_constants = False
        return self._narrow_constants

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
                parts.append(self._drop(g))
            chunk: list[str] = []
            for i, line in enumerate(lines, 1):
                chunk.append(line)
                size += 2 * len(line)
                if size >= CHUNK_BYTES or i == len(lines):
                    body = "".join(chunk)
                    union = f"GRAPH <{UNION_GRAPH}> {{\n{body}}}\n" if self.union_default else body
                    parts.append(f"INSERT DATA {{\n{union}GRAPH <{g}> {{\n{body}}} }}")
                    chunk = []
                    if size >= CHUNK_BYTES:
                        send()
        send()

    def remove_graph(self, graph_iri: str) -> bool:
        g = str(graph_iri)
        if not bool(self._ask(f"ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")):
            return False
        self.update(self._drop(g))
        return True

    def clear(self) -> None:
        """Drop every report graph (other graphs on the server are left alone)."""
        for g in sorted(self.graphs()):
            self.update(self._drop(g))

    def optimize(self) -> bool:
        """Nothing to do here: a server manages its own storage (Oxigraph: ``oxigraph optimize``)."""
        return False

    def flush(self) -> None:
        pass

    # -- reading -----------------------------------------------------------------------------
    def _ask(self, sparql: str) -> ox.QueryBoolean:
        ctype, body = self._read(sparql, _JSON)
        return _parse_results(ctype, body)

    def graphs(self) -> dict[str, str]:
        """Named graph IRI → content hash of the report it holds."""
        rows = self._select_all("?g ?h", f"GRAPH ?g {{ ?g {_HASH} ?h }}")
        return {s["g"].value: s["h"].value for s in rows if isinstance(s["g"], ox.NamedNode)}

    def sources(self) -> dict[str, str]:
        """Source path of each report → the named graph holding it."""
        rows = self._select_all("?g ?path", f"GRAPH ?g {{ ?g {_SOURCE} ?path }}")
        return {s["path"].value: s["g"].value for s in rows if isinstance(s["g"], ox.NamedNode)}

    def query(self, sparql: str):
        """Run SPARQL over the union of the reports' graphs; answers are pyoxigraph's result types."""
        try:
            self._check.query(sparql, prefixes=PREFIXES)
        except SyntaxError as e:
            raise LaocuError(f"SPARQL syntax error: {e}") from None
        text = _prologue() + sparql
        if not sparql.isascii() and self.narrow_constants:
            text = _typed_strings(_ascii_separators(text))
        kind = _query_form(sparql)
        accept = f"{_NT}, text/turtle;q=0.9, application/rdf+xml;q=0.5" if kind in ("CONSTRUCT", "DESCRIBE") else _JSON
        ctype, body = self._read(text, accept)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            fmt = ox.RdfFormat.from_media_type(ctype.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
            local = ox.Store()  # give callers a real QueryTriples: load the triples and CONSTRUCT them again
            local.extend(ox.Quad(t.subject, t.predicate, _canonical(t.object), ox.DefaultGraph())
                         for t in ox.parse(body, format=fmt))
            return local.query("CONSTRUCT WHERE { ?s ?p ?o }")
        return _parse_results(ctype, body)

    def dump_ntriples(self) -> bytes:
        """The union of the reports' graphs as N-Triples (asked as a SELECT: a server cutting a CONSTRUCT short
        may not say so, one cutting a SELECT short does)."""
        rows = self._select_all("?s ?p ?o", "?s ?p ?o")
        return ox.serialize((ox.Triple(r["s"], r["p"], r["o"]) for r in rows), format=ox.RdfFormat.N_TRIPLES)

    def _report_quads(self) -> list[ox.Quad]:
        rows = self._select_all("?s ?p ?o ?g", f"GRAPH ?g {{ ?g {_HASH} ?h . ?s ?p ?o }}")
        return [ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in rows]

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

    def _drop(self, g: str) -> str:
        """Drop a report's graph, and from the union the triples no other report's graph states."""
        union = f"GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }}" if self.union_default else "?s ?p ?o"
        return (f"DELETE {{ {union} }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} "
                f"FILTER (?other != <{g}> && ?other != <{UNION_GRAPH}>) }} }} ;\n"
                f"DROP SILENT GRAPH <{g}>")


def _check_complete(url: str, headers: dict, capped: list | None = None) -> None:
    """A result the server cut short (Virtuoso's ResultSetMaxRows, its anytime queries) is an error, or
    with ``capped`` the row limit is put there."""
    low = {k.lower(): v for k, v in headers.items()}
    if "x-sparql-maxrows" in low and capped is not None and low["x-sparql-maxrows"].strip().isdigit():
        capped.append(int(low["x-sparql-maxrows"]))
    elif "x-sparql-maxrows" in low:
        raise LaocuError(f"{url}: the server cut the result at {low['x-sparql-maxrows']} rows "
                         "(Virtuoso: raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")
    if low.get("x-sql-state") == "S1TAT":
        raise LaocuError(f"{url}: the server returned a partial result ({low.get('x-sql-message', 'timeout')})")


def _n3(term) -> str:
    return term.n3() if hasattr(term, "n3") else str(term)


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BOOLEANS = {"1": "true", "0": "false"}


def _canonical(term):
    """xsd:boolean in its canonical lexical form: Virtuoso answers "1" for "true" (the same value)."""
    if isinstance(term, ox.Literal) and term.datatype.value == _BOOLEAN and term.value in _BOOLEANS:
        return ox.Literal(_BOOLEANS[term.value], datatype=term.datatype)
    return term


def _parse_results(ctype: str, body: bytes):
    """SPARQL results as pyoxigraph's types, booleans in canonical form (JSON results are fixed up)."""
    fmt = _results_format(ctype)
    if fmt == ox.QueryResultsFormat.JSON and _BOOLEAN.encode() in body:
        data = json.loads(body)
        for row in data.get("results", {}).get("bindings", []):
            for term in row.values():
                if term.get("datatype") == _BOOLEAN and term.get("value") in _BOOLEANS:
                    term["value"] = _BOOLEANS[term["value"]]
        body = json.dumps(data).encode("utf-8")
    return ox.parse_query_results(body, format=fmt)


def _results_format(ctype: str) -> ox.QueryResultsFormat:
    media = ctype.split(";")[0].strip()
    fmt = ox.QueryResultsFormat.from_media_type(media) if media else None
    return fmt or ox.QueryResultsFormat.JSON


_OPAQUE = re.compile(r'#[^\n]*|<[^>\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_SEPARATOR = re.compile(r";\s*separator\s*=\s*$", re.I)
_UNIT_SEP = "\\u001F"  # the separator sent instead (ASCII, never in the reports' text), as a SPARQL escape


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))


def _mask(sparql: str) -> str:
    """The query with comments, IRIs and strings blanked out (same length, so positions still match)."""
    return _OPAQUE.sub(lambda m: " " * len(m.group()), sparql)


def _typed_strings(sparql: str) -> str:
    """Each simple string literal outside ASCII written as ``"…"^^xsd:string`` (the same RDF term), except
    GROUP_CONCAT separators (the grammar allows only a string there): a server that keeps plain string
    constants as narrow strings keeps these as the RDF literals they are."""
    out, last = [], 0
    for m in _OPAQUE.finditer(sparql):
        text = m.group()
        if text[0] not in "\"'" or text.isascii() or _SEPARATOR.search(sparql[max(0, m.start() - 40):m.start()]):
            continue
        if sparql[m.end():].lstrip()[:1] in ("@", "^"):
            continue
        out += [sparql[last:m.end()], f"^^<{_XSD_STRING}>"]
        last = m.end()
    return "".join(out) + sparql[last:]


def _ascii_separators(sparql: str) -> str:
    """Each ``GROUP_CONCAT(…; separator="、")`` with a separator outside ASCII, rewritten to concatenate with
    an ASCII separator that is then replaced: ``REPLACE(GROUP_CONCAT(…; separator="\\u001F"), "\\u001F", "、")``
    (the same answer on any server; sent only to servers that mangle the separator)."""
    masked = _mask(sparql)
    out, last = [], 0
    for m in re.finditer(r"\bGROUP_CONCAT\s*\(", masked, re.I):
        if m.start() < last:
            continue
        depth, end = 0, None
        for i in range(m.end() - 1, len(masked)):
            depth += {"(": 1, ")": -1}.get(masked[i], 0)
            if depth == 0:
                end = i + 1
                break
        for k in range(m.end(), (end or 0) - 1):  # the separator's literal: after "; separator =", unmasked
            if masked[k] == " " and sparql[k] in "\"'" and _SEPARATOR.search(masked[m.end():k]):
                lit = _STRING.match(sparql, k)
                break
        else:
            lit = None
        if lit is None or not any(ord(c) > 127 for c in lit.group()) or re.search(r"[\\$]", lit.group()):
            continue
        call = sparql[m.start():k] + f'"{_UNIT_SEP}"' + sparql[k + len(lit.group()):end]
        out += [sparql[last:m.start()], f'REPLACE({call}, "{_UNIT_SEP}", {lit.group()})']
        last = end
    return "".join(out) + sparql[last:]


def _query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword outside comments, IRIs and strings."""
    text = _mask(sparql)
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.I)
    return m.group(1).upper() if m else "SELECT"

