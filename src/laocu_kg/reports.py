"""Loading reports: files and folders → :class:`~laocu_kg.model.Report` (decoded, with metadata)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from laocu_kg.extract.text import detect_script, has_chinese
from laocu_kg.model import LaocuError, Report

SUFFIXES = (".txt", ".md")
ENCODINGS = ("utf-8-sig", "gb18030", "big5", "utf-16")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{4}$|^--\d{2}-\d{2}$")


def decode(data: bytes, path: str) -> str:
    """Decode report bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030, Big5."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise LaocuError(f"{path}: binary file, not a text report")
    for enc in ENCODINGS[:3]:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise LaocuError(f"{path}: cannot decode as UTF-8, GB18030 or Big5")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-style front matter (title, date, url, source) at the top of a .md or .txt report."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        return {}, text
    meta = {}
    for line in text[4:end].splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            meta[k.strip().lower()] = v.strip().strip("'\"")
    body = text[end + 4 :].lstrip("\n")
    return meta, body


def source_key(path: str | Path) -> str:
    """How a report's path is recorded: relative to the working folder when inside it, POSIX separators."""
    p = Path(path).resolve()
    try:
        return p.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def load_report(path: str | Path, date: str | None = None) -> Report:
    """Read one report file; ``date`` (ISO) overrides any date in its metadata."""
    p = Path(path)
    if not p.exists():
        raise LaocuError(f"{p}: no such file")
    if p.is_dir():
        raise LaocuError(f"{p}: is a folder, not a report file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise LaocuError(f"{p}: cannot read ({e.strerror})") from None
    if not data.strip():
        raise LaocuError(f"{p}: empty file")
    text = decode(data, str(p)).replace("\r\n", "\n").replace("\r", "\n")
    meta, text = _front_matter(text)
    if not has_chinese(text):
        raise LaocuError(f"{p}: no Chinese text found")
    meta_date = date or meta.get("date")
    if meta_date and not _ISO.match(meta_date):
        raise LaocuError(f"{p}: date {meta_date!r} is not YYYY-MM-DD")
    title = meta.get("title") or next((ln.strip() for ln in text.splitlines() if ln.strip()), p.stem)
    return Report(
        id=p.name,
        text=text,
        path=source_key(p),
        title=title,
        date=meta_date,
        url=meta.get("url") or meta.get("source_url"),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        script=detect_script(text),
    )


def iter_report_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Report files under the given files and folders, sorted, so builds are deterministic."""
    for path in paths:
        p = Path(path)
        if not p.exists():
            raise LaocuError(f"{p}: no such file or folder")
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            yield p
