"""`--store http://…`: build, query, export, stats, view and remove against a real Oxigraph server process.

The server is the `oxigraph` CLI from the `oxigraph` PyPI package (in the test extra); the tests skip, saying
why, only when that binary is not installed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from laocu_kg.cli import app
from laocu_kg.store_remote import endpoints

from .conftest import SEED

runner = CliRunner()
A = "江西省老促会召开座谈会\n2024年5月6日,江西省老促会在南昌市召开座谈会,省老促会会长钟立华、副会长王卫东出席。\n"
B = "江西省老促会召开理事会\n2025年3月1日,江西省老促会在南昌市召开理事会,省老促会会长李明主持,原省老促会会长钟立华出席。\n"


def oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            if proc.poll() is not None or time.monotonic() > end:
                proc.kill()
                pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode()[-500:]}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_endpoints():
    assert endpoints("http://h:7878")[:2] == ("http://h:7878/query", "http://h:7878/update")
    assert endpoints("http://h:3030/ds/query")[:2] == ("http://h:3030/ds/query", "http://h:3030/ds/update")
    assert endpoints("http://h:7200/repositories/kg")[:2] == (
        "http://h:7200/repositories/kg", "http://h:7200/repositories/kg/statements")
    assert endpoints("https://h/sparql")[:2] == ("https://h/sparql", "https://h/sparql")
    q, _, headers = endpoints("http://me:s%40cret@h:8890/sparql")
    assert q == "http://h:8890/sparql" and headers["Authorization"] == "Basic bWU6c0BjcmV0"


def test_build_query_export_stats_view_remove(server, tmp_path):
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    reports = [SEED, tmp_path / "a.txt", tmp_path / "b.txt"]
    r = invoke("build", *reports, "--store", server, "--jobs", "2")
    assert r.exit_code == 0, r.output
    assert "3 built" in r.output
    assert "0 built, 3 unchanged" in invoke("build", *reports, "--store", server).output

    # the seed fact, through the union of the reports' graphs
    r = invoke("query", "posts_in_org", "--param", "org=山西省老区建设促进会", "--format", "csv", "--store", server)
    assert r.exit_code == 0, r.output
    assert "王立伟,会长,省老促会会长" in r.output.splitlines()
    # GRAPH ?g reaches each report's graph (no default-graph-uri trap), and the timeline uses it
    r = invoke("query", "post_timeline", "-p", "org=省老促会", "-p", "title=会长", "--format", "csv", "--store", server)
    assert r.exit_code == 0, r.output
    assert "钟立华,江西省老区建设促进会,former,2025-03-01,2025-03-01,1" in r.output
    r = invoke("query", "CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o a lk:LaocuAssociation ; rdfs:label ?l }",
               "--format", "nt", "--store", server)
    assert r.exit_code == 0 and "山西省老区建设促进会" in r.output
    r = invoke("query", "SELECT ?x WHERE { ?x ?y }", "--store", server)
    assert r.exit_code == 1 and "SPARQL syntax error" in r.output

    # exports: the same bytes as a local build of the same reports
    local = tmp_path / "local.db"
    assert invoke("build", *reports, "--store", local, "--jobs", "1").exit_code == 0
    for fmt in ("nq", "ttl"):
        remote_out, local_out = (invoke("export", "--format", fmt, "--store", s).output for s in (server, local))
        assert remote_out == local_out and len(remote_out) > 10000, fmt

    r = invoke("stats", "--store", server)
    assert r.exit_code == 0 and "王立伟" in r.output
    r = invoke("view", "-o", tmp_path / "g.html", "--store", server)
    assert r.exit_code == 0, r.output

    # remove: the report's graph goes, and from the union what only it stated
    r = invoke("remove", SEED.name, "--store", server)
    assert r.exit_code == 0, r.output
    r = invoke("query", "posts_in_org", "--param", "org=山西省老区建设促进会", "--format", "csv", "--store", server)
    assert r.output.splitlines() == ["person,title,written"]
    r = invoke("query", "SELECT (COUNT(*) AS ?n) WHERE { ?p a foaf:Person }", "--format", "csv", "--store", server)
    assert r.output.splitlines()[1] == "3"  # 钟立华, 王卫东, 李明


def test_unreachable_server_is_one_line_error():
    r = invoke("query", "officials", "--store", f"http://127.0.0.1:{free_port()}")
    assert r.exit_code == 1 and "cannot reach the SPARQL server" in r.output and "Traceback" not in r.output
