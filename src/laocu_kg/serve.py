"""A SPARQL 1.1 Protocol endpoint over the store, with an offline query page (``laocu-kg serve``).

Routes:

- ``/sparql``: queries by GET ``?query=``, POST form (``query=`` / ``update=``), POST ``application/sparql-query``
  and ``application/sparql-update`` (403 unless updates are allowed); ``default-graph-uri`` /
  ``named-graph-uri`` set the dataset, else the default graph is the union of all reports' graphs.
  Results are negotiated by ``Accept`` (or ``?format=json|xml|csv|tsv|ttl|nt|jsonld|rdfxml``).
- ``/rdf-graphs/service``: Graph Store Protocol GET: ``?default`` (the union graph), ``?graph=IRI``,
  or neither (the whole dataset as TriG / N-Quads).
- ``/``: the query page (YASGUI, vendored in package data); ``/queries.json``: the example query library.

Each query runs in a worker thread under a deadline (503 when it passes) and SELECT results are cut to
``max_rows`` (header ``X-Results-Truncated``); request bodies above ``max_body`` bytes get 413.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from laocu_kg.store import OxigraphStore
from laocu_kg.vocab import PREFIXES

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_BODY = 1_000_000
TRUNCATED_HEADER = "X-Results-Truncated"

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# media type → short name; the first of each table is the default
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
DATASET_TYPES = {
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nq": "application/n-quads",
}


class HTTPProblem(Exception):
    """An error answered as a plain-text response with ``status``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class _Deadline:
    """A point in time after which a worker stops producing results."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise HTTPProblem(503, f"query timed out after {self.seconds:g} s")


# -- content negotiation ---------------------------------------------------------------------------
def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs, best first (a missing header accepts anything)."""
    if not header:
        return [("*/*", 1.0)]
    out = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        # more specific ranges win ties: exact type > type/* > */*
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        out.append((media, q, specificity, -i))
    out.sort(key=lambda t: (t[1], t[2], t[3]), reverse=True)
    return [(m, q) for m, q, _, _ in out]


def negotiate(header: str | None, offers: Iterable[str]) -> str | None:
    """The offered media type the client prefers (the first offer for ``*/*``), or None."""
    offers = list(offers)
    for media, q in parse_accept(header):
        if q <= 0:
            continue
        if media == "*/*":
            return offers[0]
        if media.endswith("/*"):
            major = media[:-1]
            for o in offers:
                if o.startswith(major):
                    return o
        elif media in offers:
            return media
    return None


def _choose(request: Request, offers: dict[str, Any], what: str) -> str:
    fmt = request.query_params.get("format")
    if fmt:
        media = FORMAT_PARAM.get(fmt.lower(), fmt.lower())
        if media in offers:
            return media
        raise HTTPProblem(406, f"format {fmt!r} is not available for {what}; use one of: {', '.join(offers)}")
    media = negotiate(request.headers.get("accept"), offers)
    if media is None:
        raise HTTPProblem(406, f"no acceptable media type for {what}; available: {', '.join(offers)}")
    return media


# -- SPARQL results serializers (own, so that a truncated result is serialized like a full one) --------
def _json_term(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != _XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject),
                                            "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    raise TypeError(f"not an RDF term: {t!r}")


_XML_WS = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}  # as references, so that no parser trims them


def _xml_term(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        text = escape(t.value, _XML_WS)
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{text}</literal>"
        if t.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{text}</literal>"
        return f"<literal>{text}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>{_xml_term(t.predicate)}"
                f"</predicate><object>{_xml_term(t.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {t!r}")


def _csv_term(t: Any) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Triple):
        return str(t)
    return t.value


def serialize_solutions(variables: list[str], rows: list[list[Any]], fmt: str) -> str:
    """SELECT rows (terms or None) in the SPARQL 1.1 JSON, XML, CSV or TSV results format."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False)
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                            for v, t in zip(variables, row, strict=True) if t is not None)
                       + "</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        for row in rows:
            w.writerow([_csv_term(t) for t in row])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown results format {fmt!r}")


def serialize_boolean(value: bool, fmt: str) -> str:
    """An ASK answer in JSON or XML (CSV/TSV as a one-cell table, as Jena does)."""
    text = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value})
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
                f"<head/>\n<boolean>{text}</boolean>\n</sparql>\n")
    sep = "\r\n" if fmt == "csv" else "\n"
    return f"{'_askResult' if fmt == 'csv' else '?_askResult'}{sep}{text}{sep}"


# -- the dataset -------------------------------------------------------------------------------------
@dataclass
class Answer:
    """A query's answer, serialized: the body, its media type and extra headers."""

    body: bytes
    media: str
    headers: dict[str, str]


