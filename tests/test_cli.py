"""Each command through the CLI runner, asserting on its real output."""

from __future__ import annotations

import json
import re

from rdflib import Graph
from typer.testing import CliRunner

from laocu_kg.cli import app

from .conftest import ROOT, SEED

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_build_prints_counts_and_writes_turtle(built_db):
    db, ttl = built_db
    g = Graph().parse(ttl, format="turtle")
    assert len(g) > 500
    labels = {str(o) for o in g.objects(None, None)}
    assert "山西省老区建设促进会" in labels


def test_build_is_incremental(built_db):
    db, _ = built_db
    r = invoke("build", SEED, "--store", db)
    assert r.exit_code == 0, r.output
    assert "0 built, 1 unchanged" in r.output


def test_query_named_with_param(built_db):
    db, _ = built_db
    r = invoke("query", "posts_in_org", "--param", "org=省老促会", "--format", "csv", "--store", db)
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].startswith("person,title")
    assert any(line.startswith("王立伟,会长") for line in lines)
    assert not any("鞠振" in line for line in lines)


def test_query_json_is_sparql_results(built_db):
    db, _ = built_db
    r = invoke("query", "SELECT ?n WHERE { ?p a foaf:Person ; rdfs:label ?n } ORDER BY ?n", "--format", "json",
               "--store", db)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    names = [b["n"]["value"] for b in data["results"]["bindings"]]
    assert "丁文禄" in names and data["head"]["vars"] == ["n"]


def test_query_table_and_file(built_db, tmp_path):
    db, _ = built_db
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?e WHERE { ?x a schema:Event ; rdfs:label ?e }", encoding="utf-8")
    r = invoke("query", "--file", q, "--store", db)
    assert r.exit_code == 0, r.output
    assert "AI书画展" in r.output


def test_query_construct_gives_turtle(built_db):
    db, _ = built_db
    r = invoke("query", "CONSTRUCT { ?o rdfs:label ?l } WHERE { ?o a lk:LaocuAssociation ; rdfs:label ?l }",
               "--format", "ttl", "--store", db)
    assert r.exit_code == 0, r.output
    g = Graph().parse(data=r.output, format="turtle")
    assert {str(o) for o in g.objects()} >= {"山西省老区建设促进会", "中国老区建设促进会"}


def test_query_syntax_error_is_one_line(built_db):
    db, _ = built_db
    r = invoke("query", "SELECT ?x WHERE { ?x ?y }", "--store", db)
    assert r.exit_code == 1
    assert "SPARQL syntax error" in r.output
    assert "Traceback" not in r.output


def test_queries_lists_library():
    r = invoke("queries")
    assert r.exit_code == 0
    for name in ("officials", "posts_in_org", "event_participants", "org_hierarchy", "post_evidence"):
        assert name in r.output


def test_every_library_query_runs(built_db):
    from laocu_kg.query import library

    db, _ = built_db
    for name, q in library().items():
        args = ["query", name, "--format", "csv", "--store", db]
        for p in q.params:
            value = {"person": "王立伟", "title": "会长"}.get(p, "山西省老区建设促进会")
            args += ["--param", f"{p}={value}"]
        r = invoke(*args)
        assert r.exit_code == 0, (name, r.output)
        assert len(r.output.splitlines()) >= 2, (name, r.output)


def test_export_formats(built_db, tmp_path):
    db, _ = built_db
    for fmt, parse in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig")):
        out = tmp_path / f"g.{fmt}"
        r = invoke("export", "--format", fmt, "-o", out, "--store", db)
        assert r.exit_code == 0, r.output
        if fmt == "trig":
            from rdflib import Dataset

            ds = Dataset().parse(out, format="trig")
            assert len(list(ds.graphs())) >= 2
        else:
            assert len(Graph().parse(out, format=parse)) > 500


def test_two_builds_give_identical_ntriples(tmp_path):
    outs = []
    for i in range(2):
        db = tmp_path / f"db{i}"
        assert invoke("build", SEED, "--store", db).exit_code == 0
        r = invoke("export", "--format", "nt", "--store", db)
        outs.append(r.output)
    assert outs[0] == outs[1]
    assert outs[0].splitlines() == sorted(outs[0].splitlines())


def test_optimize_keeps_the_graph(tmp_path):
    db = tmp_path / "db"
    r = invoke("build", ROOT / "examples" / "reports", "--store", db, "--optimize")
    assert r.exit_code == 0 and f"optimized {db}" in r.output, r.output
    before = invoke("export", "--format", "nq", "--store", db).output
    assert "山西省老区建设促进会" in before
    r = invoke("optimize", "--store", db)
    assert r.exit_code == 0 and "optimized" in r.output, r.output
    assert invoke("export", "--format", "nq", "--store", db).output == before
    r = invoke("query", "person_orgs", "--param", "person=王立伟", "--store", db)
    assert "山西省老区建设促进会" in r.output


def test_optimize_needs_a_store(tmp_path):
    r = invoke("optimize", "--store", tmp_path / "nothing")
    assert r.exit_code == 1 and "no store here" in r.output
    assert not (tmp_path / "nothing").exists()


