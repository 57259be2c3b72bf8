"""The HTML network view: RDF → networkx, ego subgraphs, and the offline, escaped HTML page."""

from __future__ import annotations

import json
import os
import re
from importlib import resources

import pytest
from rdflib import BNode, Graph, Literal, Namespace

from laocu_kg.model import LaocuError
from laocu_kg.views import KINDS, ego, render_html, to_networkx, view
from laocu_kg.vocab import FOAF, LK, ORG, PROV, RDF, RDFS, SCHEMA, SKOS

EX = Namespace("https://w3id.org/laocu-kg/id/")
XSS = "<script>alert(1)</script>"
ATTR = '王" onmouseover="alert(2)'


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _date(text: str) -> Literal:
    from rdflib.namespace import XSD  # imported here: pytest probes module attributes and XSD warns

    return Literal(text, datatype=XSD.date)


def _evidence(g: Graph, node, quote: str, start: int) -> None:
    ev = BNode()
    g.add((ev, RDF.type, LK.Evidence))
    g.add((ev, LK.quote, _zh(quote)))
    g.add((ev, LK.startOffset, Literal(start)))
    g.add((ev, LK.endOffset, Literal(start + len(quote))))
    g.add((ev, PROV.wasQuotedFrom, EX.report1))
    g.add((node, LK.evidence, ev))


def _membership(g: Graph, m, person, org, role, *, former: bool = False, evidence: str | None = None) -> None:
    g.add((m, RDF.type, ORG.Membership))
    g.add((m, ORG.member, person))
    g.add((m, ORG.organization, org))
    g.add((m, ORG.role, role))
    if former:
        g.add((m, LK.isFormer, Literal(True)))
    if evidence:
        _evidence(g, m, evidence, 0)


@pytest.fixture()
def kg() -> Graph:
    g = Graph()
    # the report
    g.add((EX.report1, RDF.type, SCHEMA.NewsArticle))
    g.add((EX.report1, SCHEMA.headline, _zh("山西省老促会召开工作会议")))
    g.add((EX.report1, SCHEMA.datePublished, _date("2023-05-02")))
    # places
    g.add((EX.shanxi, RDF.type, SCHEMA.Place))
    g.add((EX.shanxi, RDF.type, LK.AdministrativeDivision))
    g.add((EX.shanxi, RDFS.label, _zh("山西省")))
    g.add((EX.taiyuan, RDF.type, SCHEMA.Place))
    g.add((EX.taiyuan, RDFS.label, _zh("太原市")))
    g.add((EX.taiyuan, SCHEMA.containedInPlace, EX.shanxi))
    # organizations
    g.add((EX.sxlch, RDF.type, ORG.Organization))
    g.add((EX.sxlch, RDF.type, LK.LaocuAssociation))
    g.add((EX.sxlch, RDFS.label, _zh("山西省老区建设促进会")))
    g.add((EX.sxlch, SKOS.altLabel, _zh("山西省老促会")))
    g.add((EX.sxlch, LK.jurisdiction, EX.shanxi))
    g.add((EX.sxlch, ORG.subOrganizationOf, EX.zglch))
    g.add((EX.zglch, RDF.type, ORG.Organization))
    g.add((EX.zglch, RDFS.label, _zh("中国老区建设促进会")))
    g.add((EX.gov, RDF.type, ORG.Organization))
    g.add((EX.gov, RDF.type, LK.PeoplesGovernment))
    g.add((EX.gov, RDFS.label, _zh("山西省人民政府")))
    # roles
    g.add((EX.role_fhz, RDF.type, ORG.Role))
    g.add((EX.role_fhz, RDFS.label, _zh("副会长")))
    g.add((EX.role_fsz, RDF.type, ORG.Role))
    g.add((EX.role_fsz, RDFS.label, _zh("副省长")))
    # the person with two posts, one former
    g.add((EX.zhang, RDF.type, FOAF.Person))
    g.add((EX.zhang, RDFS.label, _zh("张某某")))
    g.add((EX.zhang, SKOS.altLabel, _zh("老张")))
    g.add((EX.zhang, PROV.wasDerivedFrom, EX.report1))
    _evidence(g, EX.zhang, "张某某出席会议并讲话。", 40)
    _membership(g, EX.m1, EX.zhang, EX.sxlch, EX.role_fhz, evidence="山西省老促会副会长张某某出席。")
    _membership(g, EX.m2, EX.zhang, EX.gov, EX.role_fsz, former=True)
    # the event
    g.add((EX.meeting, RDF.type, SCHEMA.Event))
    g.add((EX.meeting, RDF.type, LK.Meeting))
    g.add((EX.meeting, RDFS.label, _zh("山西省老促会工作会议")))
    g.add((EX.meeting, SCHEMA.startDate, _date("2023-05-01")))
    g.add((EX.meeting, SCHEMA.location, EX.taiyuan))
    g.add((EX.meeting, SCHEMA.organizer, EX.sxlch))
    g.add((EX.meeting, SCHEMA.attendee, EX.zhang))
    part = EX.part1
    g.add((part, RDF.type, LK.Participation))
    g.add((part, LK.participant, EX.zhang))
    g.add((part, LK.inEvent, EX.meeting))
    g.add((part, LK.contribution, _zh("讲话")))
    # a work and an award
    g.add((EX.book, RDF.type, SCHEMA.CreativeWork))
    g.add((EX.book, RDFS.label, _zh("老区精神")))
    g.add((EX.award, RDF.type, LK.AwardConferral))
    g.add((EX.award, LK.awardTitle, _zh("宣传工作先进个人")))
    g.add((EX.award, LK.recipient, EX.zhang))
    # hostile names
    g.add((EX.evil, RDF.type, FOAF.Person))
    g.add((EX.evil, RDFS.label, _zh(XSS)))
    g.add((EX.evil, SKOS.altLabel, _zh(ATTR)))
    _membership(g, EX.m3, EX.evil, EX.sxlch, EX.role_fhz)
    return g


