"""`--store http://…` against a real Virtuoso server: the same answers as the embedded store.

Virtuoso (Debian's `virtuoso-opensource`, binary `virtuoso-t`) differs from the Oxigraph server where a remote
store can trip: its default graph is every graph on the server (a bag, its own system graphs included, and not
writable), it caps results at ResultSetMaxRows (10,000 as shipped, kept here), it answers "1" for
"true"^^xsd:boolean, it mangles a GROUP_CONCAT separator outside ASCII, and its /sparql endpoint is read-only:
writes go to /sparql-auth with Digest auth. Each test starts its own throwaway server (a new database in a
temporary folder, dba/dba, free ports; about 3 s); the server tests skip, saying why, only when `virtuoso-t`
is not installed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from typer.testing import CliRunner

from laocu_kg.cli import app
from laocu_kg.store import open_store
from laocu_kg.store_remote import UNION_GRAPH, _ascii_separators, _redact

from .conftest import ROOT, SEED
from .test_remote_store import A, B, free_port

runner = CliRunner()
REPORTS = [ROOT / "examples" / "reports", ROOT / "examples" / "devset" / "reports"]
# every example query, with parameters that give each answer rows
QUERIES = {
    "officials": {}, "event_participants": {}, "sites_visited": {}, "events": {}, "org_hierarchy": {},
    "post_evidence": {}, "awards": {}, "works": {},
    "posts_in_org": {"org": "山西省老区建设促进会"},
    "person_orgs": {"person": "王立伟"},
    "post_timeline": {"org": "省老促会", "title": "会长"},
}
INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
"""


