"""Loading reports: files and folders → :class:`~laocu_kg.model.Report` (decoded, with metadata)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from laocu_kg.extract.text import detect_script, has_chinese
from laocu_kg.model import LaocuError, Report

SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")
MAX_BYTES = 20 * 1024 * 1024  # a report is a few pages; anything this big is not one
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{4}$|^--\d{2}-\d{2}$")


def decode(data: bytes, path: str) -> str:
    """Decode report bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 or Big5, whichever
    reads as more common Chinese. Text that is UTF-8 but for a few bad bytes is an error, not a guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise LaocuError(f"{path}: invalid UTF-16 at byte {e.start}") from None
    if b"\x00" in data[:4096]:
        raise LaocuError(f"{path}: binary file, not a text report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        good = data[: e.start].decode("utf-8", errors="ignore")
        if sum(1 for c in good if c > "\u2e80") >= 4:  # plenty of valid multi-byte UTF-8 before the bad byte
            line = data[: e.start].count(b"\n") + 1
            raise LaocuError(f"{path}:{line}: invalid UTF-8 at byte {e.start}") from None
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_common_share(text), enc, text))
    if not candidates:
        raise LaocuError(f"{path}: cannot decode as UTF-8, GB18030 or Big5")
    return max(candidates)[2]


def _common_share(text: str) -> float:
    """Share of CJK characters that are common ones (in jieba's dictionary words or our lexicons)."""
    from laocu_kg.extract.text import to_simplified
    from laocu_kg.extract.words import common_chars

    cjk = [c for c in to_simplified(text) if "\u4e00" <= c <= "\u9fff"]
    return sum(c in common_chars() for c in cjk) / len(cjk) if cjk else 0.0


def _html(data: bytes, path: str) -> tuple[dict[str, str], str]:
    """Main text, title and date of a saved news page (trafilatura drops menus and footers)."""
    import trafilatura

    doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, include_tables=True)
    if doc is None:
        raise LaocuError(f"{path}: no article text found in the page")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (d.get("text") or "").strip()
    title = (d.get("title") or "").strip()
    meta = {k: str(d[k]) for k in ("title", "date", "url") if d.get(k)}
    if title and not text.startswith(title):
        text = title + "\n" + "\n".join(ln for ln in text.splitlines() if ln.strip() != title)
    return meta, text


def _docx(data: bytes, path: str) -> tuple[dict[str, str], str]:
    """Paragraph text of a Word file, its title and date from the document's properties."""
    import io
    import zipfile

    import docx

    try:
        d = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise LaocuError(f"{path}: not a readable .docx file ({e.__class__.__name__})") from None
    text = "\n".join(p.text for p in d.paragraphs)
    props = d.core_properties
    meta = {}
    if props.title:
        meta["title"] = props.title
    if props.created:
        meta["date"] = props.created.date().isoformat()
    return meta, text


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
    if len(data) > MAX_BYTES:
        raise LaocuError(f"{p}: {len(data) // (1024 * 1024)} MB is too large for one report (limit 20 MB)")
    suffix = p.suffix.lower()
    if suffix in (".html", ".htm"):
        meta, text = _html(data, str(p))
    elif suffix == ".docx":
        meta, text = _docx(data, str(p))
    else:
        meta, text = _front_matter(decode(data, str(p)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not has_chinese(text):
        raise LaocuError(f"{p}: no Chinese text found")
    meta_date = date or meta.get("date")
    if meta_date and len(meta_date) > 10 and _ISO.match(meta_date[:10]):
        meta_date = meta_date[:10]
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