def _edges(nxg, u, v) -> set[str]:
    return {d["label"] for a, b, d in nxg.edges(data=True) if a == str(u) and b == str(v)}


# ------------------------------------------------------------------------------------------------
# to_networkx
# ------------------------------------------------------------------------------------------------


def test_node_kinds(kg):
    nxg = to_networkx(kg)
    kinds = {n: d["kind"] for n, d in nxg.nodes(data=True)}
    assert kinds[str(EX.zhang)] == "person"
    assert kinds[str(EX.sxlch)] == "organization"
    assert kinds[str(EX.gov)] == "organization"
    assert kinds[str(EX.shanxi)] == "place"
    assert kinds[str(EX.meeting)] == "event"
    assert kinds[str(EX.book)] == "work"
    # reports, roles, memberships, participations, evidence and awards are not nodes
    for not_node in (EX.report1, EX.role_fhz, EX.m1, EX.part1, EX.award):
        assert str(not_node) not in nxg
    assert set(kinds.values()) <= set(KINDS)


def test_edge_labels(kg):
    nxg = to_networkx(kg)
    assert _edges(nxg, EX.zhang, EX.sxlch) == {"副会长"}
    assert _edges(nxg, EX.zhang, EX.gov) == {"原副省长"}
    assert _edges(nxg, EX.sxlch, EX.zglch) == {"上级"}
    assert _edges(nxg, EX.sxlch, EX.shanxi) == {"辖区"}
    assert _edges(nxg, EX.meeting, EX.taiyuan) == {"地点"}
    assert _edges(nxg, EX.meeting, EX.sxlch) == {"主办"}
    assert _edges(nxg, EX.zhang, EX.meeting) == {"出席/讲话"}
    assert _edges(nxg, EX.taiyuan, EX.shanxi) == {"属于"}


def test_node_attributes(kg):
    nxg = to_networkx(kg)
    zhang = nxg.nodes[str(EX.zhang)]
    assert zhang["label"] == "张某某"
    assert zhang["aliases"] == ["老张"]
    assert "zhāng mǒu mǒu" in zhang["pinyin"]
    assert "zhangmm" in zhang["pinyin"]
    assert "zhang mou mou" in zhang["pinyin"]
    assert "副会长 @ 山西省老区建设促进会" in zhang["details"]
    assert "原副省长 @ 山西省人民政府" in zhang["details"]
    assert "获奖: 宣传工作先进个人" in zhang["details"]
    assert any("山西省老促会工作会议" in d and "讲话" in d and "2023-05-01" in d for d in zhang["details"])
    # evidence on the person and on their membership, with the report's headline and date
    assert ("张某某出席会议并讲话。", "山西省老促会召开工作会议", "2023-05-02") in zhang["evidence"]
    assert ("山西省老促会副会长张某某出席。", "山西省老促会召开工作会议", "2023-05-02") in zhang["evidence"]
    assert "日期: 2023-05-01" in nxg.nodes[str(EX.meeting)]["details"]


