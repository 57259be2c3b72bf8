"""The one place the stages meet: reports → extract → resolve → map → store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from laocu_kg.extract import extract
from laocu_kg.identity import Decisions
from laocu_kg.mapping import map_report
from laocu_kg.model import LaocuError, Report
from laocu_kg.reports import iter_report_paths, load_report
from laocu_kg.resolve import Resolved, resolve
from laocu_kg.store import OxigraphStore
from laocu_kg.vocab import DEFAULT_BASE


def remove(store: OxigraphStore, what: str) -> list[str]:
    """Remove reports from the store by source path (as built), file name, or report IRI; returns the IRIs."""
    from laocu_kg.reports import source_key

    sources = store.sources()
    targets = set()
    for path, iri in sources.items():
        if what in (path, iri, Path(path).name) or source_key(what) == path:
            targets.add(iri)
    if what in store.graphs():
        targets.add(what)
    if not targets:
        raise LaocuError(f"{what}: no such report in the store")
    for iri in sorted(targets):
        store.remove_graph(iri)
    store.flush()
    return sorted(targets)


@dataclass
class BuildResult:
    built: list[str] = field(default_factory=list)  # report ids added or replaced
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    triples: int = 0


def process(report: Report, base: str = DEFAULT_BASE, decisions: Decisions | None = None
            ) -> tuple[Resolved, URIRef, Graph]:
    """Extract, resolve and map one report."""
    resolved = resolve(extract(report))
    iri, graph = map_report(resolved, base, decisions)
    return resolved, iri, graph


def build(
    paths: Iterable[str | Path],
    store: OxigraphStore,
    base: str = DEFAULT_BASE,
    date: str | None = None,
    progress: Callable[[str], None] | None = None,
    decisions: Decisions | None = None,
) -> BuildResult:
    """Build the graph of every report under ``paths`` into ``store`` (one named graph per report).

    A report whose content is already in the store is skipped; bad files are listed, not fatal.
    """
    result = BuildResult()
    existing = store.graphs()
    sources = store.sources()
    files = list(iter_report_paths(paths))
    if not files:
        raise LaocuError("no report files (.txt, .md) found in " + ", ".join(map(str, paths)))
    for path in files:
        try:
            report = load_report(path, date=date)
        except LaocuError as e:
            result.failed.append((str(path), str(e)))
            continue
        resolved, iri, graph = process(report, base, decisions)
        if existing.get(str(iri)) == "sha256:" + report.sha256 and date is None and decisions is None:
            result.unchanged.append(report.id)
        else:
            old = sources.get(report.path)
            if old is not None and old != str(iri):  # the file changed: its old graph goes
                store.remove_graph(old)
            store.replace_graph(iri, graph)
            result.built.append(report.id)
        if progress:
            progress(report.id)
    store.flush()
    result.triples = len(store)
    return result
