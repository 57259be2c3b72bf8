"""SHACL validation of the graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from rdflib import Graph
from rdflib.namespace import SH

from laocu_kg.export import union_graph
from laocu_kg.store import OxigraphStore


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str


def shapes_graph() -> Graph:
    g = Graph()
    g.parse(data=resources.files("laocu_kg").joinpath("ontology").joinpath("shapes.ttl").read_text("utf-8"),
            format="turtle")
    return g


def validate_graph(data: Graph) -> list[Violation]:
    """SHACL violations of ``data`` (an empty list when it conforms)."""
    from pyshacl import validate

    conforms, report, _ = validate(data, shacl_graph=shapes_graph(), inference="none", advanced=True)
    if conforms:
        return []
    out = []
    for r in report.subjects(SH.resultSeverity, None):
        out.append(Violation(
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath) or ""),
            str(report.value(r, SH.resultMessage) or ""),
            str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


def validate_store(store: OxigraphStore) -> list[Violation]:
    return validate_graph(union_graph(store))