def test_pinyin_surname_readings():
    g = Graph()
    g.add((EX.p, RDF.type, FOAF.Person))
    g.add((EX.p, RDFS.label, _zh("曾立伟")))
    g.add((EX.q, RDF.type, FOAF.Person))
    g.add((EX.q, RDFS.label, _zh("欧阳立伟")))
    nxg = to_networkx(g)
    assert "zenglw" in nxg.nodes[str(EX.p)]["pinyin"]
    assert "ouyanglw" in nxg.nodes[str(EX.q)]["pinyin"]


# ------------------------------------------------------------------------------------------------
# ego
# ------------------------------------------------------------------------------------------------


def test_ego_depth(kg):
    nxg = to_networkx(kg)
    one = ego(nxg, "张某某", 1)
    assert str(EX.sxlch) in one and str(EX.meeting) in one
    assert str(EX.zglch) not in one  # 张某某 → 山西省老促会 → 中国老促会 is two hops
    assert str(EX.taiyuan) not in one
    assert one.graph["focus"] == [str(EX.zhang)]
    two = ego(nxg, "张某某", 2)
    assert str(EX.zglch) in two and str(EX.taiyuan) in two
    assert str(EX.book) not in two


def test_ego_by_alias_and_iri(kg):
    nxg = to_networkx(kg)
    assert str(EX.shanxi) in ego(nxg, "山西省老促会", 1)
    assert set(ego(nxg, str(EX.book), 3)) == {str(EX.book)}


def test_ego_unknown_name(kg):
    nxg = to_networkx(kg)
    with pytest.raises(LaocuError, match="李某某"):
        ego(nxg, "李某某", 1)


# ------------------------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------------------------


def _vis_js() -> str:
    lib = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    return lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")


def _json_block(page: str, element_id: str):
    m = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S)
    assert m, element_id
    return json.loads(m.group(1))


@pytest.fixture()
def page(kg, tmp_path):
    out = tmp_path / "sub" / "view.html"
    counts = view(kg, out)
    raw = out.read_bytes()
    return counts, raw.decode("utf-8"), out


def test_html_is_offline_and_utf8(page):
    counts, text, out = page
    assert counts == {"nodes": 9, "edges": 9}
    assert '<meta charset="utf-8">' in text
    assert "张某某" in text and "山西省老区建设促进会" in text
    assert not re.search(r"""<script[^>]*\bsrc\s*=\s*["']?https?:""", text, re.I)
    assert not re.search(r"""<link[^>]*\bhref\s*=\s*["']?https?:""", text, re.I)
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:)?//""", text, re.I)
    assert "<script src" not in text and "<link" not in text
    # vis-network is inlined verbatim (apart from script-safe escaping, which it does not need)
    vis = _vis_js()
    assert vis[:2000] in text and vis[-2000:] in text
    assert "new vis.Network(" in text
    assert not list(out.parent.glob("*.tmp")) and not list(out.parent.glob(".*.tmp"))
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_html_legend_search_and_physics(page):
    _, text, _ = page
    legend = re.search(r'<div id="lk-legend">(.*?)</div>', text, re.S)
    assert legend
    for kind, (name, colour, _shape, glyph) in KINDS.items():
        assert f'data-kind="{kind}"' in legend.group(1)
        assert name in legend.group(1) and colour in legend.group(1) and glyph in legend.group(1)
    assert 'id="lk-q"' in text and "network.focus(" in text and "network.selectNodes(" in text
    options = _json_block(text, "lk-options")
    assert options["physics"]["solver"] == "forceAtlas2Based"
    assert options["physics"]["stabilization"]["iterations"] <= 150
    assert "stabilizationIterationsDone" in text and "physics: false" in text
    nodes = {n["id"]: n for n in _json_block(text, "lk-nodes")}
    zhang = nodes[str(EX.zhang)]
    assert zhang["label"] == "张某某" and "zhangmm" in zhang["search"] and "老张" in zhang["search"]
    assert zhang["color"] == KINDS["person"][1] and zhang["shape"] == KINDS["person"][2]
    assert nodes[str(EX.sxlch)]["size"] > nodes[str(EX.book)]["size"]  # size by degree
    assert "副会长 @ 山西省老区建设促进会" in zhang["title"] and "zhāng mǒu mǒu" in zhang["title"]
    # the side panel's data: posts, events, evidence with the report's headline and date
    info = zhang["info"]
    assert ["职务", ["副会长 @ 山西省老区建设促进会", "原副省长 @ 山西省人民政府"]] in info["sections"]
    assert any(h == "活动" and any("山西省老促会工作会议" in x for x in lines) for h, lines in info["sections"])
    assert ["张某某出席会议并讲话。", "山西省老促会召开工作会议", "2023-05-02"] in info["evidence"]
    assert info["aliases"] == ["老张"] and "zhāng mǒu mǒu" in info["pinyin"]
    edges = _json_block(text, "lk-edges")
    assert {"from": str(EX.zhang), "to": str(EX.sxlch), "label": "副会长"}.items() <= next(
        e for e in edges if e["from"] == str(EX.zhang) and e["to"] == str(EX.sxlch)
    ).items()


