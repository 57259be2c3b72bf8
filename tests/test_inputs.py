"""Real input formats and the bad-input matrix: one clear line, a non-zero exit, no partial output."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from laocu_kg.cli import app
from laocu_kg.query import rows
from laocu_kg.store import open_store

from .conftest import SEED

runner = CliRunner()
TEXT = SEED.read_text(encoding="utf-8")


def build(tmp_path, *paths, **opts):
    db = tmp_path / "db"
    args = ["build", *map(str, paths), "--store", str(db)]
    for k, v in opts.items():
        args += [f"--{k}", str(v)]
    return runner.invoke(app, args), db


def posts_of(db, name="王立伟"):
    st = open_store(str(db), read_only=True)
    q = f"""SELECT ?t ?o WHERE {{ ?m org:member/rdfs:label "{name}"@zh ; org:role/rdfs:label ?t ;
            org:organization/rdfs:label ?o }}"""
    return {tuple(r) for r in rows(st.query(q))[1]}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_are_detected(tmp_path, encoding):
    f = tmp_path / "r.txt"
    f.write_bytes(TEXT.encode(encoding))
    r, db = build(tmp_path, f)
    assert r.exit_code == 0, r.output
    assert ("会长", "山西省老区建设促进会") in posts_of(db)


def test_unicode_line_separators_are_line_breaks(tmp_path):
    """Web text may break lines with U+2028: the sentence ends there, and exports stay valid."""
    f = tmp_path / "r.txt"
    f.write_text(TEXT.replace("\n", "\u2028", 3), encoding="utf-8")
    r, db = build(tmp_path, f)
    assert r.exit_code == 0, r.output
    assert ("会长", "山西省老区建设促进会") in posts_of(db)
    from laocu_kg.extract.text import normalise, split_sentences

    lines = [s.text for s in split_sentences(normalise("某县老促会召开座谈会\u2028会议指出"))]
    assert lines == ["某县老促会召开座谈会", "会议指出"]


def test_exports_keep_literals_with_unicode_line_breaks():
    """N-Triples escapes only \\n and \\r: a literal holding U+2028 or U+0085 is one line, not two."""
    from rdflib import Dataset, Graph, Literal, URIRef

    from laocu_kg.export import export

    st = open_store("memory")
    g = Graph()
    odd = "甲\u2028乙\x85丙"
    g.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal(odd, lang="zh")))
    st.replace_graph(URIRef("https://example.org/g"), g)
    for fmt, parse in (("nt", "nt"), ("ttl", "turtle")):
        back = Graph().parse(data=export(st, fmt), format=parse)
        assert {str(o) for o in back.objects()} == {odd}, fmt
    back = Dataset().parse(data=export(st, "nq"), format="nquads")
    assert {str(q[2]) for q in back.quads()} == {odd}


def test_big5_traditional_report(tmp_path):
    f = tmp_path / "r.txt"
    f.write_bytes("江西省老區建設促進會召開座談會\n江西省政協副主席、省老促會會長胡立新出席會議並講話。\n".encode("big5"))
    r, db = build(tmp_path, f)
    assert r.exit_code == 0, r.output
    assert ("會長", "江西省老區建設促進會") in posts_of(db, "胡立新")


def test_markdown_front_matter_gives_title_date_url(tmp_path):
    f = tmp_path / "r.md"
    f.write_text("---\ntitle: 江西省老促会召开座谈会\ndate: 2024-05-06\nurl: https://example.org/a\n---\n"
                 "江西省老促会召开座谈会\n5月6日,江西省老促会在南昌市召开座谈会,省老促会会长钟立华出席。\n", encoding="utf-8")
    r, db = build(tmp_path, f)
    assert r.exit_code == 0, r.output
    st = open_store(str(db), read_only=True)
    q = "SELECT ?h ?d ?u ?s WHERE { ?r schema:headline ?h ; schema:datePublished ?d ; schema:url ?u . ?e schema:startDate ?s }"
    (h, d, u, s), = rows(st.query(q))[1]
    assert (h, d, u, s) == ("江西省老促会召开座谈会", "2024-05-06", "https://example.org/a", "2024-05-06")


def test_html_page_main_text_and_metadata(tmp_path):
    f = tmp_path / "r.html"
    f.write_text(
        "<html><head><meta charset='utf-8'><title>江西省老促会召开座谈会_新闻网</title>"
        "<meta property='article:published_time' content='2024-05-07'></head><body>"
        "<nav><a href='/'>首页</a> <a href='/n'>新闻中心</a></nav><article><h1>江西省老促会召开座谈会</h1>"
        "<p>5月6日,江西省老促会在南昌市召开座谈会,总结全年工作,部署下一阶段任务。"
        "江西省政协副主席、省老促会会长钟立华出席会议并讲话,省老促会常务副会长兼秘书长吴志刚主持会议。</p>"
        "<p>会议强调,要深入学习贯彻相关精神,扎实做好服务老区各项工作,推动老区振兴发展取得新成效。</p></article>"
        "<footer>版权所有 © 新闻网</footer></body></html>", encoding="utf-8")
    r, db = build(tmp_path, f)
    assert r.exit_code == 0, r.output
    assert ("会长", "江西省老区建设促进会") in posts_of(db, "钟立华")
    st = open_store(str(db), read_only=True)
    ((d,),) = rows(st.query("SELECT ?d WHERE { ?r a schema:NewsArticle ; schema:datePublished ?d }"))[1]
    assert d == "2024-05-07"


def test_docx_report(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "江西省老促会召开座谈会"
    for line in TEXT.splitlines()[:4]:
        d.add_paragraph(line)
    f = tmp_path / "r.docx"
    d.save(f)
    r, db = build(tmp_path, f)
    assert r.exit_code == 0, r.output
    assert ("会长", "山西省老区建设促进会") in posts_of(db)


@pytest.mark.parametrize("content,message", [
    (b"", "empty file"),
    (b"\x00\x01\x02binary\x00" * 50, "binary file"),
    (b"Only English text here, no Chinese at all.\n", "no Chinese text"),
    ("山西省老促会召开会议,会长出席。".encode() + b"\xff\xfe\xfa" + "会议强调".encode(), "invalid UTF-8"),
])
def test_bad_files_one_line_error(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r, db = build(tmp_path, f)
    assert r.exit_code == 1
    assert message in r.output and "bad.txt" in r.output
    assert "Traceback" not in r.output


def test_huge_file_is_refused(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_bytes(("山西省老促会召开会议。" * 10).encode() * 200_000)  # ~60 MB
    r, _ = build(tmp_path, f)
    assert r.exit_code == 1 and "too large" in r.output


def test_folder_with_good_and_bad_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    r, db = build(tmp_path, folder)
    assert r.exit_code == 2  # some built, some failed
    assert "empty.txt" in r.output and "1 built" in r.output and "1 failed" in r.output
    assert ("会长", "山西省老区建设促进会") in posts_of(db)


def test_bad_date_option(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(TEXT, encoding="utf-8")
    r, _ = build(tmp_path, f, date="19-09-2025")
    assert r.exit_code == 1 and "is not YYYY-MM-DD" in r.output


def test_unwritable_output_path(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(TEXT, encoding="utf-8")
    r, _ = build(tmp_path, f, output=tmp_path / "no" / "such" / "dir" / "g.ttl")
    assert r.exit_code == 1 and "does not exist" in r.output
    assert not (tmp_path / "no").exists()


def test_store_locked_by_another_process(tmp_path):
    db = tmp_path / "db"
    holder = subprocess.Popen([sys.executable, "-c", f"import pyoxigraph as ox, time; s = ox.Store({str(db)!r}); "
                               "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        f = tmp_path / "r.txt"
        f.write_text(TEXT, encoding="utf-8")
        r = runner.invoke(app, ["build", str(f), "--store", str(db)])
        assert r.exit_code == 1 and "locked by another process" in r.output
        # reading works while another process holds the store
        q = runner.invoke(app, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv",
                                "--store", str(db)])
        assert q.exit_code == 0, q.output
    finally:
        holder.kill()
        holder.wait()


def test_debug_shows_traceback(tmp_path):
    r = runner.invoke(app, ["--debug", "build", str(tmp_path / "missing.txt"), "--store", str(tmp_path / "db")])
    assert r.exit_code != 0 and r.exception is not None
