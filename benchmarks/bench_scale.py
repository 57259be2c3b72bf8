"""Scale benchmark: extraction speed, corpus builds, store loading, queries, Turtle export, peak memory.

    python benchmarks/bench_scale.py [--sizes 1000,10000] [--jobs 2] [--runs 20] [--work DIR]

Prints one table. The reports are synthetic (benchmarks/synth.py: for scale only, never for quality claims).
Rows:
- extraction chars/s (extract+resolve) next to bare ``jieba.lcut`` on the same text (examples/ and 200
  synthetic reports), as in bench_extract.py;
- ``laocu-kg build DIR --jobs N`` into a fresh on-disk store, one per size (a separate process, timed whole),
  then ``laocu-kg optimize`` on it (timed apart; --no-optimize to query the stores as built);
- store load: the largest store's N-Quads bulk-loaded into a fresh on-disk store (named graphs + union);
- p50/p95 of each example query (examples/queries, parameters bound) on the largest store, all rows read (and,
  for a query of more than 100 rows, also the p50 of its first page, LIMIT 100); and, on the same
  data for both, Oxigraph next to rdflib's Memory store holding the union graph of a smaller build
  (--compare-size, default the smallest; rdflib at a million triples takes minutes per query), queried with
  the same text in a child process (a query running past --rdflib-timeout is reported as such; rdflib gets
  --rdflib-runs runs, not --runs);
- Turtle export of the largest store (its union graph);
- peak RSS: the build processes (largest of main and workers), and this process (which holds the exports).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PARAMS = {"org": "山西省老区建设促进会", "title": "会长"}


def rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def current_rss_mb() -> float:
    """This process's resident memory now (ru_maxrss of a forked child starts at its parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return rss_mb(resource.RUSAGE_SELF)


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def extraction_row(work: Path) -> tuple[int, float, float]:
    from bench_extract import measure
    from synth import generate

    from laocu_kg.reports import load_report

    paths = sorted(ROOT.glob("examples/**/reports/*.txt")) + generate(work / "extract", 200)
    return measure([load_report(p) for p in paths], repeat=3)


def build_row(reports: Path, db: Path, jobs: int) -> tuple[float, str]:
    shutil.rmtree(db, ignore_errors=True)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "laocu_kg", "build", str(reports), "--store", str(db), "--jobs", str(jobs)],
                       capture_output=True, text=True, cwd=reports.parent)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"build failed: {r.stderr or r.stdout}")
    return elapsed, r.stdout.strip().splitlines()[0]


def optimize_row(db: Path) -> float:
    """``laocu-kg optimize`` (compaction) of a built store, in a separate process, timed whole."""
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "laocu_kg", "optimize", "--store", str(db)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"optimize failed: {r.stderr or r.stdout}")
    return time.perf_counter() - t0


def queries(store, person: str) -> list[tuple[str, str]]:
    from laocu_kg.query import library, with_params

    out = []
    for name, q in library().items():
        params = {p: person if p == "person" else PARAMS.get(p, PARAMS["org"]) for p in q.params}
        out.append((name, with_params(q.text, params)))
    return out


def time_queries(store, texts: list[tuple[str, str]], runs: int) -> dict[str, tuple[float, float, int]]:
    out = {}
    for name, text in texts:
        n = len(list(store.query(text)))  # warm-up
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            list(store.query(text))
            times.append(time.perf_counter() - t0)
        times.sort()
        out[name] = (statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))], n)
    return out


def time_first_pages(store, texts: list[tuple[str, str]], runs: int) -> dict[str, float]:
    """p50 of the first page (LIMIT 100, as the endpoint's query page shows) of each query."""
    out = {}
    for name, text in texts:
        paged = text.rstrip() + "\nLIMIT 100"
        list(store.query(paged))  # warm-up
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            list(store.query(paged))
            times.append(time.perf_counter() - t0)
        out[name] = statistics.median(times)
    return out