_SKIP = re.compile("|".join((
    r'"""[\s\S]*?"""', r"'''[\s\S]*?'''",  # long strings
    r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'",  # strings
    r'<[^<>"{}|^`\\\s]*>',  # IRIs
    r"#[^\n]*",  # comments
)))
_FROM = re.compile(r"(?<![\w:?$])FROM(?![\w:-])", re.I)


def declares_dataset(sparql: str) -> bool:
    """Whether the query has a FROM / FROM NAMED clause (outside strings, IRIs and comments)."""
    return bool(_FROM.search(_SKIP.sub(" ", sparql)))


class Endpoint:
    """Runs SPARQL against an :class:`OxigraphStore`: union default graph, row cap, deadline."""

    def __init__(self, store: OxigraphStore, max_rows: int = DEFAULT_MAX_ROWS):
        self.store = store
        self.max_rows = max_rows

    @property
    def _ox(self) -> ox.Store:
        return self.store._store  # the wrapped pyoxigraph store (store.py keeps it private)

    def query(self, sparql: str, default_graphs: list[str], named_graphs: list[str], accept: Callable[[str], str],
              deadline: _Deadline) -> Answer:
        """Evaluate and serialize ``sparql``; ``accept(kind)`` picks the media type for 'results' or 'graph'."""
        kwargs: dict[str, Any] = {"prefixes": PREFIXES}
        try:
            if default_graphs or named_graphs:  # the protocol's dataset wins over the query's FROM
                kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs] or ox.DefaultGraph()
                kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
            elif not declares_dataset(sparql):
                kwargs["use_default_graph_as_union"] = True
        except ValueError as e:
            raise HTTPProblem(400, f"bad graph IRI: {e}") from None
        try:
            result = self._ox.query(sparql, **kwargs)
        except SyntaxError as e:
            raise HTTPProblem(400, f"SPARQL syntax error: {e}") from None
        deadline.check()
        headers: dict[str, str] = {}
        if isinstance(result, ox.QueryBoolean):
            media = accept("results")
            return Answer(serialize_boolean(bool(result), RESULT_TYPES[media]).encode(), media, headers)
        if isinstance(result, ox.QueryTriples):
            media = accept("graph")
            triples = []
            for t in result:
                if len(triples) >= self.max_rows:
                    headers[TRUNCATED_HEADER] = str(self.max_rows)
                    break
                triples.append(t)
                deadline.check()
            return Answer(serialize_rdf(triples, GRAPH_TYPES[media]), media, headers)
        media = accept("results")
        variables = [v.value for v in result.variables]
        rows = []
        for sol in result:
            if len(rows) >= self.max_rows:
                headers[TRUNCATED_HEADER] = str(self.max_rows)
                break
            rows.append([sol[v] for v in variables])
            deadline.check()
        return Answer(serialize_solutions(variables, rows, RESULT_TYPES[media]).encode(), media, headers)

    def update(self, sparql: str) -> None:
        """Apply a SPARQL update in one transaction."""
        try:
            self._ox.update(sparql, prefixes=PREFIXES)
        except SyntaxError as e:
            raise HTTPProblem(400, f"SPARQL syntax error: {e}") from None
        self.store.flush()

    def graph(self, graph: str | None, deadline: _Deadline) -> list[ox.Triple]:
        """The triples of one named graph, or of the union of all graphs (``graph=None``)."""
        if graph is None:
            quads = self._ox.quads_for_pattern(None, None, None, None)
        else:
            try:
                g = ox.NamedNode(graph)
            except ValueError as e:
                raise HTTPProblem(400, f"bad graph IRI: {e}") from None
            if not self._ox.contains_named_graph(g):
                raise HTTPProblem(404, f"no graph {graph}")
            quads = self._ox.quads_for_pattern(None, None, None, g)
        seen: dict[ox.Triple, None] = {}
        for i, q in enumerate(quads):
            seen[q.triple] = None
            if i % 1000 == 0:
                deadline.check()
        return list(seen)

    def dataset(self, deadline: _Deadline) -> list[ox.Quad]:
        quads = []
        for i, q in enumerate(self._ox.quads_for_pattern(None, None, None, None)):
            quads.append(q)
            if i % 1000 == 0:
                deadline.check()
        return quads


