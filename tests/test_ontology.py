"""The ontology defines every term the code uses, in both languages; the shapes parse and bite."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from laocu_kg.validate import shapes_graph, validate_graph
from laocu_kg.vocab import LK, LK_IRI

ROOT = Path(__file__).resolve().parent.parent


def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "laocu.ttl", format="turtle")


def test_every_term_in_vocab_is_defined_with_labels_and_comment():
    g = ontology()
    defined = {str(s) for s in g.subjects(RDFS.label, None) if str(s).startswith(LK_IRI)}
    used = {LK_IRI + name for name in LK.__annotations__}
    assert used == defined
    for iri in used:
        langs = {o.language for o in g.objects(URIRef(iri), RDFS.label) if isinstance(o, Literal)}
        assert {"en", "zh"} <= langs, iri
        assert (URIRef(iri), RDFS.comment, None) in g, iri


def test_ontology_header_has_a_version():
    g = ontology()
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    assert g.value(onto, OWL.versionInfo) is not None


def test_shapes_reject_a_membership_without_role():
    data = Graph()
    from rdflib.namespace import ORG

    m = URIRef("https://example.org/m")
    data.add((m, RDF.type, ORG.Membership))
    assert len(shapes_graph()) > 100
    violations = validate_graph(data)
    assert any("role" in v.path for v in violations)
