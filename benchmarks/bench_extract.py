"""Extraction throughput next to jieba's bare segmentation, measured in the same run on the same text.

    python benchmarks/bench_extract.py [--repeat N]

Text: every report under examples/ (seed, dev set, held-out set). Each report is extracted and resolved
whole (what `build` does before mapping); jieba.lcut segments the same reports. Lexicons and jieba's
dictionary are loaded before timing starts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import jieba

from laocu_kg.extract import clear_caches, extract
from laocu_kg.reports import load_report
from laocu_kg.resolve import resolve

ROOT = Path(__file__).resolve().parent.parent


def measure(reports: list, repeat: int = 5) -> tuple[int, float, float]:
    """(characters, seconds for extract+resolve, seconds for jieba.lcut) over ``reports``: medians of
    ``repeat`` rounds, after a warm-up round (lexicons, jieba's dictionary)."""
    chars = sum(len(r.text) for r in reports)
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    for r in reports:  # warm-up: lexicons, jieba's dictionary, caches
        resolve(extract(r))

    def timed(fn) -> float:
        runs = []
        for _ in range(repeat):
            clear_caches()
            t0 = time.perf_counter()
            for r in reports:
                fn(r)
            runs.append(time.perf_counter() - t0)
        return statistics.median(runs)

    return chars, timed(lambda r: resolve(extract(r))), timed(lambda r: jieba.lcut(r.text))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed rounds (the median is reported)")
    args = ap.parse_args()
    reports = [load_report(p) for p in sorted(ROOT.glob("examples/**/reports/*.txt"))]
    chars, t_ext, t_jieba = measure(reports, args.repeat)
    print(f"text: {len(reports)} reports, {chars} characters; median of {args.repeat} rounds")
    print(f"laocu-kg extract+resolve: {chars / t_ext:12,.0f} chars/s")
    print(f"jieba.lcut (bare):        {chars / t_jieba:12,.0f} chars/s")
    print(f"ratio: {t_jieba / t_ext:.2f}x jieba's speed")


if __name__ == "__main__":
    sys.exit(main())