def test_html_escapes_hostile_names(page):
    _, text, _ = page
    assert XSS not in text
    assert "<script>alert" not in text
    assert 'onmouseover="' not in text
    nodes = {n["id"]: n for n in _json_block(text, "lk-nodes")}
    evil = nodes[str(EX.evil)]
    assert evil["label"] == XSS  # the canvas draws text, never HTML
    assert evil["title"].startswith(XSS)  # plain text: vis-network sets a string title with innerText
    assert ATTR in evil["title"] and evil["info"]["aliases"] == [ATTR]
    assert "innerHTML" not in text.split('id="lk-meta"', 1)[1]  # the page's own script never uses it


def test_html_embedded_json_cannot_close_script(tmp_path):
    import networkx as nx

    nxg = nx.MultiDiGraph()
    nxg.add_node(
        "a",
        label="</script><b>x</b>",
        kind="person",
        aliases=["</SCRIPT >"],
        pinyin=[],
        details=[],
        evidence=[],
    )
    out = tmp_path / "x.html"
    render_html(nxg, out)
    text = out.read_text(encoding="utf-8")
    body = text.split('id="lk-nodes">', 1)[1]
    assert body.index("</script>") > body.index("\\u003c/script")  # the first </script> is the real end
    assert "</SCRIPT" not in text


def test_html_max_nodes_notice(kg, tmp_path):
    out = tmp_path / "cut.html"
    nxg = to_networkx(kg)
    counts = render_html(nxg, out, title="cut", max_nodes=3)
    text = out.read_text(encoding="utf-8")
    assert counts["nodes"] == 3
    assert 'id="lk-notice"' in text and "仅显示连接最多的 3 个" in text
    ids = {n["id"] for n in _json_block(text, "lk-nodes")}
    top = sorted(nxg.nodes, key=lambda n: -nxg.degree(n))[:1]
    assert set(top) <= ids and str(EX.book) not in ids
    full = tmp_path / "full.html"
    render_html(nxg, full)
    assert 'id="lk-notice"' not in full.read_text(encoding="utf-8")


def test_view_focus(kg, tmp_path):
    out = tmp_path / "ego.html"
    counts = view(kg, out, focus="张某某", depth=1)
    text = out.read_text(encoding="utf-8")
    ids = {n["id"] for n in _json_block(text, "lk-nodes")}
    assert counts["nodes"] == len(ids)
    assert str(EX.zhang) in ids and str(EX.zglch) not in ids
    assert _json_block(text, "lk-focus") == [str(EX.zhang)]
    with pytest.raises(LaocuError):
        view(kg, tmp_path / "none.html", focus="不存在的人")
    assert not (tmp_path / "none.html").exists()


def test_inlined_code_cannot_close_its_element():
    from laocu_kg.view_page import _script_safe

    assert _script_safe('a="</script>";b="</STYLE>"') == 'a="<\\/script>";b="<\\/STYLE>"'
    assert _script_safe("/</.test(n)") == "/</.test(n)"  # vis-network's regex literal survives


def test_html_filters_and_panel(page):
    _, text, _ = page
    relations = re.search(r'<div id="lk-relations">(.*?)</div>', text, re.S)
    assert relations and 'data-relation="membership"' in relations.group(1) and "职务" in relations.group(1)
    edges = _json_block(text, "lk-edges")
    assert {e["relation"] for e in edges} >= {"membership", "participation", "organizer", "location"}
    assert len({e["id"] for e in edges}) == len(edges)
    assert 'id="lk-panel"' in text and "textContent" in text


# ------------------------------------------------------------------------------------------------
# filters, CONSTRUCT views, large graphs
# ------------------------------------------------------------------------------------------------