def serialize_rdf(items: list[ox.Triple] | list[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """Triples or quads in an RDF syntax, with the ontology's prefixes where the syntax has them."""
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(items, format=fmt, prefixes=prefixes)


# -- the web application -----------------------------------------------------------------------------
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) one longer than ``limit`` bytes before reading it all."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise HTTPProblem(413, f"request body over {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPProblem(413, f"request body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _problem(e: HTTPProblem) -> Response:
    return PlainTextResponse(e.message + "\n", status_code=e.status, headers=e.headers)


def _prologue(text: str, header: str) -> str:
    """``header`` (PREFIX lines) put after the query's leading comment lines."""
    lines = text.splitlines(keepends=True)
    n = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(lines[:n]) + header + "".join(lines[n:])


def example_queries() -> dict[str, Any]:
    """The query library for the page: each query with PREFIX lines for the prefixes it uses."""
    from laocu_kg.query import library, with_params

    out = []
    for q in library().values():
        used = [p for p in PREFIXES if re.search(rf"(?<![\w:]){p}:", q.text)]
        header = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used)
        # '# param: NAME  what it is, e.g. VALUE': the page binds VALUE, so the example runs as it is
        examples = dict(re.findall(r"^#\s*param:\s*(\w+).*?e\.g\.\s*(\S+)", q.text, re.M))
        bound = with_params(q.text, examples) if examples else q.text
        out.append({"name": q.name, "description": q.description, "params": list(q.params),
                    "text": q.text, "sparql": _prologue(q.text, header), "example": _prologue(bound, header)})
    return {"prefixes": PREFIXES, "queries": out}


def create_app(store: OxigraphStore, allow_update: bool = False, timeout: float = DEFAULT_TIMEOUT,
               max_rows: int = DEFAULT_MAX_ROWS, max_body: int = DEFAULT_MAX_BODY, workers: int = 4) -> Starlette:
    """The endpoint's ASGI app over ``store`` (at most ``workers`` queries evaluated at once)."""
    endpoint = Endpoint(store, max_rows)
    slots = threading.BoundedSemaphore(workers)

    async def in_worker(fn: Callable[[_Deadline], Any]) -> Any:
        """Run ``fn(deadline)`` in a daemon thread (one of ``workers`` at a time); 503 when time is up.

        A query past its deadline is answered at once. Its thread stops when pyoxigraph next hands it a row;
        work inside one pyoxigraph call (an aggregate, a sort, a search that finds nothing) cannot be
        interrupted and runs on in the background, holding its slot, but never delays the server's exit."""
        deadline = _Deadline(timeout)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()

        def settle(result: Any, error: BaseException | None) -> None:
            if not future.done():
                future.set_exception(error) if error is not None else future.set_result(result)

        def post(result: Any, error: BaseException | None) -> None:
            try:
                loop.call_soon_threadsafe(settle, result, error)
            except RuntimeError:  # the server stopped meanwhile
                pass

        def work() -> None:
            with slots:
                try:
                    deadline.check()
                    result = fn(deadline)
                except BaseException as e:  # handed to the request's coroutine
                    post(None, e)
                else:
                    post(result, None)

        threading.Thread(target=work, name="sparql-query", daemon=True).start()
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise HTTPProblem(503, f"query timed out after {timeout:g} s") from None

    async def run_query(request: Request, sparql: str, params: list[tuple[str, str]]) -> Response:
        default = [v for k, v in params if k == "default-graph-uri"]
        named = [v for k, v in params if k == "named-graph-uri"]
        chosen: dict[str, str] = {}

        def accept(kind: str) -> str:
            what = "SELECT and ASK results" if kind == "results" else "CONSTRUCT and DESCRIBE results"
            chosen[kind] = _choose(request, RESULT_TYPES if kind == "results" else GRAPH_TYPES, what)
            return chosen[kind]

        answer: Answer = await in_worker(lambda d: endpoint.query(sparql, default, named, accept, d))
        media = answer.media + ("; charset=utf-8" if answer.media.startswith("text/") else "")
        return Response(answer.body, media_type=media, headers={**answer.headers, "Vary": "Accept"})

    async def run_update(sparql: str, params: list[tuple[str, str]]) -> Response:
        if not allow_update:
            raise HTTPProblem(403, "updates are disabled (start the server with --allow-update)")
        if any(k in ("using-graph-uri", "using-named-graph-uri") for k, _ in params):
            raise HTTPProblem(400, "using-graph-uri / using-named-graph-uri are not supported")
        await in_worker(lambda _d: endpoint.update(sparql))
        return Response(status_code=204)

    async def sparql(request: Request) -> Response:
        try:
            url_params = list(request.query_params.multi_items())
            if request.method == "GET":
                q = request.query_params.get("query")
                if request.query_params.get("update") is not None:
                    raise HTTPProblem(405, "updates must be POSTed", {"Allow": "POST"})
                if q is None:
                    raise HTTPProblem(400, "missing 'query' parameter (the query page is at /)")
                return await run_query(request, q, url_params)
            body = await _read_body(request, max_body)
            ctype = _media_type(request)
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise HTTPProblem(400, "request body is not UTF-8") from None
            if ctype == _FORM:
                form = parse_qsl(text, keep_blank_values=True)
                fields = dict(form)
                params = url_params + form
                if "query" in fields and "update" in fields:
                    raise HTTPProblem(400, "give either 'query' or 'update', not both")
                if "query" in fields:
                    return await run_query(request, fields["query"], params)
                if "update" in fields:
                    return await run_update(fields["update"], params)
                raise HTTPProblem(400, "missing 'query' or 'update' field")
            if ctype == _QUERY:
                return await run_query(request, text, url_params)
            if ctype == _UPDATE:
                return await run_update(text, url_params)
            raise HTTPProblem(415, f"unsupported content type {ctype or '(none)'!r}; "
                                   f"use {_FORM}, {_QUERY} or {_UPDATE}")
        except HTTPProblem as e:
            return _problem(e)

    async def graph_store(request: Request) -> Response:
        try:
            qp = request.query_params
            if "graph" in qp:
                iri = qp["graph"]
                media = _choose(request, GRAPH_TYPES, "a graph")
                triples = await in_worker(lambda d: endpoint.graph(iri, d))
                body = serialize_rdf(triples, GRAPH_TYPES[media])
            elif "default" in qp:
                media = _choose(request, GRAPH_TYPES, "a graph")
                triples = await in_worker(lambda d: endpoint.graph(None, d))
                body = serialize_rdf(triples, GRAPH_TYPES[media])
            else:
                media = _choose(request, DATASET_TYPES, "the dataset")
                quads = await in_worker(endpoint.dataset)
                body = serialize_rdf(quads, DATASET_TYPES[media])
            return Response(body, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""),
                            headers={"Vary": "Accept"})
        except HTTPProblem as e:
            return _problem(e)

    web = resources.files("laocu_kg").joinpath("data", "web")

    async def index(_request: Request) -> Response:
        return Response(web.joinpath("index.html").read_bytes(), media_type="text/html; charset=utf-8")

    async def queries_json(_request: Request) -> Response:
        return JSONResponse(example_queries())

    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/rdf-graphs/service", graph_store, methods=["GET"]),
        Route("/queries.json", queries_json),
        Route("/favicon.ico", lambda _r: Response(status_code=204)),
        Mount("/static", StaticFiles(packages=[("laocu_kg", "data/web")]), name="static"),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                             allow_headers=["*"], expose_headers=[TRUNCATED_HEADER], max_age=3600)]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.endpoint = endpoint
    return app


def serve(store: OxigraphStore, host: str = "127.0.0.1", port: int = 7878, **options: Any) -> None:
    """Run the endpoint with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(store, **options), host=host, port=port, log_level="info")
