"""Text preparation with offsets kept: script normalisation and sentence splitting.

The extractor reads a simplified-script, half-width-punctuation copy of the report whose characters
correspond one-to-one to the original, so every offset found in it is an offset in the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from laocu_kg.model import Span

# full-width ASCII variants (U+FF01-U+FF5E: \uff0c \uff08 \uff1a \uff11 ...) and the ideographic space to their
# half-width forms, and Unicode's other line breaks (web pages' U+2028) to "\n", one character for one, so
# offsets in the normalised text are offsets in the report
_PUNCT = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x2028: 0x0A, 0x2029: 0x0A, 0x85: 0x0A}
_SENTENCE_END = re.compile(r"[。!?!?;;\n]+")
CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_CJK_RE = re.compile(f"[{CJK}]")


@cache
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@cache
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


@cache
def _t2s_table() -> dict[int, str]:
    """OpenCC's character table (TSCharacters.txt), first choice for each traditional character."""
    import os

    import opencc

    folder = os.path.join(os.path.dirname(opencc.__file__), "dictionary")

    def read(name: str) -> list[list[str]]:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            return [line.split() for line in f if line.strip()]

    simplified_ok = {parts[0] for parts in read("STCharacters.txt")}  # 乾 (乾坤) is simplified too: keep it
    return {ord(p[0]): p[1] for p in read("TSCharacters.txt")
            if len(p) >= 2 and len(p[0]) == 1 and len(p[1]) == 1 and p[0] not in simplified_ok
            and p[0] not in p[1:]}  # 乾 → 干 or 乾: ambiguous, the character stays as written


def to_simplified(text: str) -> str:
    """Simplified-script copy of ``text``, character by character, so it has the same length and offsets."""
    return text.translate(_t2s_table())


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


def detect_script(text: str) -> str:
    """'traditional' when a noticeable share of the CJK characters change under t2s conversion."""
    sample = "".join(_CJK_RE.findall(text)[:4000])
    if not sample:
        return "simplified"
    changed = len(_traditional_re().findall(sample))
    return "traditional" if changed / len(sample) > 0.04 else "simplified"


@cache
def _traditional_re() -> re.Pattern:
    """The characters t2s changes (the keys of its table), as one character class."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_t2s_table())) + "]")


def normalise(text: str) -> str:
    """Simplified script and half-width punctuation, same length as ``text``."""
    return to_simplified(text).translate(_PUNCT)


@dataclass(frozen=True)
class Sentence:
    span: Span
    text: str  # normalised text of the sentence
    line: int  # 0-based line number in the report
    is_line: bool  # the sentence is a whole line (headline, caption, sign-off)


def split_sentences(norm: str) -> list[Sentence]:
    """Sentences of the normalised text, with their spans; a line break always ends a sentence."""
    out: list[Sentence] = []
    line_no = 0
    pos = 0
    for line in norm.split("\n"):
        start_of_line = pos
        sub = 0
        pieces = list(_SENTENCE_END.finditer(line))
        bounds = [(sub, m.end()) for m in pieces]
        # rebuild consecutive boundaries
        spans: list[tuple[int, int]] = []
        prev = 0
        for _, end in bounds:
            spans.append((prev, end))
            prev = end
        if prev < len(line):
            spans.append((prev, len(line)))
        for a, b in spans:
            chunk = line[a:b]
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            s = start_of_line + a + lead
            e = s + len(stripped)
            out.append(Sentence(Span(s, e), stripped, line_no, is_line=len(spans) == 1))
        pos += len(line) + 1
        line_no += 1
    return out


def has_chinese(text: str) -> bool:
    return bool(_CJK_RE.search(text))