@pytest.fixture
def virtuoso(tmp_path):
    """A fresh Virtuoso: (public read-only /sparql URL, /sparql-auth URL with dba's credentials)."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("the Virtuoso server is not installed (apt-get install virtuoso-opensource)")
    d = tmp_path / "virtuoso"
    d.mkdir()
    http = free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=free_port(), http=http), encoding="utf-8")
    log = open(d / "stdout.log", "wb")
    # its own process group, so that whatever it starts goes with it
    proc = subprocess.Popen([binary, "-f", "-c", str(d / "virtuoso.ini")], cwd=d, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{http}"
    try:
        end = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=2).read()
                break
            except (urllib.error.URLError, OSError):
                if proc.poll() is not None or time.monotonic() > end:
                    tail = (d / "stdout.log").read_text("utf-8", "replace")[-800:]
                    pytest.fail(f"virtuoso-t did not start (exit {proc.poll()}): {tail}")
                time.sleep(0.2)
        yield base + "/sparql", f"http://dba:dba@127.0.0.1:{http}/sparql-auth"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def rows(store, name: str, params: dict[str, str]) -> list[str]:
    args = [a for k, v in params.items() for a in ("-p", f"{k}={v}")]
    r = invoke("query", name, *args, "--format", "csv", "--store", store)
    assert r.exit_code == 0, (name, r.output)
    return r.output.splitlines()


def test_same_answers_as_the_embedded_store(virtuoso, tmp_path):
    public, auth = virtuoso
    local = tmp_path / "local.db"
    assert invoke("build", *REPORTS, "--store", local, "--jobs", "2").exit_code == 0
    r = invoke("build", *REPORTS, "--store", auth, "--jobs", "2")
    assert r.exit_code == 0, r.output
    assert " built, " in r.output and "dba:dba" not in r.output  # the password is never shown
    n_reports = len(open_store(str(local), read_only=True).graphs())
    assert f"0 built, {n_reports} unchanged" in invoke("build", *REPORTS, "--store", auth).output

    remote = open_store(auth)
    assert remote.union_default  # the service description says sd:UnionDefaultGraph
    assert len(remote) == len(open_store(str(local), read_only=True)) > 10000  # paged past ResultSetMaxRows

    # every example query: the same rows (ORDER BY among literals differing only in language tag, or
    # tied, is left to each server, so rows are compared as sorted lists); the public read-only endpoint too
    for name, params in QUERIES.items():
        want = rows(local, name, params)
        assert len(want) > 1, name
        got = rows(auth, name, params)
        assert got[0] == want[0] and sorted(got) == sorted(want), name
    assert sorted(rows(public, "event_participants", {})) == sorted(rows(local, "event_participants", {}))
    assert any("、" in line for line in rows(auth, "event_participants", {}))  # the separator survives

    # the union: each triple once, and none of Virtuoso's own graphs
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert rows(auth, count, {}) == rows(local, count, {})
    # GRAPH ?g reaches the reports' graphs (no default-graph-uri trap)
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g lk:contentHash ?h . ?s ?p ?o } } GROUP BY ?g"
    assert sorted(rows(auth, per_graph, {})) == sorted(rows(local, per_graph, {}))
    r = invoke("query", "CONSTRUCT { ?m lk:isFormer ?f } WHERE { ?m lk:isFormer ?f }", "--format", "nt",
               "--store", auth)
    assert r.exit_code == 0 and '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>' in r.output

    # exports: the same bytes as the embedded store's
    for fmt in ("nq", "ttl"):
        remote_out, local_out = (invoke("export", "--format", fmt, "--store", s).output for s in (auth, local))
        assert remote_out == local_out and len(remote_out) > 100000, fmt

    r = invoke("stats", "--store", public)
    assert r.exit_code == 0 and r.output == invoke("stats", "--store", local).output
    r = invoke("view", "-o", tmp_path / "g.html", "--store", public)
    assert r.exit_code == 0 and (tmp_path / "g.html").stat().st_size > 10000, r.output

    # a result over ResultSetMaxRows: one line saying so, never a silently shorter answer
    r = invoke("query", "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f }", "--store", auth)
    assert r.exit_code == 1 and "cut the result at 10000 rows" in r.output and "Traceback" not in r.output


def test_incremental_build_and_remove(virtuoso, tmp_path):
    public, auth = virtuoso
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    reports = [SEED, tmp_path / "a.txt", tmp_path / "b.txt"]
    r = invoke("build", *reports, "--store", auth, "--jobs", "2")
    assert r.exit_code == 0 and "3 built" in r.output, r.output
    r = invoke("query", "post_timeline", "-p", "org=省老促会", "-p", "title=会长", "--format", "csv", "--store", auth)
    assert "钟立华,江西省老区建设促进会,former,2025-03-01,2025-03-01,1" in r.output

    # a changed report replaces its graph; a removed one goes, and from the union what only it stated
    (tmp_path / "b.txt").write_text(B.replace("李明", "李光明"), encoding="utf-8")
    assert "1 built, 2 unchanged" in invoke("build", *reports, "--store", auth).output
    r = invoke("remove", SEED.name, "--store", auth)
    assert r.exit_code == 0, r.output
    assert rows(auth, "posts_in_org", {"org": "山西省老区建设促进会"}) == ["person,title,written"]
    persons = "SELECT ?l WHERE { ?p a foaf:Person ; rdfs:label ?l } ORDER BY ?l"
    assert rows(auth, persons, {}) == ["l", "李光明", "王卫东", "钟立华"]

    # the same graph as a clean local build of what is left
    local = tmp_path / "local.db"
    assert invoke("build", tmp_path / "a.txt", tmp_path / "b.txt", "--store", local).exit_code == 0
    for fmt in ("nq", "ttl"):
        assert invoke("export", "--format", fmt, "--store", auth).output == \
            invoke("export", "--format", fmt, "--store", local).output, fmt
    union = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}"
    assert rows(public, union, {}) == rows(local, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})

    # credentials: a wrong password is a one-line error; no credentials, no writes
    r = invoke("build", *reports, "--store", auth.replace("dba:dba", "dba:wrong"))
    assert r.exit_code == 1 and "HTTP 401" in r.output and "wrong" not in r.output
    r = invoke("remove", "a.txt", "--store", public)
    assert r.exit_code == 1 and "HTTP" in r.output and "Traceback" not in r.output


def test_ascii_separators():
    q = 'SELECT (GROUP_CONCAT(DISTINCT str(?c); separator="、") AS ?x) (group_concat(?y ; separator = ",") AS ?z)'
    assert _ascii_separators(q) == (
        'SELECT (REPLACE(GROUP_CONCAT(DISTINCT str(?c); separator="\\u001F"), "\\u001F", "、") AS ?x) '
        '(group_concat(?y ; separator = ",") AS ?z)')
    nested = "SELECT (GROUP_CONCAT(CONCAT(?a, \"(\"); separator='；') AS ?x) # GROUP_CONCAT(?b; separator=\"、\")"
    assert _ascii_separators(nested) == (
        "SELECT (REPLACE(GROUP_CONCAT(CONCAT(?a, \"(\"); separator=\"\\u001F\"), \"\\u001F\", '；') AS ?x) "
        "# GROUP_CONCAT(?b; separator=\"、\")")


def test_redact():
    assert _redact("http://dba:s3cret@h:8890/sparql-auth") == "http://dba:***@h:8890/sparql-auth"
    assert _redact("http://h:8890/sparql") == "http://h:8890/sparql"