def rdflib_child(nt_path: str, texts_path: str, runs: int, timeout: int) -> None:
    """In a child process: rdflib's Memory store with the union graph, the same queries."""
    import signal

    from rdflib import Graph

    from laocu_kg.vocab import PREFIXES

    t0 = time.perf_counter()
    g = Graph(store="Memory")
    g.parse(nt_path, format="nt")
    load = time.perf_counter() - t0
    texts = json.loads(Path(texts_path).read_text(encoding="utf-8"))

    class Timeout(Exception):
        pass

    def alarm(*_):
        raise Timeout

    signal.signal(signal.SIGALRM, alarm)
    results = {}
    for name, text in texts:
        times, n = [], None
        try:
            for _ in range(runs):
                signal.alarm(timeout)
                t = time.perf_counter()
                rows = list(g.query(text, initNs=PREFIXES))
                times.append(time.perf_counter() - t)
                signal.alarm(0)
                n = len(rows)
        except Timeout:
            results[name] = {"timeout": timeout, "runs": times}
            continue
        except Exception as e:  # noqa: BLE001 - e.g. GRAPH on a plain Graph: reported, not fatal
            signal.alarm(0)
            results[name] = {"error": f"{type(e).__name__}: {str(e)[:60]}"}
            continue
        times.sort()
        results[name] = {"p50": statistics.median(times), "p95": times[-1], "rows": n}
    print(json.dumps({"triples": len(g), "load_s": load, "rss_mb": current_rss_mb(),
                      "queries": results}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="report counts to build, comma-separated")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=20, help="timed runs per query on Oxigraph")
    ap.add_argument("--rdflib-runs", type=int, default=1, help="timed runs per query on rdflib")
    ap.add_argument("--rdflib-timeout", type=int, default=60, help="seconds before an rdflib query is given up")
    ap.add_argument("--no-rdflib", action="store_true", help="skip the rdflib comparison")
    ap.add_argument("--compare-size", type=int, default=None,
                    help="the build (report count) whose union both Oxigraph and rdflib query (default: the smallest)")
    ap.add_argument("--no-optimize", action="store_true", help="query and export the stores as built, not compacted")
    ap.add_argument("--work", type=Path, default=None, help="folder for reports and stores (default: a temp dir)")
    ap.add_argument("--rdflib-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rdflib_child:
        return rdflib_child(*args.rdflib_child, args.rdflib_runs, args.rdflib_timeout)

    from synth import generate

    from laocu_kg.export import export, sorted_ntriple_lines
    from laocu_kg.store import OxigraphStore

    work = args.work or Path(tempfile.mkdtemp(prefix="laocu-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str]] = []

    def row(what: str, value: str, note: str = "") -> None:
        rows.append((what, value, note))
        print(f"  {what}: {value} {note}", file=sys.stderr, flush=True)

    chars, t_ext, t_jieba = extraction_row(work)
    row("extraction (extract+resolve)", f"{chars / t_ext:,.0f} chars/s", f"{chars:,} chars, median of 3")
    row("jieba.lcut, same text", f"{chars / t_jieba:,.0f} chars/s", f"{t_jieba / t_ext:.2f}× jieba's speed")

    sizes = [int(s) for s in args.sizes.split(",")]
    largest = None
    for n in sizes:
        folder = work / f"reports-{n}"
        paths = generate(folder, n)
        nchars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        db = work / f"db-{n}"
        elapsed, summary = build_row(folder, db, args.jobs)
        triples = summary.split(";")[1].split()[0]
        row(f"build {n:,} reports, --jobs {args.jobs}", f"{elapsed:.1f} s",
            f"{nchars:,} chars, {triples} triples in report graphs, {n / elapsed:,.0f} reports/s")
        largest = db
        if args.no_optimize:
            continue
        t_opt = optimize_row(db)
        row(f"optimize the {n:,}-report store", f"{t_opt:.1f} s",
            "compaction (`laocu-kg optimize`, or `build --optimize`); the queries and export below run after it")

    build_rss = rss_mb(resource.RUSAGE_CHILDREN)  # before the rdflib child joins the children
    st = OxigraphStore(largest, read_only=True)
    nq = st.dump_nquads()
    quads = nq.count(b"\n")
    fresh = work / "db-load"
    shutil.rmtree(fresh, ignore_errors=True)
    loader = OxigraphStore(fresh)
    t0 = time.perf_counter()
    step = 64 * 1024 * 1024
    i = 0
    while i < len(nq):
        j = nq.rfind(b"\n", i, i + step) + 1 if i + step < len(nq) else len(nq)
        loader.load_nquads(nq[i:j])
        i = j
    loader.flush()
    t_load = time.perf_counter() - t0
    row("store load (bulk, on disk)", f"{quads / t_load:,.0f} triples/s",
        f"{quads:,} quads in {t_load:.1f} s, plus the union default graph")
    loader.close()
    del nq

    person = next(iter(st.query(
        'SELECT ?n WHERE { ?m org:organization/rdfs:label "山西省老区建设促进会"@zh ; org:role/rdfs:label "会长"@zh ;'
        ' org:member/rdfs:label ?n } ORDER BY ?n LIMIT 1')))["n"].value
    texts = queries(st, person)
    union = st.dump_ntriples().count(b"\n")
    ox_times = time_queries(st, texts, args.runs)
    first_pages = time_first_pages(st, texts, args.runs)

    # the rdflib comparison, on the same data for both: the union graph of the --compare-size build
    rdf = small_times = None
    small_n = args.compare_size or sizes[0]
    if not args.no_rdflib:
        small = OxigraphStore(work / f"db-{small_n}", read_only=True)
        lines = sorted_ntriple_lines(small)
        small_union = len(lines)
        nt_path = work / f"union-{small_n}.nt"
        nt_path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        del lines
        small_times = time_queries(small, texts, args.runs)
        texts_path = work / "queries.json"
        texts_path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        r = subprocess.run([sys.executable, __file__, "--rdflib-child", str(nt_path), str(texts_path),
                            "--rdflib-runs", str(args.rdflib_runs), "--rdflib-timeout", str(args.rdflib_timeout)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"rdflib child failed: {r.stderr[-2000:]}")
        rdf = json.loads(r.stdout.strip().splitlines()[-1])
        row(f"rdflib Memory: parse the union of {small_n:,} reports", f"{rdf['load_s']:.1f} s",
            f"{rdf['triples']:,} triples, child RSS after the queries {rdf['rss_mb']:,.0f} MB")
    for name, (p50, p95, n) in ox_times.items():
        note = f"{n} rows" + (f" (first 100 rows: p50 {fmt_s(first_pages[name])})" if n > 100 else "")
        if rdf is not None:
            q, (sp50, _, sn) = rdf["queries"][name], small_times[name]
            note += f"; at {small_union:,} triples: Oxigraph p50 {fmt_s(sp50)} ({sn} rows), "
            if "timeout" in q:
                note += f"rdflib > {q['timeout']} s (gave up)"
            elif "error" in q:
                note += f"rdflib failed ({q['error']})"
            else:
                note += f"rdflib p50 {fmt_s(q['p50'])} ({q['rows']} rows), {q['p50'] / max(sp50, 1e-6):,.0f}×"
        row(f"query {name}", f"p50 {fmt_s(p50)}, p95 {fmt_s(p95)} at {union:,} triples", note)

    t0 = time.perf_counter()
    ttl = export(st, "ttl")
    t_ttl = time.perf_counter() - t0
    row("Turtle export", f"{t_ttl:.2f} s", f"{union:,} triples, {len(ttl.encode()) / 1e6:,.0f} MB")
    del ttl
    row("peak RSS, build", f"{build_rss:,.0f} MB", "largest of the CLI process and its workers")
    row("peak RSS, this process", f"{rss_mb(resource.RUSAGE_SELF):,.0f} MB", "holds the N-Quads dump and the exports")

    print(f"\n{os.cpu_count()} CPUs; work folder {work}\n")
    print("| measure | value | notes |\n|---|---|---|")
    for what, value, note in rows:
        print(f"| {what} | {value} | {note} |")


if __name__ == "__main__":
    sys.exit(main())
