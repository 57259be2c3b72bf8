"""The seed report's facts, as the graph contract promises them (queried from the built store)."""

from __future__ import annotations

import pytest

from laocu_kg.query import rows

POSTS = """
SELECT ?person ?title ?org WHERE {
  ?m a org:Membership ; org:member/rdfs:label ?person ; org:role/rdfs:label ?title ;
     org:organization/rdfs:label ?org .
}"""


def select(store, q):
    return rows(store.query(q))[1]


@pytest.fixture(scope="module")
def posts(seed_store):
    return {tuple(r) for r in select(seed_store, POSTS)}


@pytest.mark.parametrize(
    "person,title,org",
    [
        ("王立伟", "副主席", "山西省政协"),
        ("王立伟", "会长", "山西省老区建设促进会"),
        ("漆志恒", "副会长", "中国老区建设促进会"),
        ("漆志恒", "社长", "中国老区建设画报社"),
        ("鞠振", "副书记", "中共阳泉市委"),
        ("鞠振", "市长", "阳泉市人民政府"),
        ("丁文禄", "常务副会长", "山西省老区建设促进会"),
        ("丁文禄", "秘书长", "山西省老区建设促进会"),
        ("冯改朵", "副会长", "山西省老区建设促进会"),
        ("禹修德", "副会长", "山西省老区建设促进会"),
        ("潘云", "副会长", "山西省老区建设促进会"),
        ("郎作仕", "副会长", "山西省老区建设促进会"),
        ("张子玉", "副会长", "山西省老区建设促进会"),
        ("朱新才", "常务理事", "山西省老区建设促进会"),
        ("史友松", "副主席", "阳泉市政协"),
    ],
)
def test_post(posts, person, title, org):
    assert (person, title, org) in posts


def test_no_spurious_posts(posts):
    # every post found is one of the 15 the report states
    assert len(posts) == 15


def test_persons_are_the_thirteen_officials_and_honorees(seed_store):
    names = {r[0] for r in select(seed_store, "SELECT ?n WHERE { ?p a foaf:Person ; rdfs:label ?n }")}
    expected = {"王立伟", "漆志恒", "鞠振", "丁文禄", "冯改朵", "禹修德", "潘云", "郎作仕", "张子玉", "朱新才", "史友松",
                "荆俊杰", "张天存"}
    assert expected <= names
    assert names - expected <= {"习近平", "马烽"}


def test_abbreviations_resolved_with_alt_labels(seed_store):
    q = """SELECT ?alt WHERE { ?o rdfs:label "%s"@zh ; skos:altLabel ?alt }"""
    shanxi = {r[0] for r in select(seed_store, q % "山西省老区建设促进会")}
    assert {"省老促会", "山西省老促会"} <= shanxi
    china = {r[0] for r in select(seed_store, q % "中国老区建设促进会")}
    assert {"中国老促会", "全国老促会"} <= china


def test_main_meeting(seed_store):
    q = """SELECT ?start ?end ?place ?org WHERE {
      ?e a schema:Event ; rdfs:label ?l ; schema:startDate ?start ; schema:endDate ?end ;
         schema:location/rdfs:label ?place ; schema:organizer/rdfs:label ?org .
      FILTER(CONTAINS(?l, "重点工作推进暨宣传工作座谈会"))
    }"""
    assert select(seed_store, q) == [["2025-09-19", "2025-09-20", "阳泉市", "山西省老区建设促进会"]]


def test_meeting_year_inference_is_recorded(seed_store):
    q = """SELECT ?how WHERE { ?e rdfs:label ?l ; lk:dateInference ?how .
           FILTER(CONTAINS(?l, "重点工作推进")) }"""
    (how,) = select(seed_store, q)[0]
    assert "80周年" in how or "2025" in how


def test_participants_and_their_parts(seed_store):
    q = """SELECT ?p ?c WHERE { ?x lk:participant/rdfs:label ?p ; lk:contribution ?c ; lk:inEvent/rdfs:label ?l .
           FILTER(CONTAINS(?l, "重点工作推进")) }"""
    parts = {tuple(r) for r in select(seed_store, q)}
    assert ("王立伟", "讲话") in parts
    assert ("丁文禄", "主持") in parts
    assert ("鞠振", "致辞") in parts
    assert ("漆志恒", "作专题辅导") in parts
    assert ("朱新才", "参加") in parts


def test_sites_visited(seed_store):
    q = """SELECT ?s WHERE { ?e lk:visited/rdfs:label ?s ; rdfs:label ?l . FILTER(CONTAINS(?l, "重点工作推进")) }"""
    sites = {r[0] for r in select(seed_store, q)}
    assert {"娘子关村", "新关村", "七亘村", "百团大战纪念馆", "七亘大捷纪念馆"} <= sites


def test_other_events(seed_store):
    q = "SELECT ?l ?place WHERE { ?e a schema:Event ; rdfs:label ?l . OPTIONAL { ?e schema:location/rdfs:label ?place } }"
    events = {r[0]: r[1] for r in select(seed_store, q)}
    found = {k: v for k, v in events.items() if "AI书画展" in k or "文化传承振兴" in k or "职业教育" in k}
    assert sorted(found.values()) == ["吕梁市", "大同市", "左权县"]


def test_works_and_awards(seed_store):
    works = {r[0] for r in select(seed_store, "SELECT ?t WHERE { ?w a schema:CreativeWork ; rdfs:label ?t }")}
    assert works == {"马烽研究系列丛书", "山西红色故事选", "中国老区建设", "山西老区开发"}
    q = "SELECT ?t ?r ?n WHERE { ?a lk:awardTitle ?t ; lk:recipient/rdfs:label ?r ; lk:recipientCount ?n }"
    awards = {(t, r, int(n)) for t, r, n in select(seed_store, q)}
    assert ("宣传工作先进集体", "吕梁市老区建设促进会", 45) in awards
    assert ("宣传工作先进个人", "荆俊杰", 11) in awards
    assert any(r == "张天存" and n == 9 and "通讯员" in t for t, r, n in awards)


def test_every_post_has_evidence_with_offsets(seed_store, seed_resolved):
    q = """SELECT ?quote ?s ?e WHERE { ?m a org:Membership ; org:member/rdfs:label "鞠振"@zh ;
           lk:evidence ?ev . ?ev lk:quote ?quote ; lk:startOffset ?s ; lk:endOffset ?e }"""
    text = seed_resolved.report.text
    found = select(seed_store, q)
    assert found
    for quote, s, e in found:
        assert text[int(s) : int(e)] == quote
        assert "鞠振" in quote


def test_hierarchy(seed_store):
    q = "SELECT ?a ?b WHERE { ?x org:subOrganizationOf ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }"
    pairs = {tuple(r) for r in select(seed_store, q)}
    assert ("山西省老区建设促进会", "中国老区建设促进会") in pairs
    assert ("吕梁市老区建设促进会", "山西省老区建设促进会") in pairs


def test_places_linked_up(seed_store):
    q = "SELECT ?a ?b WHERE { ?x schema:containedInPlace ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }"
    pairs = {tuple(r) for r in select(seed_store, q)}
    assert ("阳泉市", "山西省") in pairs
    assert ("左权县", "晋中市") in pairs