def test_view_is_offline(built_db, tmp_path):
    db, _ = built_db
    out = tmp_path / "g.html"
    r = invoke("view", "-o", out, "--store", db)
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert "王立伟" in html
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?://", html)


def test_view_focus(built_db, tmp_path):
    db, _ = built_db
    out = tmp_path / "f.html"
    r = invoke("view", "-o", out, "--focus", "鞠振", "--depth", "1", "--store", db)
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert "阳泉市人民政府" in html and "荆俊杰" not in html


def test_validate_conforms(built_db):
    db, _ = built_db
    r = invoke("validate", "--store", db)
    assert r.exit_code == 0, r.output
    assert "conforms" in r.output


def test_stats(built_db):
    db, _ = built_db
    r = invoke("stats", "--store", db)
    assert r.exit_code == 0, r.output
    m = re.search(r"persons\s*│\s*(\d+)", r.output)
    assert m and int(m.group(1)) in (13, 14)  # the 13 officials and honorees, and 习近平 named as 总书记
    assert "山西省老区建设促进会" in r.output


def test_eval_on_seed_gold():
    r = invoke("eval", ROOT / "examples" / "gold", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["micro"]["persons"]["f1"] == 1.0
    assert data["micro"]["posts"]["precision"] == 1.0
    assert data["micro"]["posts"]["recall"] == 1.0


def test_eval_scores_the_main_event(tmp_path):
    """The gold's first event is the report's own: found when a system event contains its key, its date exact."""
    gold = json.loads((ROOT / "examples" / "gold" / "000_0a7fb4088aef6cf7.json").read_text(encoding="utf-8"))
    g = tmp_path / "gold"
    g.mkdir()
    (g / "x.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    data = json.loads(invoke("eval", g, "--reports", SEED.parent, "--json").output)
    assert data["events"]["main_found_count"] == [1, 1] and data["events"]["main_date_count"] == [1, 1]
    main = next(e for e in gold["events"] if not e.get("optional"))
    main["start"] = "2025-01-01"  # a wrong date in the gold: found, but the date no longer counts as exact
    (g / "x.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    data = json.loads(invoke("eval", g, "--reports", SEED.parent, "--json").output)
    assert data["events"]["main_found_count"] == [1, 1] and data["events"]["main_date_count"] == [0, 1]


def test_eval_min_f1_fails_below(tmp_path):
    gold = json.loads((ROOT / "examples" / "gold" / "000_0a7fb4088aef6cf7.json").read_text(encoding="utf-8"))
    gold["persons"].append({"name": "不存在", "posts": []})
    g = tmp_path / "gold"
    g.mkdir()
    (g / "x.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    r = invoke("eval", g, "--reports", SEED.parent, "--min-f1", "0.99")
    assert r.exit_code == 1
    assert "persons" in r.output


def test_missing_input_is_one_line_error(tmp_path):
    r = invoke("build", tmp_path / "nope.txt", "--store", tmp_path / "db")
    assert r.exit_code != 0
    assert "no such file" in r.output and "Traceback" not in r.output


def test_bad_output_suffix(tmp_path):
    r = invoke("build", SEED, "--store", tmp_path / "db", "--output", tmp_path / "x.docx")
    assert r.exit_code == 1
    assert "unknown output format" in r.output
    assert not (tmp_path / "db").exists()


def test_query_without_store(tmp_path):
    r = invoke("query", "officials", "--store", tmp_path / "none.db")
    assert r.exit_code == 1
    assert "no store" in r.output


def test_python_module_entry_point():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "laocu_kg", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "build" in r.stdout


def test_changed_report_replaces_its_graph_and_equals_clean_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "r.txt"
    text = SEED.read_text(encoding="utf-8")
    src.write_text(text, encoding="utf-8")
    assert invoke("build", "r.txt", "--store", "db").exit_code == 0
    src.write_text(text.replace("史友松", "史友林"), encoding="utf-8")
    r = invoke("build", "r.txt", "--store", "db")
    assert "1 built" in r.output
    incremental = invoke("export", "--format", "nq", "--store", "db").output
    assert "史友松" not in incremental and "史友林" in incremental
    assert invoke("build", "r.txt", "--store", "clean").exit_code == 0
    assert invoke("export", "--format", "nq", "--store", "clean").output == incremental


def test_remove_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert invoke("build", "r.txt", "--store", "db").exit_code == 0
    r = invoke("remove", "r.txt", "--store", "db")
    assert r.exit_code == 0 and "removed" in r.output
    assert invoke("export", "--format", "nt", "--store", "db").output == ""
    r = invoke("remove", "r.txt", "--store", "db")
    assert r.exit_code == 1 and "no such report" in r.output


def test_query_timeout(built_db):
    import subprocess
    import sys

    db, _ = built_db
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    # a separate process: the abandoned query thread ends with it
    r = subprocess.run([sys.executable, "-m", "laocu_kg", "query", slow, "--timeout", "0.5", "--store", str(db)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "timed out after 0.5 s" in r.stderr
    r = invoke("query", "officials", "--timeout", "30", "--format", "csv", "--store", db)
    assert r.exit_code == 0 and "王立伟" in r.output