def test_filter_types(kg):
    from laocu_kg.views import filter_types

    nxg = to_networkx(kg)
    sub = filter_types(nxg, "person,organization")
    assert {d["kind"] for _, d in sub.nodes(data=True)} == {"person", "organization"}
    assert str(EX.zhang) in sub and str(EX.meeting) not in sub and sub.has_edge(str(EX.zhang), str(EX.sxlch))
    assert set(filter_types(nxg, ["persons", "组织"])) == set(sub)
    with pytest.raises(LaocuError, match="unknown node type 'persn'"):
        filter_types(nxg, "persn")
    with pytest.raises(LaocuError):
        filter_types(nxg, " , ")


def test_filter_dates(kg):
    from laocu_kg.views import filter_dates

    nxg = to_networkx(kg)
    assert nxg.nodes[str(EX.meeting)]["date"] == "2023-05-01"
    kept = filter_dates(nxg, "2023-05-01", "2023-05-31")
    # the event, its participant, organizer and place, and the organizations where the participant holds posts
    assert set(kept) == {str(x) for x in (EX.meeting, EX.zhang, EX.sxlch, EX.taiyuan, EX.gov)}
    assert set(filter_dates(nxg, "2023-01-01", None)) == set(kept)
    assert filter_dates(nxg, "2023-05-02", None).number_of_nodes() == 0
    assert filter_dates(nxg, None, "2023-04-30").number_of_nodes() == 0
    assert filter_dates(nxg) is nxg
    for bad in ("2023-13-01", "2023/05/01", "May 1"):
        with pytest.raises(LaocuError, match="YYYY-MM-DD"):
            filter_dates(nxg, bad, None)
    with pytest.raises(LaocuError, match="after"):
        filter_dates(nxg, "2024-01-01", "2023-01-01")


def test_view_types_and_dates(kg, tmp_path):
    out = tmp_path / "t.html"
    counts = view(kg, out, types="person", since="2023-05-01")
    ids = {n["id"] for n in _json_block(out.read_text(encoding="utf-8"), "lk-nodes")}
    assert ids == {str(EX.zhang)} and counts == {"nodes": 1, "edges": 0}


def test_from_construct(kg):
    from laocu_kg.store import open_store
    from laocu_kg.views import from_construct

    st = open_store("memory")
    st.replace_graph(EX.report1, kg)
    g = from_construct(
        st, "CONSTRUCT { ?p org:memberOf ?o } WHERE { ?m org:member ?p ; org:organization ?o ; org:role ?r }"
    )
    nxg = to_networkx(g)
    # types and labels come from the store; the query's own predicate becomes a labelled edge
    assert nxg.nodes[str(EX.zhang)]["label"] == "张某某" and nxg.nodes[str(EX.zhang)]["kind"] == "person"
    assert _edges(nxg, EX.zhang, EX.gov) == {"memberOf"}
    assert str(EX.meeting) not in nxg
    labelled = from_construct(
        st,
        "CONSTRUCT { ?p a foaf:Person ; rdfs:label ?n } WHERE { ?p a foaf:Person ; rdfs:label ?n "
        'FILTER(STRSTARTS(STR(?n), "张")) }',
    )
    assert {d["label"] for _, d in to_networkx(labelled).nodes(data=True)} == {"张某某"}
    with pytest.raises(LaocuError, match="CONSTRUCT"):
        from_construct(st, "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(LaocuError):
        from_construct(st, "CONSTRUCT { ?s ?p } WHERE")


def _synthetic(n: int):
    import random

    import networkx as nx

    rng = random.Random(5)
    g = nx.MultiDiGraph()
    kinds = ["person"] * 6 + ["organization", "event", "place", "work"]
    for i in range(n):
        g.add_node(f"n{i}", label=f"节点{i}", kind=kinds[i % 10], aliases=[], pinyin=[], details=[], evidence=[])
    for i in range(1, n):
        if i % 10 != 9:  # works stay unconnected
            g.add_edge(f"n{i}", f"n{rng.randrange(0, i)}", label="副会长", relation="membership")
    return g


def test_large_graph_gets_fixed_positions(tmp_path):
    from laocu_kg.view_page import FIXED_LAYOUT_ABOVE, positions

    big = _synthetic(FIXED_LAYOUT_ABOVE + 100)
    out = tmp_path / "big.html"
    render_html(big, out)
    text = out.read_text(encoding="utf-8")
    nodes = _json_block(text, "lk-nodes")
    assert all(isinstance(n.get("x"), float) and isinstance(n.get("y"), float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)
    assert _json_block(text, "lk-options")["physics"] == {"enabled": False}
    assert positions(big) == positions(big)  # deterministic
    small = tmp_path / "small.html"
    render_html(_synthetic(50), small)
    assert "x" not in _json_block(small.read_text(encoding="utf-8"), "lk-nodes")[0]
