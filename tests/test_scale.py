"""Corpus builds: a parallel build equals a sequential one byte for byte, incrementally too; the union of the
reports' graphs is a set; the post timeline; the direct Turtle writer; synthetic reports are deterministic."""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from laocu_kg.export import export, sorted_ntriples, turtle
from laocu_kg.pipeline import build, process
from laocu_kg.query import run
from laocu_kg.reports import iter_report_paths, load_report
from laocu_kg.store import OxigraphStore, open_store

from .conftest import ROOT, SEED

A = "江西省老促会召开座谈会\n2024年5月6日,江西省老促会在南昌市召开座谈会,省老促会会长钟立华、副会长王卫东出席。\n"
B = "江西省老促会召开理事会\n2025年3月1日,江西省老促会在南昌市召开理事会,省老促会会长李明主持,原省老促会会长钟立华出席。\n"


def _synth():
    if "laocu_synth" not in sys.modules:
        spec = importlib.util.spec_from_file_location("laocu_synth", ROOT / "benchmarks" / "synth.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules["laocu_synth"] = mod  # dataclasses look their module up
        spec.loader.exec_module(mod)
    return sys.modules["laocu_synth"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    _synth().generate(d / "synth", 24)
    shutil.copy(SEED, d / SEED.name)
    (d / "a.txt").write_text(A, encoding="utf-8")
    (d / "b.txt").write_text(B, encoding="utf-8")
    (d / "same_as_a.txt").write_text(A, encoding="utf-8")  # same content, same graph: the last file wins
    return d


def nquads(store) -> str:
    return export(store, "nq")


def test_parallel_build_equals_sequential_and_per_graph_replace(corpus):
    seq, par = open_store("memory"), open_store("memory")
    r1 = build([corpus], seq, jobs=1)
    r2 = build([corpus], par, jobs=2)
    assert r1.built == r2.built and len(r1.built) == 28 and not r1.failed
    assert nquads(seq) == nquads(par)
    assert export(seq, "ttl") == export(par, "ttl")
    assert r1.triples == r2.triples == len(seq)
    # the same graphs as replacing them one report at a time, in the files' order
    one = open_store("memory")
    for path in iter_report_paths([corpus]):
        _, iri, graph = process(load_report(path))
        one.replace_graph(iri, graph)
    assert nquads(one) == nquads(seq)


def test_parallel_incremental_build_equals_clean_build(corpus, tmp_path):
    work = tmp_path / "reports"
    shutil.copytree(corpus, work)
    db = OxigraphStore(tmp_path / "db")
    build([work], db, jobs=2)
    r = build([work], db, jobs=2)
    assert r.built == [] and len(r.unchanged) == 28
    (work / "a.txt").write_text(A.replace("王卫东", "王卫国"), encoding="utf-8")  # changed
    (work / "b.txt").unlink()  # gone from the folder: stays in the store until removed
    r = build([work], db, jobs=2)
    assert r.built == ["a.txt"]
    from laocu_kg.pipeline import remove

    remove(db, str(corpus / "b.txt").replace(str(corpus), str(work)))
    clean = open_store("memory")
    build([work], clean, jobs=1)
    assert nquads(db) == nquads(clean)
    assert sorted_ntriples(db) == sorted_ntriples(clean)


def test_union_is_a_set_and_follows_removals(tmp_path):
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "a2.txt").write_text(A + "会议指出,要做好老区工作。\n", encoding="utf-8")
    st = OxigraphStore(tmp_path / "db")
    build([tmp_path / "a.txt", tmp_path / "a2.txt"], st, jobs=1)
    q = 'SELECT ?m WHERE { ?m org:member/rdfs:label "钟立华"@zh ; org:role/rdfs:label "会长"@zh }'
    assert len(list(st.query(q))) == 1  # stated by two reports, one solution
    graphs = 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?m org:member ?p } }'
    assert len(list(st.query(graphs))) == 2  # each report's own graph still reachable
    from laocu_kg.pipeline import remove

    remove(st, "a.txt")
    assert len(list(st.query(q))) == 1  # still stated by a2.txt
    remove(st, "a2.txt")
    assert len(list(st.query(q))) == 0
    assert len(list(st.query("SELECT * WHERE { ?s ?p ?o }"))) == 0  # nothing left over in the union


