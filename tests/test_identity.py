"""Cross-report identity: one node per real person, two for namesakes in different provinces."""

from __future__ import annotations

from typer.testing import CliRunner

from laocu_kg.cli import app
from laocu_kg.query import rows
from laocu_kg.store import open_store

runner = CliRunner()
A = "江西省老促会召开座谈会\n2024年5月6日,江西省老促会在南昌市召开座谈会,省老促会会长钟立华、副会长王卫东出席。\n"
B = "江西省老促会赴赣州调研\n2024年6月3日,江西省老促会会长钟立华带队赴赣州市调研。\n"
C = "河南省老促会召开理事会\n2024年7月1日,河南省老促会在郑州市召开理事会,省老促会秘书长王卫东主持。\n"


def build(tmp_path, decisions=None):
    for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "db"
    args = ["build", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "c.txt"), "--store", str(db)]
    if decisions:
        args += ["--decisions", str(decisions)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return db


def person_nodes(db, name):
    st = open_store(str(db), read_only=True)
    q = f'SELECT DISTINCT ?p ?key WHERE {{ ?p rdfs:label "{name}"@zh ; lk:identityKey ?key }}'
    return sorted(tuple(r) for r in rows(st.query(q))[1])


def test_same_person_in_two_reports_is_one_node(tmp_path):
    db = build(tmp_path)
    nodes = person_nodes(db, "钟立华")
    assert len(nodes) == 1 and nodes[0][1] == "钟立华@江西省"


def test_namesakes_in_two_provinces_are_two_nodes_and_listed_as_ambiguous(tmp_path):
    db = build(tmp_path)
    assert [k for _, k in person_nodes(db, "王卫东")] == ["王卫东@江西省", "王卫东@河南省"]
    r = runner.invoke(app, ["entities", "--ambiguous", "--store", str(db)])
    assert r.exit_code == 0, r.output
    assert "王卫东@河南省" in r.output and "钟立华" not in r.output


def test_decisions_file_merges(tmp_path):
    d = tmp_path / "decisions.tsv"
    d.write_text("same\t王卫东@江西省\t王卫东@河南省\n", encoding="utf-8")
    db = build(tmp_path, d)
    nodes = person_nodes(db, "王卫东")
    assert len({p for p, _ in nodes}) == 1


def test_bad_decisions_file_is_one_line_error(tmp_path):
    d = tmp_path / "decisions.tsv"
    d.write_text("merge A B\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    r = runner.invoke(app, ["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "db"), "--decisions", str(d)])
    assert r.exit_code == 1 and "decisions.tsv:1" in r.output


def test_namesakes_awarded_in_two_provinces_get_one_conferral_each(tmp_path):
    from laocu_kg.validate import validate_store

    texts = {"d.txt": "江西省老促会召开表彰会\n2024年5月6日,江西省老促会表彰了刘春华、李明等5名先进个人。\n",
             "e.txt": "河南省老促会召开表彰会\n2024年7月1日,河南省老促会表彰了刘春华、赵亮等3名先进个人。\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "db"
    r = runner.invoke(app, ["build", str(tmp_path / "d.txt"), str(tmp_path / "e.txt"), "--store", str(db)])
    assert r.exit_code == 0, r.output
    st = open_store(str(db), read_only=True)
    q = """SELECT ?a ?key WHERE { ?a a lk:AwardConferral ; lk:recipient ?p . ?p rdfs:label "刘春华"@zh ;
           lk:identityKey ?key }"""
    got = rows(st.query(q))[1]
    assert sorted(k for _, k in got) == ["刘春华@江西省", "刘春华@河南省"] and len({a for a, _ in got}) == 2
    assert validate_store(st) == []
