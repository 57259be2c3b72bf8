"""Text preparation with offsets kept: script normalisation and sentence splitting.

The extractor reads a simplified-script, half-width-punctuation copy of the report whose characters
correspond one-to-one to the original, so every offset found in it is an offset in the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from laocu_kg.model import Span

_PUNCT = str.maketrans({"(": "(", ")": ")", ",": ",", ":": ":", ";": ";", " ": " ", "\u3000": " "})
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


def to_simplified(text: str) -> str:
    """Simplified-script copy of ``text`` with the same length (character by character where needed)."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    conv = _t2s().convert
    return "".join(c if len(s := conv(c)) != 1 else s for c in text)


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


def detect_script(text: str) -> str:
    """'traditional' when a noticeable share of the CJK characters change under t2s conversion."""
    cjk = [c for c in text if _CJK_RE.match(c)]
    if not cjk:
        return "simplified"
    sample = "".join(cjk[:4000])
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample), strict=True))
    return "traditional" if changed / len(sample) > 0.04 else "simplified"


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