def test_store_without_union_is_upgraded(tmp_path):
    src = open_store("memory")
    build([SEED], src, jobs=1)
    raw = ox.Store(str(tmp_path / "old"))  # as built before the union default graph existed
    raw.load(src.dump_nquads(), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    ro = OxigraphStore(tmp_path / "old", read_only=True)  # read-only: Oxigraph's own union
    assert sorted_ntriples(ro) == sorted_ntriples(src)
    assert len(list(ro.query("SELECT ?p WHERE { ?p a foaf:Person }"))) >= 10
    ro.close()
    del ro
    rw = OxigraphStore(tmp_path / "old")
    assert sorted_ntriples(rw) == sorted_ntriples(src) and nquads(rw) == nquads(src)


def test_raw_update_keeps_the_union():
    st = open_store("memory")
    build([SEED], st, jobs=1)
    st._store.update('INSERT DATA { GRAPH <urn:g> { <urn:x> <http://www.w3.org/2000/01/rdf-schema#label> "新" } }')
    assert bool(st.query('ASK { <urn:x> rdfs:label "新" }'))


def timeline(store, org: str, title: str) -> list[list[str]]:
    from laocu_kg.query import library, rows

    return rows(run(store, library()["post_timeline"].text, {"org": org, "title": title}))[1]


def test_post_timeline_two_reports(tmp_path):
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    st = open_store("memory")
    build([tmp_path], st, jobs=1)
    got = timeline(st, "省老促会", "会长")
    org = "江西省老区建设促进会"
    assert got == [
        ["钟立华", org, "current", "2024-05-06", "2024-05-06", "1"],
        ["李明", org, "current", "2025-03-01", "2025-03-01", "1"],
        ["钟立华", org, "former", "2025-03-01", "2025-03-01", "1"],
    ]


def test_post_timeline_on_seed(seed_store):
    got = timeline(seed_store, "山西省老区建设促进会", "会长")
    assert [r[0] for r in got] == ["王立伟"] and got[0][2] == "current" and got[0][3] == got[0][4]


def test_turtle_writer_is_valid_and_complete(seed_store):
    ttl = export(seed_store, "ttl")
    nt = sorted_ntriples(seed_store)
    assert set(Graph().parse(data=ttl, format="turtle")) == set(Graph().parse(data=nt, format="nt"))
    assert ttl == export(seed_store, "ttl")
    lines = ['<urn:s> <http://www.w3.org/2000/01/rdf-schema#label> "a \\"q\\" .\\n b"@zh .',
             '<urn:s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:T> .',
             '<urn:s> <https://schema.org/x> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .',
             '<urn:s> <https://schema.org/a/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> .',
             '_:b1 <http://www.w3.org/2000/01/rdf-schema#label> "x" .']
    out = turtle(sorted(lines))
    assert "<urn:s> a <urn:T> ;" in out and "xsd:integer" in out and "<https://schema.org/a/b> rdf:type" in out
    assert isomorphic(Graph().parse(data=out, format="turtle"), Graph().parse(data="\n".join(lines), format="nt"))


def test_synthetic_reports_are_deterministic(tmp_path):
    synth = _synth()
    provs = synth.provinces(0)
    assert synth.report(7, provs) == synth.report(7, synth.provinces(0))
    paths = synth.generate(tmp_path, 3)
    assert [p.name for p in paths] == [synth.report(i, provs)[0] for i in range(3)]
    assert all(800 <= len(p.read_text(encoding="utf-8")) <= 1600 for p in paths)


def test_label_parameters_match_as_str_filters_did(seed_store):
    """?NAME_label binds a text parameter as each form a label takes: the rows are those of the FILTER (str())
    form the library queries used before (any label or alias, any script)."""
    from laocu_kg.query import bind_params, library
    from laocu_kg.query import rows as result_rows

    assert bind_params({"org": "省老促会"}, "?o rdfs:label ?org_label").count("(") == 4  # names + 3 rows
    assert "?org_label" not in bind_params({"org": "省老促会"}, "?o rdfs:label ?org")
    old = """SELECT ?person ?title ?written WHERE {
      ?o a org:Organization . { ?o rdfs:label ?n } UNION { ?o skos:altLabel ?n } FILTER (str(?n) = str(?org))
      ?m org:organization ?o ; org:member ?p ; org:role ?r ; lk:titleAsWritten ?written .
      ?p rdfs:label ?person . ?r rdfs:label ?title . }"""
    for org in ("省老促会", "山西省老区建设促进会", "山西省老區建設促進會"):
        want = sorted(result_rows(run(seed_store, old, {"org": org}))[1])
        got = result_rows(run(seed_store, library()["posts_in_org"].text, {"org": org}))[1]
        assert sorted(got) == want and (org == "山西省老區建設促進會" or want), org
