"""The Python API a notebook user calls: open, build, query with parameters, graph, export."""

from __future__ import annotations

import laocu_kg

from .conftest import SEED


def test_open_build_query_graph():
    kg = laocu_kg.open("memory")
    result = kg.build([SEED])
    assert result.built == [SEED.name]
    rows = kg.query("SELECT ?title ?org WHERE { ?m org:member/rdfs:label ?p ; org:role/rdfs:label ?title ; "
                    "org:organization/rdfs:label ?org . FILTER(str(?p) = str(?who)) } ORDER BY ?title", who="王立伟")
    assert rows == [{"title": "会长", "org": "山西省老区建设促进会"}, {"title": "副主席", "org": "山西省政协"}]
    counts = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?m a org:Membership }")
    assert counts == [{"n": 15}]
    assert kg.query("ASK { ?p rdfs:label \"鞠振\"@zh }") is True
    named = kg.query("posts_in_org", org="省老促会")
    assert {"person": "丁文禄", "title": "秘书长", "written": "省老促会常务副会长兼秘书长"} in named
    g = kg.graph()
    assert len(g) > 500
    assert "山西省老区建设促进会" in kg.export("ttl")
