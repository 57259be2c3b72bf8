"""Property-based tests: extraction never raises, built graphs conform, exports round-trip."""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from laocu_kg.extract import extract
from laocu_kg.extract.text import detect_script
from laocu_kg.mapping import map_report
from laocu_kg.model import Report
from laocu_kg.resolve import resolve
from laocu_kg.validate import validate_graph

# text made of the genre's own pieces, so that the rules actually fire, plus arbitrary Unicode
PIECES = ["山西省", "省老促会", "会长", "副会长", "兼", "秘书长", "原", "县委", "副书记", "、", ",", "。", "\n",
          "王", "李", "欧阳", "立伟", "建国", "为", "当选为", "等", "11名", "先进个人", "《", "》", "“", "”",
          "9月19日至20日", "在", "召开", "座谈会", "参观", "纪念馆", "村", "(女)", "出席", "讲话", "市长"]
genre_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=60).map("".join)


def report(text: str) -> Report:
    return Report(id="p.txt", text=text, title=text.split("\n", 1)[0][:40],
                  sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                  script=detect_script(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), genre_text))
def test_extraction_never_raises_and_spans_are_in_the_text(text):
    ex = extract(report(text))
    for m in [*ex.persons, *ex.orgs, *ex.places, *ex.works]:
        assert 0 <= m.span.start <= m.span.end <= len(text)
        assert 0 <= m.sentence.start <= m.sentence.end <= len(text)
    resolve(ex)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(genre_text)
def test_every_built_graph_conforms_and_round_trips(text):
    _, g = map_report(resolve(extract(report(text))))
    assert validate_graph(g) == []
    for fmt in ("turtle", "nt", "json-ld"):
        again = Graph().parse(data=g.serialize(format=fmt), format=fmt)
        assert isomorphic(g, again), fmt
