"""The command-line face of laocu-kg: each command parses options and calls one library function."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from laocu_kg.model import LaocuError
from laocu_kg.store import DEFAULT_STORE, open_store
from laocu_kg.vocab import DEFAULT_BASE

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode="rich",
                  help="Turn Chinese reports about 老促会 into a knowledge graph you can query, view and export.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
_state = {"debug": False}

LARGE_BUILD = 1000  # reports built at once: past this, the build suggests compacting the store
StoreOpt = Annotated[str, typer.Option("--store", "-s", help="Store: a folder path, or 'memory'.")]


def fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def guarded(fn):
    """Run a command body; a LaocuError becomes one line on stderr and exit code 1 (traceback with --debug)."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except LaocuError as e:
            if _state["debug"]:
                raise
            fail(str(e))
        except KeyboardInterrupt:
            fail("interrupted", 130)

    return wrapper


@app.callback()
def main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False) -> None:
    _state["debug"] = debug


@app.command()
@guarded
def build(
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders (.txt, .md).")],
    store: StoreOpt = DEFAULT_STORE,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write the graph (.ttl .nt .trig .nq .jsonld).")] = None,
    view_path: Annotated[Path | None, typer.Option("--view", help="Also write the HTML network view.")] = None,
    base: Annotated[str, typer.Option(help="Base IRI for the graph's resources.")] = DEFAULT_BASE,
    date: Annotated[str | None, typer.Option(help="Report date YYYY-MM-DD (when the reports don't say).")] = None,
    decisions: Annotated[Path | None, typer.Option(help="Identity decisions file (same / distinct persons).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per CPU; 1: no pool).")] = None,
    optimize: Annotated[bool, typer.Option("--optimize", help="Compact the store after the build (see `optimize`).")] = False,
) -> None:
    """Extract the reports into the store: one named graph per report; unchanged reports are skipped."""
    import contextlib

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    from laocu_kg.export import export, format_for, write_atomic
    from laocu_kg.identity import load_decisions
    from laocu_kg.pipeline import build as run_build

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:,.1f} reports/s" if task.speed else "", style="progress.data.speed")

    fmt = format_for(output) if output else None
    st = open_store(store)
    bar = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), RateColumn(), TextColumn("ETA"),
                   TimeRemainingColumn(), console=err, transient=True) if err.is_terminal else None
    task = bar.add_task("build", total=None) if bar else None

    def advance(done: int, total: int, _name: str) -> None:
        if bar is not None:
            bar.update(task, completed=done, total=total)

    with bar if bar is not None else contextlib.nullcontext():
        result = run_build(paths, st, base=base, date=date, progress=advance, jobs=jobs,
                           decisions=load_decisions(decisions) if decisions else None)
    for _path, reason in result.failed:
        err.print(f"[yellow]skipped:[/yellow] {reason}", highlight=False)
    out.print(f"{len(result.built)} built, {len(result.unchanged)} unchanged, {len(result.failed)} failed; "
              f"{result.triples} triples in {st.path or store}", highlight=False)
    if optimize and st.optimize():
        out.print(f"optimized {st.path}", highlight=False)
    elif not optimize and st.path and len(result.built) >= LARGE_BUILD:
        err.print(f"tip: `laocu-kg optimize --store {st.path}` compacts the store (queries and exports 2–3× faster)",
                  highlight=False)
    if output and fmt:
        write_atomic(output, export(st, fmt))
        out.print(f"wrote {output}", highlight=False)
    if view_path:
        from laocu_kg.export import union_graph
        from laocu_kg.views import view as render_view

        counts = render_view(union_graph(st), view_path)
        out.print(f"wrote {view_path} ({counts['nodes']} nodes, {counts['edges']} edges)", highlight=False)
    st.close()
    if result.failed:
        raise typer.Exit(2 if result.built or result.unchanged else 1)


@app.command()
@guarded
def optimize(store: StoreOpt = DEFAULT_STORE) -> None:
    """Compact the on-disk store: after a large build, queries and exports run 2–3× faster."""
    if store != "memory" and not store.startswith(("http://", "https://")) and not Path(store).exists():
        fail(f"{store}: no store here (run `laocu-kg build` first)")
    st = open_store(store)
    done = st.optimize()
    st.close()
    out.print(f"optimized {store}" if done else f"{store}: nothing to optimize (in memory, or a server's own "
              "storage)", highlight=False)


