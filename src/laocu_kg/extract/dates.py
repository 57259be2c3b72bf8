"""Dates: explicit dates and ranges, back-references (11日上午, 当天), and the report's year.

A year is never invented: when no metadata, dateline, anniversary or year in the text gives one,
dates keep month and day only (``--MM-DD``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from laocu_kg.extract.lexicon import _tsv

_M, _D, _TO = r"(?:1[0-2]|0?[1-9])", r"(?:3[01]|[12]\d|0?[1-9])", r"(?:至|到|-|—|–|~|~)"
DATE_RE = re.compile(  # 9月19日, 9月19日至20日, 9月19至20日, 9月19、20日, 9月30日至10月2日
    rf"(?:(?P<y>(?:19|20)\d{{2}})年)?(?P<m>{_M})月(?P<d>{_D})"
    rf"(?:日(?:{_TO}(?:(?P<m2>{_M})月)?(?P<d2>{_D})日)?|(?:{_TO}|、)(?:(?P<m3>{_M})月)?(?P<d3>{_D})日)"
)
LOST_MONTH_RE = re.compile(r"(?:(?<=今年|去年|本年)|(?<=[,。;:\s])|^)(?P<m>1[0-2]|[1-9])(?P<d>[0-3]\d)日")
DAY_RE = re.compile(r"(?<![月\d])(?P<d>3[01]|[12]\d|0?[1-9])日(?:上午|下午|晚上|晚|早上|中午)")
YEAR_RE = re.compile(r"(?<![\d])((?:19|20)\d{2})年")
ISO_RE = re.compile(r"((?:19|20)\d{2})[-/.年](1[0-2]|0?[1-9])[-/.月](3[01]|[12]\d|0?[1-9])日?")
ANNIV_RE = re.compile(r"(\d{1,3})周年")
FUTURE_MARKS = ("到", "至", "前", "计划", "力争", "预计", "争取")


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    year: int | None
    month: int
    day: int
    month2: int | None = None
    day2: int | None = None


def fmt(year: int | None, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def find_dates(text: str) -> list[DateExpr]:
    out = []
    for m in DATE_RE.finditer(text):
        y = int(m["y"]) if m["y"] else None
        mo, d = int(m["m"]), int(m["d"])
        m2s, d2s = m["m2"] or m["m3"], m["d2"] or m["d3"]
        m2 = int(m2s) if m2s else (mo if d2s else None)
        d2 = int(d2s) if d2s else None
        if _valid(y, mo, d) and d2 is not None and not _valid(y, m2 or mo, d2):
            m2 = d2 = None  # 11月29日至31日: the source's impossible end is dropped, its start kept
        if _valid(y, mo, d):
            out.append(DateExpr(m.start(), m.end(), y, mo, d, m2, d2))
    for m in LOST_MONTH_RE.finditer(text):  # 今年819日, 727日: a page that lost its 月 (8月19日, 7月27日)
        mo, d = int(m["m"]), int(m["d"])
        if _valid(None, mo, d) and not any(x.start <= m.start() < x.end for x in out):
            out.append(DateExpr(m.start(), m.end(), None, mo, d, None, None))
    out.sort(key=lambda x: x.start)
    return out


def start_end(d: DateExpr, year: int | None) -> tuple[str, str | None]:
    """ISO start and end (None for a single day) of a date expression, in ``year`` when it names none."""
    y = d.year or year
    return fmt(y, d.month, d.day), (fmt(y, d.month2 or d.month, d.day2) if d.day2 else None)


def _valid(y: int | None, m: int, d: int) -> bool:
    try:
        date(y or 2000, m, d)  # 2000 is a leap year: --02-29 stays possible
    except ValueError:
        return False
    return True


@cache
def _anniversaries() -> list[tuple[str, int]]:
    return sorted(((r["key"], int(r["year"])) for r in _tsv("anniversaries.tsv")), key=lambda kv: -len(kv[0]))


def dateline(text: str) -> tuple[str, str] | None:
    """A dateline or publication line: '(2024年6月14日)', '发布时间:2024-06-14', a line that is only a date."""
    for line in text.splitlines():
        s = line.strip().strip("()()【】[] ")  # noqa: B005 (a set of bracket characters)
        s2 = re.sub(r"^(发布时间|发布日期|时间|日期|来源[^\d]*?)[::]?\s*", "", s)
        s2 = re.sub(r"\s+\d{1,2}:\d{2}(?::\d{2})?\s*[^\d\s]{0,8}$", "", s2.strip())  # 2023-11-16 16:09 (作者名)
        m = ISO_RE.fullmatch(s2.strip()) or (ISO_RE.match(s2) if s2 != s else None)
        if m is None and len(s) <= 80 and re.search(r"(来源|作者|编辑|发布|责编|时间)[::]", s):
            m = ISO_RE.search(s2)  # 来源:某日报 作者:某某 编辑:某某 2015-08-14 09:02:50
            s2 = m.group(0) if m else s2
        if m and len(s2) <= 30:
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            if _valid(y, mo, d):
                return fmt(y, mo, d), f"dateline: {line.strip()}"
    return None


def infer_year(text: str) -> tuple[int, str] | None:
    """The report's year from the text: an anniversary (胜利80周年 → 1945+80), else the latest year named."""
    for m in ANNIV_RE.finditer(text):
        before = text[max(0, m.start() - 14) : m.start()]
        for key, base in _anniversaries():
            if before.endswith(key):
                return base + int(m[1]), f"anniversary: {key}{m[1]}周年 = {base}+{m[1]}"
    years = []
    for m in YEAR_RE.finditer(text):
        if text[max(0, m.start() - 2) : m.start()].endswith(FUTURE_MARKS):
            continue
        if text.startswith(("年-", "年—", "年至"), m.end() - 1):
            continue
        years.append(int(m[1]))
    if years:
        y = max(years)
        return y, f"latest year named in the text: {y}年"
    return None


def shift(iso: str, days: int) -> str | None:
    if iso.startswith("--") or len(iso) != 10:
        return None
    d = date.fromisoformat(iso) + timedelta(days=days)
    return d.isoformat()
