"""Evaluation against gold files (the format of shared/gold/seed.json): precision, recall, F1 per kind.

Rules (from the gold format's README):
- optional gold items are neither rewarded nor penalised (a system item matching one is ignored);
- an organization or place matches when any of its gold name/aliases equals the system label or an
  alternative label; a post matches on person, title and such an organization;
- every system item that matches no gold item is a false positive;
- an event is found when a system event's label contains the gold ``key``; its date counts when the
  gold start is a full date equal to the system's start; its place when the system location matches;
- an award matches on its recipient (person name or organization aliases) and a title that contains,
  or is contained in, the gold title.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from laocu_kg.extract import extract
from laocu_kg.model import LaocuError
from laocu_kg.reports import load_report
from laocu_kg.resolve import Resolved, resolve

KINDS = ("persons", "posts", "organizations", "places", "events", "works", "awards")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_items: list[str] = field(default_factory=list)
    fn_items: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.fp_items += other.fp_items
        self.fn_items += other.fn_items

    def as_dict(self, details: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                             "recall": round(self.recall, 4), "f1": round(self.f1, 4)}
        if details:
            d["false_positives"] = self.fp_items
            d["false_negatives"] = self.fn_items
        return d


@dataclass
class DocScore:
    doc: str
    kinds: dict[str, Score]
    event_dates: tuple[int, int] = (0, 0)  # (correct, scorable)
    event_places: tuple[int, int] = (0, 0)
    main_event: tuple[int, int, int, int] = (0, 0, 0, 0)  # (found, gold main events, exact dates, scorable)


def _match(system: list[tuple[str, set[str]]], gold: list[dict], names: Callable[[dict], set[str]],
           same: Callable[[set[str], dict], bool] | None = None) -> Score:
    """One-to-one matching of system items (label, names) to gold items; optional gold items are neutral."""
    same = same or (lambda s, g: bool(s & names(g)))
    used: set[int] = set()
    sc = Score()
    for label, sys_names in system:
        hit = next((i for i, g in enumerate(gold) if i not in used and same(sys_names, g)), None)
        if hit is None:
            sc.fp += 1
            sc.fp_items.append(label)
            continue
        used.add(hit)
        if not gold[hit].get("optional"):
            sc.tp += 1
    for i, g in enumerate(gold):
        if i not in used and not g.get("optional"):
            sc.fn += 1
            sc.fn_items.append(_describe(g))
    return sc


def _describe(g: dict) -> str:
    if "posts" in g:
        return g["name"]
    if "person" in g:
        return f"{g['person']}: {g['title']} @ {g['org']}"
    if "recipient" in g:
        return f"{g['title']} → {g['recipient']}"
    return g.get("name") or g.get("key") or json.dumps(g, ensure_ascii=False)


def _aliases(g: dict) -> set[str]:
    return {g["name"], *g.get("aliases", [])}


def score_report(res: Resolved, gold: dict) -> DocScore:
    """Score one resolved report against its gold annotations."""
    kinds: dict[str, Score] = {}
    gold_orgs = {o["name"]: _aliases(o) for o in gold.get("organizations", [])}
    gold_places = {p["name"]: _aliases(p) for p in gold.get("places", [])}
    org_names = {o.name: {o.name, *o.aliases} for o in res.orgs.values()}

    kinds["persons"] = _match([(p.name, {p.name}) for p in res.persons.values()], gold.get("persons", []),
                              lambda g: {g["name"]})
    gold_posts = [
        {"person": p["name"], "title": x["title"], "org": x["org"], "optional": p.get("optional", False)}
        for p in gold.get("persons", [])
        for x in p.get("posts", [])
    ]
    matched = Score()
    used: set[int] = set()
    for person, title, org in [(p.name, x.title, x.org) for p in res.persons.values() for x in p.posts]:
        label = f"{person}: {title} @ {org}"
        names = org_names.get(org, {org})
        hit = next((i for i, g in enumerate(gold_posts) if i not in used and g["person"] == person
                    and g["title"] == title and names & gold_orgs.get(g["org"], {g["org"]})), None)
        if hit is None:
            matched.fp += 1
            matched.fp_items.append(label)
            continue
        used.add(hit)
        if not gold_posts[hit]["optional"]:
            matched.tp += 1
    for i, g in enumerate(gold_posts):
        if i not in used and not g["optional"]:
            matched.fn += 1
            matched.fn_items.append(_describe(g))
    kinds["posts"] = matched

    kinds["organizations"] = _match([(o.name, {o.name, *o.aliases}) for o in res.orgs.values()],
                                    gold.get("organizations", []), _aliases)
    kinds["places"] = _match([(p.name, {p.name, *p.aliases}) for p in res.places.values() if p.mentioned],
                             gold.get("places", []), _aliases)

    # events
    ev = Score()
    dates = [0, 0]
    places = [0, 0]
    used = set()
    gold_events = gold.get("events", [])
    for e in res.events:
        hit = next((i for i, g in enumerate(gold_events) if i not in used and g["key"] in e.name), None)
        if hit is None:
            ev.fp += 1
            ev.fp_items.append(e.name)
            continue
        used.add(hit)
        g = gold_events[hit]
        if g.get("optional"):
            continue
        ev.tp += 1
        if g.get("start") and len(g["start"]) == 10 and not g["start"].startswith("--"):
            dates[1] += 1
            dates[0] += e.start == g["start"]
        if g.get("place"):
            places[1] += 1
            sys_place = {e.place.name} | (res.places[e.place.name].aliases if e.place and e.place.name in
                                          res.places else set()) if e.place else set()
            places[0] += bool(sys_place & gold_places.get(g["place"], {g["place"]}))
    for i, g in enumerate(gold_events):
        if i not in used and not g.get("optional"):
            ev.fn += 1
            ev.fn_items.append(g["key"])
    kinds["events"] = ev
    # the main event: the gold's first non-optional event (the report's own, listed first by convention)
    main = next((g for g in gold_events if not g.get("optional")), None)
    main_score = (0, 0, 0, 0)
    if main is not None:
        found = next((e for e in res.events if main["key"] in e.name), None)
        scorable = bool(main.get("start") and len(main["start"]) == 10 and not main["start"].startswith("--"))
        main_score = (int(found is not None), 1, int(scorable and found is not None and found.start == main["start"]),
                      int(scorable))

    kinds["works"] = _match([(w, {w}) for w in res.works], gold.get("works", []), lambda g: {g["name"]})

    def same_award(sys: set[str], g: dict) -> bool:
        (title,) = [s for s in sys if s.startswith("T:")]
        (rec,) = [s for s in sys if s.startswith("R:")]
        title, rec = title[2:], rec[2:]
        rec_names = org_names.get(rec, {rec})
        gold_rec = gold_orgs.get(g["recipient"], {g["recipient"]})
        return bool(rec_names & gold_rec) and (title in g["title"] or g["title"] in title)

    kinds["awards"] = _match([(f"{a.title} → {a.recipient}", {"T:" + a.title, "R:" + a.recipient})
                              for a in res.awards], gold.get("awards", []), lambda g: set(), same_award)
    return DocScore(gold.get("doc", ""), kinds, (dates[0], dates[1]), (places[0], places[1]), main_score)


@dataclass
class EvalResult:
    docs: list[DocScore]

    def micro(self) -> dict[str, Score]:
        out = {k: Score() for k in KINDS}
        for d in self.docs:
            for k, s in d.kinds.items():
                out[k].add(s)
        return out

    def event_accuracy(self) -> dict[str, float | None]:
        dc = sum(d.event_dates[0] for d in self.docs)
        dn = sum(d.event_dates[1] for d in self.docs)
        pc = sum(d.event_places[0] for d in self.docs)
        pn = sum(d.event_places[1] for d in self.docs)
        mf, mn, md, mdn = (sum(d.main_event[k] for d in self.docs) for k in range(4))
        return {"date_accuracy": dc / dn if dn else None, "place_accuracy": pc / pn if pn else None,
                "main_found": mf / mn if mn else None, "main_found_count": [mf, mn],
                "main_date_accuracy": md / mdn if mdn else None, "main_date_count": [md, mdn]}

    def as_dict(self, details: bool = False) -> dict[str, Any]:
        return {
            "reports": [{"doc": d.doc, **{k: s.as_dict(details) for k, s in d.kinds.items()},
                         "event_dates": list(d.event_dates), "event_places": list(d.event_places),
                         "main_event": list(d.main_event)}
                        for d in self.docs],
            "micro": {k: s.as_dict() for k, s in self.micro().items()},
            "events": self.event_accuracy(),
        }


def find_pairs(gold_paths: Iterable[str | Path], reports_dir: str | Path | None = None) -> list[tuple[Path, Path]]:
    """(gold file, report file) pairs: the report is named by the gold file's ``doc``, looked up in
    ``reports_dir``, in a ``reports`` folder beside the gold folder, or beside the gold file."""
    pairs = []
    files: list[Path] = []
    for gp in gold_paths:
        p = Path(gp)
        if not p.exists():
            raise LaocuError(f"{p}: no such gold file or folder")
        files += sorted(p.glob("*.json")) if p.is_dir() else [p]
    for f in files:
        try:
            gold = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise LaocuError(f"{f}:{e.lineno}: invalid JSON ({e.msg})") from None
        doc = gold.get("doc")
        if not doc:
            raise LaocuError(f"{f}: gold file has no 'doc' naming its report")
        candidates = [Path(reports_dir) / doc] if reports_dir else []
        candidates += [f.parent.parent / "reports" / doc, f.parent / doc]
        report = next((c for c in candidates if c.is_file()), None)
        if report is None:
            raise LaocuError(f"{f}: report {doc} not found (looked in {', '.join(str(c.parent) for c in candidates)})")
        pairs.append((f, report))
    return pairs


def evaluate(gold_paths: Iterable[str | Path], reports_dir: str | Path | None = None) -> EvalResult:
    """Run the extractor on each gold file's report and score it."""
    docs = []
    for gold_file, report_file in find_pairs(gold_paths, reports_dir):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        res = resolve(extract(load_report(report_file)))
        sc = score_report(res, gold)
        sc.doc = gold.get("doc", report_file.name)
        docs.append(sc)
    return EvalResult(docs)
