"""The SPARQL 1.1 Protocol endpoint, exercised over HTTP against a real `laocu-kg serve` process."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

import pyoxigraph as ox  # noqa: E402
from rdflib import Graph  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "reports" / "000_0a7fb4088aef6cf7.txt"
OFFICIALS = (ROOT / "examples" / "queries" / "officials.rq").read_text(encoding="utf-8")
MAX_ROWS = 50
TIMEOUT = 2
# never true, evaluated over the cube of all triples: runs far longer than TIMEOUT
SLOW = ('SELECT ?a WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . '
        'FILTER (CONCAT(STR(?b), STR(?d), STR(?f)) = "never") }')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(url + "/queries.json", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def start_server(db: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "laocu_kg", "serve", "--store", str(db), "--port", str(port), *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, proc)
    except Exception:
        proc.kill()
        raise
    return proc, url


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("serve") / "kg.db"
    subprocess.run([sys.executable, "-m", "laocu_kg", "build", str(SEED), "--store", str(db)],
                   check=True, capture_output=True)
    return db


@pytest.fixture(scope="module")
def server(seed_db) -> Iterator[str]:
    proc, url = start_server(seed_db, "--max-rows", str(MAX_ROWS), "--timeout", str(TIMEOUT))
    yield url
    stop(proc)


def get(url: str, query: str, accept: str | None = None, **params: str) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(url + "/sparql", params={"query": query, **params}, headers=headers, timeout=30)


def names(resp: httpx.Response) -> set[str]:
    data = resp.json()
    return {b["person"]["value"] for b in data["results"]["bindings"] if "person" in b}


# -- methods ------------------------------------------------------------------------------------
def test_get_query(server):
    r = get(server, OFFICIALS)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert "王立伟" in names(r)


def test_post_form_query(server):
    r = httpx.post(server + "/sparql", data={"query": OFFICIALS}, timeout=30)
    assert r.status_code == 200 and "王立伟" in names(r)


def test_post_direct_query(server):
    r = httpx.post(server + "/sparql", content=OFFICIALS.encode(),
                   headers={"Content-Type": "application/sparql-query; charset=utf-8"}, timeout=30)
    assert r.status_code == 200 and "王立伟" in names(r)


def test_unsupported_content_type(server):
    r = httpx.post(server + "/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_missing_query(server):
    assert httpx.get(server + "/sparql").status_code == 400


# -- result formats -----------------------------------------------------------------------------
def test_json_results(server):
    data = get(server, OFFICIALS, "application/sparql-results+json").json()
    assert data["head"]["vars"] == ["person", "title", "organization"]
    assert any(b["person"]["value"] == "王立伟" for b in data["results"]["bindings"])
    assert data["results"]["bindings"][0]["person"]["xml:lang"] == "zh"


def test_csv_results(server):
    r = get(server, OFFICIALS, "text/csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0] == "person,title,organization"
    assert "王立伟" in r.text


def test_tsv_results(server):
    r = get(server, OFFICIALS, "text/tab-separated-values")
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    assert r.text.splitlines()[0] == "?person\t?title\t?organization"
    assert '"王立伟"@zh' in r.text
    parsed = ox.parse_query_results(r.content, ox.QueryResultsFormat.TSV)
    assert any(sol["person"].value == "王立伟" for sol in parsed)


def test_xml_results(server):
    r = get(server, OFFICIALS, "application/sparql-results+xml")
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    parsed = ox.parse_query_results(r.content, ox.QueryResultsFormat.XML)
    assert [v.value for v in parsed.variables] == ["person", "title", "organization"]
    assert any(sol["person"].value == "王立伟" for sol in parsed)


def test_json_parses_as_sparql_results(server):
    parsed = ox.parse_query_results(get(server, OFFICIALS).content, ox.QueryResultsFormat.JSON)
    assert any(sol["person"] == ox.Literal("王立伟", language="zh") for sol in parsed)


def test_format_parameter(server):
    r = get(server, OFFICIALS, format="csv")
    assert r.headers["content-type"].startswith("text/csv")


def test_accept_wildcards_and_quality(server):
    r = get(server, OFFICIALS, "text/html, application/sparql-results+xml;q=0.9, */*;q=0.1")
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    assert get(server, OFFICIALS, "text/*").headers["content-type"].startswith("text/csv")
    assert get(server, OFFICIALS, "image/png").status_code == 406


def test_ask(server):
    r = get(server, 'ASK { ?p rdfs:label "王立伟"@zh }')
    assert r.json() == {"head": {}, "boolean": True}
    r = get(server, 'ASK { ?p rdfs:label "nobody" }', "application/sparql-results+xml")
    assert "<boolean>false</boolean>" in r.text


CONSTRUCT = 'CONSTRUCT { ?p rdfs:label ?n ; a foaf:Person } WHERE { ?p a foaf:Person ; rdfs:label ?n }'


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_construct_formats(server, accept, fmt):
    r = get(server, CONSTRUCT, accept)
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = Graph().parse(data=r.text, format=fmt)
    assert any(str(o) == "王立伟" for o in g.objects())


def test_construct_default_is_turtle(server):
    r = get(server, CONSTRUCT, "application/sparql-results+json, */*;q=0.5")
    assert r.headers["content-type"].startswith("text/turtle")


# -- errors and limits --------------------------------------------------------------------------
def test_malformed_query(server):
    r = get(server, "SELECT ?x WHERE { ?x ")
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/plain")
    assert "syntax error" in r.text.lower()


def test_update_refused(server):
    upd = 'INSERT DATA { <urn:x> rdfs:label "x" }'
    r = httpx.post(server + "/sparql", data={"update": upd})
    assert r.status_code == 403 and "--allow-update" in r.text
    r = httpx.post(server + "/sparql", content=upd.encode(), headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403
    assert get(server, "ASK { <urn:x> ?p ?o }").json()["boolean"] is False


def test_row_cap(server):
    r = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert r.headers["x-results-truncated"] == str(MAX_ROWS)
    assert len(r.json()["results"]["bindings"]) == MAX_ROWS
    r = get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    assert "x-results-truncated" not in r.headers and len(r.json()["results"]["bindings"]) == 3


def test_timeout(server):
    t = time.monotonic()
    r = get(server, SLOW)
    assert r.status_code == 503 and "timed out" in r.text
    assert time.monotonic() - t < TIMEOUT + 5
    assert get(server, "ASK { ?s ?p ?o }").json()["boolean"] is True  # still serving


def test_body_size_limit(server):
    r = httpx.post(server + "/sparql", content=b"#" * 2_000_001, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_cors(server):
    r = httpx.get(server + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = httpx.options(server + "/sparql", headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == "*"


# -- datasets -----------------------------------------------------------------------------------
def report_graph(url: str) -> str:
    r = get(url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    graphs = [b["g"]["value"] for b in r.json()["results"]["bindings"]]
    assert len(graphs) == 1
    return graphs[0]


def test_default_and_named_graph_uri(server):
    g = report_graph(server)
    q = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    n_union = int(get(server, q).json()["results"]["bindings"][0]["n"]["value"])
    n_graph = int(get(server, q, **{"default-graph-uri": g}).json()["results"]["bindings"][0]["n"]["value"])
    assert n_union == n_graph > 0
    r = get(server, q, **{"default-graph-uri": "urn:nothing"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "0"
    r = get(server, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", **{"named-graph-uri": "urn:nothing"})
    assert r.json()["results"]["bindings"] == []
    # the query's own FROM sets the dataset (instead of the union of all graphs)
    from_q = "SELECT (COUNT(*) AS ?n) FROM <{}> WHERE {{ ?s ?p ?o }}"
    assert get(server, from_q.format("urn:nothing")).json()["results"]["bindings"][0]["n"]["value"] == "0"
    assert int(get(server, from_q.format(g)).json()["results"]["bindings"][0]["n"]["value"]) == n_union


def test_graph_store_get(server):
    g = report_graph(server)
    r = httpx.get(server + "/rdf-graphs/service", params={"graph": g}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    named = Graph().parse(data=r.text, format="turtle")
    assert any(str(o) == "王立伟" for o in named.objects())
    r = httpx.get(server + "/rdf-graphs/service?default", headers={"Accept": "application/n-triples"})
    assert len(Graph().parse(data=r.text, format="nt")) == len(named)
    r = httpx.get(server + "/rdf-graphs/service", params={"graph": "urn:nothing"})
    assert r.status_code == 404
    r = httpx.get(server + "/rdf-graphs/service", headers={"Accept": "application/n-quads"})
    assert r.headers["content-type"].startswith("application/n-quads") and f"<{g}> ." in r.text


# -- the page -----------------------------------------------------------------------------------
def test_page_is_offline(server):
    r = httpx.get(server + "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    refs = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert refs and not [u for u in refs if re.match(r"(https?:)?//", u)]
    for ref in refs:
        asset = httpx.get(f"{server}/{ref}")
        assert asset.status_code == 200 and asset.content


def test_queries_json(server):
    data = httpx.get(server + "/queries.json").json()
    lib = {q["name"]: q for q in data["queries"]}
    assert "officials" in lib and lib["officials"]["description"]
    assert "PREFIX org: <http://www.w3.org/ns/org#>" in lib["officials"]["sparql"]
    assert lib["person_orgs"]["params"] == ["person"]
    r = get(server, lib["person_orgs"]["example"])  # the page's version binds the example value
    assert r.status_code == 200 and r.json()["results"]["bindings"]
    assert json.loads(json.dumps(data["prefixes"]))["lk"].startswith("https://")


# -- updates when allowed -----------------------------------------------------------------------
def test_update_allowed(seed_db, tmp_path):
    import shutil

    db = tmp_path / "rw.db"
    shutil.copytree(seed_db, db)
    proc, url = start_server(db, "--allow-update")
    try:
        r = httpx.post(url + "/sparql", data={"update": 'INSERT DATA { GRAPH <urn:g> { <urn:x> rdfs:label "新" } }'})
        assert r.status_code == 204
        assert get(url, 'ASK { <urn:x> rdfs:label "新" }').json()["boolean"] is True
        r = httpx.post(url + "/sparql", content=b"INSERT DATA {", headers={"Content-Type": "application/sparql-update"})
        assert r.status_code == 400
    finally:
        stop(proc)


# -- pure helpers -------------------------------------------------------------------------------
def test_negotiate():
    from laocu_kg.serve import negotiate

    offers = ["application/sparql-results+json", "text/csv"]
    assert negotiate(None, offers) == offers[0]
    assert negotiate("text/csv;q=0.5, application/sparql-results+json;q=0.9", offers) == offers[0]
    assert negotiate("text/csv, */*;q=0.1", offers) == "text/csv"
    assert negotiate("application/*", offers) == offers[0]
    assert negotiate("text/csv;q=0", offers) is None


@pytest.mark.parametrize(("query", "declares"), [
    ("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }", True),
    ("select * from named <urn:g> { graph ?g { ?s ?p ?o } }", True),
    ("SELECT ?from WHERE { ?s ex:from ?o }", False),
    ('SELECT * WHERE { ?s ?p "FROM" } # FROM <urn:g>', False),
    ("SELECT * WHERE { ?s <http://x/from#FROM> ?o }", False),
    ("SELECT * { ?s ?p '''a\nFROM <x>''' }", False),
])
def test_declares_dataset(query, declares):
    from laocu_kg.serve import declares_dataset

    assert declares_dataset(query) is declares


def test_serializers_round_trip():
    from laocu_kg.serve import serialize_solutions

    terms = [ox.NamedNode("urn:a"), ox.BlankNode("b0"), ox.Literal("一 \"二\"\t三\n", language="zh"),
             ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), None]
    rows = [[t, ox.Literal("x")] for t in terms]
    for fmt, ofmt in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                      ("tsv", ox.QueryResultsFormat.TSV)):
        back = list(ox.parse_query_results(serialize_solutions(["a", "b"], rows, fmt).encode(), ofmt))
        assert [sol["a"] if not isinstance(sol["a"], ox.BlankNode) else ox.BlankNode("b0") for sol in back] == terms
    csv_text = serialize_solutions(["a", "b"], rows, "csv")
    assert csv_text.startswith("a,b\r\nurn:a,x\r\n_:b0,x\r\n")


# -- hardening: a bounded load test on loopback -------------------------------------------------

def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def test_concurrent_clients_no_errors_and_bounded_memory(seed_db):
    from concurrent.futures import ThreadPoolExecutor

    proc, url = start_server(seed_db)
    try:
        q = "SELECT ?p ?t ?o WHERE { ?m org:member/rdfs:label ?p ; org:role/rdfs:label ?t ; org:organization/rdfs:label ?o }"

        def client(_: int) -> list[int]:
            with httpx.Client(timeout=30) as c:
                return [c.get(url + "/sparql", params={"query": q}).status_code for _ in range(25)]

        with ThreadPoolExecutor(8) as pool:  # warm-up round, then measure memory across a second one
            list(pool.map(client, range(8)))
        before = _rss_kib(proc.pid)
        with ThreadPoolExecutor(16) as pool:
            codes = [c for batch in pool.map(client, range(16)) for c in batch]
        after = _rss_kib(proc.pid)
        assert codes == [200] * 400
        assert after - before < 64 * 1024, (before, after)  # 400 more requests may not grow it by 64 MB
    finally:
        stop(proc)
