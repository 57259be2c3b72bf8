"""The one place the stages meet: reports → extract → resolve → map → store.

A corpus build runs the per-report work (load, extract, resolve, map, serialise as N-Quads) in a process
pool and applies the results to the store in the files' order, loading them in bulk batches from a writer
thread, so a parallel build gives the same store as a sequential one.
"""

from __future__ import annotations

import gc
import os
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from laocu_kg.extract import extract
from laocu_kg.identity import Decisions
from laocu_kg.mapping import IRIs, map_report
from laocu_kg.model import LaocuError, Report
from laocu_kg.reports import iter_report_paths, load_report
from laocu_kg.resolve import Resolved, resolve
from laocu_kg.store import OxigraphStore
from laocu_kg.vocab import DEFAULT_BASE

BATCH_BYTES = 32 * 1024 * 1024  # N-Quads per bulk load
Progress = Callable[[int, int, str], None]  # (files done, files in all, report id or path)


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


_N3: dict = {}  # rdflib term → its N-Triples text, kept across the reports a process maps


def nquads(graph_iri: str, triples: Iterable) -> bytes:
    """rdflib triples as N-Quads lines in the named graph ``graph_iri`` (the store re-parses them)."""
    g = f"<{graph_iri}>"
    memo = _N3  # reports repeat their terms (predicates, classes, IRIs), and the corpus repeats them again
    if len(memo) > 1 << 18:
        memo.clear()

    def n3(term) -> str:
        text = memo.get(term)
        if text is None:
            text = memo[term] = term.n3()
        return text

    return "".join(f"{n3(s)} {n3(p)} {n3(o)} {g} .\n" for s, p, o in triples).encode("utf-8")


class TripleSet(set):
    """What a worker maps a report into instead of an rdflib Graph: the triples, nothing else.

    ``map_report`` only ever calls ``add`` on its graph; rdflib's Graph.add (events, three indexes) costs more
    than the rest of mapping. The workers (our own single-threaded processes) swap it in for ``Graph`` in
    laocu_kg.mapping; a set keeps the same triples (same terms, same equality), and the tests compare a
    parallel build with an inline one byte for byte.
    """

    __slots__ = ()


# -- the per-report work (in a worker process, or inline) ---------------------------------------

@dataclass(frozen=True)
class _Settings:
    base: str
    date: str | None
    decisions: Decisions | None
    existing: dict[str, str]  # graph IRI → content hash, as in the store before the build


@dataclass
class _Done:
    file: str
    error: str | None = None
    report_id: str = ""
    source: str = ""  # the report's path as recorded (lk:sourcePath)
    iri: str = ""
    data: bytes | None = None  # its graph as N-Quads; None when the store already holds it


_settings: _Settings | None = None


def _init(settings: _Settings) -> None:
    global _settings
    from laocu_kg import mapping

    _settings = settings
    mapping.Graph = TripleSet  # this process only maps reports for the build (see TripleSet)
    # a worker's garbage is nearly all acyclic (freed by reference counts): collect cycles less often
    gc.set_threshold(50_000, 20, 100)


def _work_one(path: Path, s: _Settings) -> _Done:
    try:
        report = load_report(path, date=s.date)
    except LaocuError as e:
        return _Done(str(path), error=str(e))
    iri = str(IRIs(s.base).report(report.sha256))
    done = _Done(str(path), report_id=report.id, source=report.path, iri=iri)
    if s.existing.get(iri) == "sha256:" + report.sha256 and s.date is None and s.decisions is None:
        return done
    _, graph_iri, graph = process(report, s.base, s.decisions)
    done.iri = str(graph_iri)
    done.data = nquads(done.iri, graph)
    return done


def _work(paths: list[Path]) -> list[_Done]:
    assert _settings is not None
    return [_work_one(p, _settings) for p in paths]


def warm_up() -> None:
    """Load the lexicons and jieba's dictionary (forked workers inherit them instead of each loading them)."""
    text = "山西省老促会召开座谈会\n2024年5月6日,山西省老促会在太原市召开座谈会,省老促会会长甘立新出席。\n"
    map_report(resolve(extract(Report(id="warm-up", text=text, sha256="0" * 64))))