@app.command()
@guarded
def remove(
    reports: Annotated[list[str], typer.Argument(help="Report paths (as built), file names or report IRIs.")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Remove reports (their named graphs) from the store."""
    from laocu_kg.pipeline import remove as run_remove

    st = open_store(store)
    for what in reports:
        for iri in run_remove(st, what):
            out.print(f"removed {iri}", highlight=False)
    st.close()


@app.command()
@guarded
def entities(
    ambiguous_only: Annotated[bool, typer.Option("--ambiguous", help="Only names with more than one identity.")] = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """List persons with their identity keys (name@province), reports and organizations.

    With --ambiguous, only names held by more than one node: decide them in a decisions file
    ('same KEY KEY' or 'distinct KEY REPORT') and rebuild with --decisions FILE."""
    from laocu_kg import identity

    st = open_store(store, read_only=store != "memory")
    rows = identity.ambiguous(st) if ambiguous_only else identity.persons(st)
    table = Table("name", "identity key", "reports", "organizations")
    for r in rows:
        table.add_row(r.name, r.key, str(r.reports), r.organizations)
    out.print(table)
    out.print(f"{len(rows)} persons", style="dim")


@app.command()
@guarded
def query(
    sparql: Annotated[str | None, typer.Argument(help="A query name from `laocu-kg queries`, a .rq file, or SPARQL.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from this file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv, json, xml (SELECT); ttl, nt, jsonld (CONSTRUCT).")] = "table",
    param: Annotated[list[str], typer.Option("--param", "-p", help="Bind a variable: NAME=VALUE (repeatable).")] = [],  # noqa: B006
    limit: Annotated[int | None, typer.Option(help="Add LIMIT to a SELECT.")] = None,
    timeout: Annotated[float | None, typer.Option(help="Give up after this many seconds.")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Run a SPARQL query over all reports (their graphs' union)."""
    if timeout is not None:
        from laocu_kg.query import with_deadline

        return with_deadline(timeout, lambda: query(sparql, file, fmt, param, limit, None, store))
    from laocu_kg import query as Q

    if file is not None:
        if not file.is_file():
            raise LaocuError(f"{file}: no such query file")
        text = file.read_text(encoding="utf-8")
    elif sparql:
        text = Q.resolve_query(sparql)
    else:
        raise LaocuError("give a query (name, file or SPARQL text) or --file")
    params = {}
    for p in param:
        if "=" not in p:
            raise LaocuError(f"--param {p!r}: expected NAME=VALUE")
        k, v = p.split("=", 1)
        params[k.strip()] = v
    if fmt not in Q.ALL_FORMATS:
        raise LaocuError(f"unknown format {fmt!r} (use one of: {', '.join(Q.ALL_FORMATS)})")
    st = open_store(store, read_only=store != "memory")
    result = Q.run(st, text, params, limit)
    if fmt == "table":
        import pyoxigraph as ox

        if isinstance(result, ox.QueryTriples):
            sys.stdout.write(Q.serialize(result, "ttl"))
            return
        if isinstance(result, ox.QueryBoolean):
            out.print("true" if bool(result) else "false")
            return
        vars_, rows = Q.rows(result)
        table = Table(*vars_, show_lines=False)
        for row in rows:
            table.add_row(*row)
        out.print(table)
        out.print(f"{len(rows)} rows", style="dim")
        return
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        sys.stdout.write(json.dumps({"head": {}, "boolean": bool(result)}) + "\n")
        return
    sys.stdout.write(Q.serialize(result, fmt))


@app.command()
@guarded
def queries() -> None:
    """List the example queries with what each answers and its parameters."""
    from laocu_kg.query import library

    table = Table("name", "answers", "parameters")
    for q in library().values():
        table.add_row(q.name, q.description, ", ".join(q.params))
    out.print(table)


@app.command()
@guarded
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, nt, trig, nq or jsonld.")] = "ttl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Export the whole graph, sorted, so the same store always gives the same bytes."""
    from laocu_kg.export import FORMATS, write_atomic
    from laocu_kg.export import export as run_export

    if fmt not in FORMATS:
        raise LaocuError(f"unknown export format {fmt!r} (use one of: {', '.join(FORMATS)})")
    st = open_store(store, read_only=store != "memory")
    text = run_export(st, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
        err.print(f"wrote {output}", highlight=False)


@app.command()
@guarded
def view(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("graph.html"),
    focus: Annotated[str | None, typer.Option(help="Show only the network around this name.")] = None,
    depth: Annotated[int, typer.Option(help="Hops around --focus.")] = 2,
    max_nodes: Annotated[int, typer.Option(help="Above this, keep the best-connected nodes.")] = 2000,
    query: Annotated[str | None, typer.Option("--query", "-q", help="View the graph of this CONSTRUCT query (.rq file or name).")] = None,
    types: Annotated[str | None, typer.Option(help="Only these node types: person,organization,place,event,work.")] = None,
    since: Annotated[str | None, typer.Option(help="Only events on or after YYYY-MM-DD (and what they connect).")] = None,
    until: Annotated[str | None, typer.Option(help="Only events on or before YYYY-MM-DD (and what they connect).")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Write an interactive network view (offline HTML: no script or style is fetched from the internet).

    Cuts apply in order: --query (instead of the whole graph), --since/--until, --types, --focus/--depth,
    then --max-nodes (the best-connected nodes, with a notice in the page)."""
    from laocu_kg.views import view as render_view

    st = open_store(store, read_only=store != "memory")
    if query is not None:
        from laocu_kg.query import resolve_query
        from laocu_kg.views import from_construct

        g = from_construct(st, resolve_query(query))
    else:
        from laocu_kg.export import union_graph

        g = union_graph(st)
    counts = render_view(g, output, focus=focus, depth=depth, max_nodes=max_nodes, types=types, since=since, until=until)
    out.print(f"wrote {output} ({counts['nodes']} nodes, {counts['edges']} edges)", highlight=False)


@app.command()
@guarded
def validate(store: StoreOpt = DEFAULT_STORE) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl; exit 1 on violations."""
    from laocu_kg.validate import validate_store

    st = open_store(store, read_only=store != "memory")
    violations = validate_store(st)
    if not violations:
        out.print(f"conforms: {len(st)} triples, no SHACL violations")
        return
    table = Table("focus node", "path", "message")
    for v in violations[:200]:
        table.add_row(v.focus, v.path, v.message)
    out.print(table)
    fail(f"{len(violations)} SHACL violations")


@app.command()
@guarded
def stats(
    top: Annotated[int, typer.Option(help="How many of the most connected to list.")] = 5,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Counts by class, and the most connected persons and organizations."""
    from laocu_kg.stats import compute

    s = compute(open_store(store, read_only=store != "memory"), top)
    table = Table("class", "count")
    for k, v in s.counts.items():
        table.add_row(k, str(v))
    table.add_row("triples", str(s.triples))
    out.print(table)
    for title, rows in (("most connected persons", s.top_persons), ("most connected organizations", s.top_orgs)):
        t = Table(title, "links")
        for name, d in rows:
            t.add_row(name, str(d))
        out.print(t)


@app.command("eval")
@guarded
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold .json files or folders of them.")],
    reports: Annotated[Path | None, typer.Option(help="Folder with the reports (default: ../reports beside the gold folder).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    details: Annotated[bool, typer.Option("--details", help="List false positives and negatives.")] = False,
    min_f1: Annotated[float | None, typer.Option(help="Exit 1 if any kind's micro F1 is below this.")] = None,
) -> None:
    """Score the extractor against gold annotations: precision, recall, F1 per kind and report."""
    from laocu_kg.evaluate import KINDS, evaluate

    res = evaluate(gold, reports)
    micro = res.micro()
    if as_json:
        sys.stdout.write(json.dumps(res.as_dict(details), ensure_ascii=False, indent=1) + "\n")
    else:
        for d in res.docs:
            t = Table(d.doc, "P", "R", "F1", "tp", "fp", "fn")
            for k in KINDS:
                s = d.kinds[k]
                t.add_row(k, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn))
            out.print(t)
            if details:
                for k in KINDS:
                    s = d.kinds[k]
                    for item in s.fp_items:
                        out.print(f"  [red]FP[/red] {k}: {item}", highlight=False)
                    for item in s.fn_items:
                        out.print(f"  [yellow]FN[/yellow] {k}: {item}", highlight=False)
        t = Table(f"micro-average over {len(res.docs)} reports", "P", "R", "F1", "tp", "fp", "fn")
        for k in KINDS:
            s = micro[k]
            t.add_row(k, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn))
        out.print(t)
        acc = res.event_accuracy()
        out.print("events: date accuracy " + (f"{acc['date_accuracy']:.3f}" if acc["date_accuracy"] is not None
                                             else "n/a") + ", place accuracy " +
                  (f"{acc['place_accuracy']:.3f}" if acc["place_accuracy"] is not None else "n/a"))
        (mf, mn), (md, mdn) = acc["main_found_count"], acc["main_date_count"]
        out.print(f"main events (each gold file's first): found {mf}/{mn}, exact start date {md}/{mdn} "
                  "(where the gold has a full date)")
    if min_f1 is not None:
        low = [k for k in KINDS if micro[k].f1 < min_f1]
        if low:
            fail(f"micro F1 below {min_f1} for: " + ", ".join(f"{k} ({micro[k].f1:.3f})" for k in low))


@app.command()
@guarded
def serve(
    store: StoreOpt = DEFAULT_STORE,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL updates (opens the store read-write).")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is answered with 503.")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="Cut SELECT results (and CONSTRUCT triples) to this many.")] = 10_000,
) -> None:
    """Serve a SPARQL 1.1 endpoint at /sparql and a query page at / (read-only unless --allow-update)."""
    from laocu_kg.serve import serve as run_serve

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/yellow] listening on {host}: reachable from other machines"
                  + (", and updates are allowed" if allow_update else ""), highlight=False)
    st = open_store(store, read_only=not allow_update and store != "memory")
    err.print(f"SPARQL endpoint: http://{host if ':' not in host else f'[{host}]'}:{port}/sparql "
              f"({'read-write' if allow_update else 'read-only'}; query page at /)", highlight=False, markup=False)
    run_serve(st, host=host, port=port, allow_update=allow_update, timeout=timeout, max_rows=max_rows)
