"""Crash safety: a build killed with SIGKILL leaves a store that opens, keeps what it had and holds only
whole reports; reading while a build runs works."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from laocu_kg.query import rows
from laocu_kg.store import open_store
from laocu_kg.validate import validate_store

from .conftest import SEED

TEXT = SEED.read_text(encoding="utf-8")


def many_reports(folder, n=60):
    folder.mkdir()
    for i in range(n):  # distinct reports: a different honoree in each
        (folder / f"r{i:03d}.txt").write_text(TEXT.replace("张天存", f"张天{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{i}"),
                                              encoding="utf-8")


def graph_count(db) -> int:
    st = open_store(str(db), read_only=True)
    return len(st.graphs())


def test_sigkill_mid_build_keeps_a_consistent_store(tmp_path):
    db = tmp_path / "db"
    assert subprocess.run([sys.executable, "-m", "laocu_kg", "build", str(SEED), "--store", str(db)],
                          capture_output=True).returncode == 0
    before = open_store(str(db), read_only=True)
    seed_graphs = before.graphs()
    seed_triples = len(before)
    del before
    many_reports(tmp_path / "many")
    proc = subprocess.Popen([sys.executable, "-m", "laocu_kg", "build", str(tmp_path / "many"), "--store", str(db),
                             "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and graph_count(db) < 3:  # kill it once it has written a few reports
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    st = open_store(str(db))  # opens read-write: no lock left behind, no corruption
    graphs = st.graphs()
    assert set(seed_graphs) <= set(graphs)
    seed_iri = next(iter(seed_graphs))
    n = rows(st.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{seed_iri}> {{ ?s ?p ?o }} }}"))[1][0][0]
    assert int(n) == seed_triples
    # every report graph that made it is whole: its report node is there and the union conforms
    heads = rows(st.query("SELECT ?g WHERE { GRAPH ?g { ?g a schema:NewsArticle ; lk:contentHash ?h } }"))[1]
    assert len(heads) == len(graphs)
    assert validate_store(st) == []
    st.close()


def test_query_while_build_runs(tmp_path):
    db = tmp_path / "db"
    assert subprocess.run([sys.executable, "-m", "laocu_kg", "build", str(SEED), "--store", str(db)],
                          capture_output=True).returncode == 0
    many_reports(tmp_path / "many", 200)  # a build that runs for seconds, so queries meet it running
    proc = subprocess.Popen([sys.executable, "-m", "laocu_kg", "build", str(tmp_path / "many"), "--store", str(db),
                             "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        answers = []
        while proc.poll() is None and len(answers) < 20:
            r = subprocess.run([sys.executable, "-m", "laocu_kg", "query", "officials", "--format", "csv",
                                "--store", str(db)], capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
            answers.append(r.stdout)
        assert answers and all("王立伟" in a for a in answers)
    finally:
        proc.wait(120)
    assert proc.returncode == 0, proc.stderr.read()