def _chunks(files: list[Path], jobs: int) -> list[list[Path]]:
    size = max(1, min(16, len(files) // (jobs * 8)))
    return [files[i : i + size] for i in range(0, len(files), size)]


def _results(files: list[Path], settings: _Settings, jobs: int) -> Iterator[_Done]:
    """Each file's result, in the files' order; ``jobs`` > 1 runs them in a process pool."""
    if jobs <= 1 or len(files) <= 1:
        for p in files:
            yield _work_one(p, settings)
        return
    import multiprocessing as mp

    # fork (Linux) hands the workers the warm lexicons; elsewhere each worker loads its own
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    warm_up()
    gc.collect()
    gc.freeze()  # the forked workers share these pages instead of copying them when the collector runs
    window: deque[Future] = deque()
    chunks = iter(_chunks(files, jobs))
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init,
                                 initargs=(settings,)) as pool:
            for chunk in chunks:  # keep a few chunks queued per worker: results don't pile up in memory
                window.append(pool.submit(_work, chunk))
                if len(window) >= 4 * jobs:
                    break
            while window:
                done = window.popleft().result()
                nxt = next(chunks, None)
                if nxt is not None:
                    window.append(pool.submit(_work, nxt))
                yield from done
    finally:
        for f in window:
            f.cancel()
        gc.unfreeze()


# -- applying results to the store ---------------------------------------------------------------

class _Writer:
    """Applies removals and loads to the store in order, from one background thread.

    Graphs to add are gathered into batches of N-Quads and bulk-loaded; a graph replaced again before its
    batch is written (two files with the same content) is dropped from the batch, so the last one wins,
    as in a sequential build.
    """

    def __init__(self, store: OxigraphStore, present: set[str]):
        self.store = store
        self.present = set(present)  # graphs in the store (or queued to be written)
        self.pending: dict[str, bytes] = {}
        self.size = 0
        self.ops: queue.Queue = queue.Queue(maxsize=4)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="laocu-kg-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            op = self.ops.get()
            if op is None:
                return
            if self.error is not None:
                continue
            try:
                kind, arg = op
                if kind == "remove":
                    self.store.remove_graph(arg)
                else:
                    self.store.load_nquads(arg)
            except BaseException as e:  # re-raised in the building thread
                self.error = e

    def _put(self, op) -> None:
        if self.error is not None:
            raise self.error
        self.ops.put(op)

    def remove(self, iri: str) -> None:
        if iri in self.pending:
            self.size -= len(self.pending.pop(iri))
        if iri in self.present:
            self.flush()
            self._put(("remove", iri))
            self.present.discard(iri)

    def add(self, iri: str, data: bytes) -> None:
        self.remove(iri)
        self.pending[iri] = data
        self.size += len(data)
        if self.size >= BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.present.update(self.pending)
            self._put(("load", b"".join(self.pending.values())))
            self.pending, self.size = {}, 0

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.ops.put(None)
            self.thread.join()
        if self.error is not None:
            raise self.error


def build(
    paths: Iterable[str | Path],
    store: OxigraphStore,
    base: str = DEFAULT_BASE,
    date: str | None = None,
    progress: Progress | None = None,
    decisions: Decisions | None = None,
    jobs: int | None = None,
) -> BuildResult:
    """Build the graph of every report under ``paths`` into ``store`` (one named graph per report).

    A report whose content is already in the store is skipped; a changed file's old graph is removed; bad
    files are listed, not fatal. ``jobs`` worker processes (default: one per CPU; 1 runs inline) do the
    per-report work; the result does not depend on ``jobs``.
    """
    result = BuildResult()
    existing = store.graphs()
    sources = store.sources()
    files = list(iter_report_paths(paths))
    if not files:
        raise LaocuError("no report files (.txt, .md) found in " + ", ".join(map(str, paths)))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    settings = _Settings(base, date, decisions, existing)
    writer = _Writer(store, set(existing))
    try:
        for n, done in enumerate(_results(files, settings, jobs), 1):
            if done.error is not None:
                result.failed.append((done.file, done.error))
            elif done.data is None:
                result.unchanged.append(done.report_id)
            else:
                old = sources.get(done.source)
                if old is not None and old != done.iri:  # the file changed: its old graph goes
                    writer.remove(old)
                writer.add(done.iri, done.data)
                result.built.append(done.report_id)
            if progress:
                progress(n, len(files), done.report_id or done.file)
    finally:
        writer.close()
    store.flush()
    result.triples = len(store)
    return result
