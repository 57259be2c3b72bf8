"""Ordinary words, from jieba's dictionary (MIT): to tell 成立 and 召开 from a person's name."""

from __future__ import annotations

from functools import cache


@cache
def _dictionary() -> dict[str, tuple[int, str]]:
    import jieba

    jieba.setLogLevel(60)  # no "Building prefix dict" chatter on stderr

    words: dict[str, tuple[int, str]] = {}
    with open(jieba.get_dict_file().name, encoding="utf-8") as f:  # word freq tag
        for line in f:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def frequent_word(s: str, min_freq: int = 300) -> bool:
    """A dictionary word this frequent is an ordinary word, whatever its tag (jieba tags 荣获, 荣誉 as names)."""
    entry = _dictionary().get(s)
    return entry is not None and entry[0] >= min_freq


def common_word(s: str, min_freq: int = 5) -> bool:
    """True for a frequent dictionary word that is not tagged as a person name (nr)."""
    entry = _dictionary().get(s)
    return entry is not None and entry[0] >= min_freq and not entry[1].startswith("nr")


@cache
def common_chars() -> frozenset[str]:
    """Characters of jieba's frequent words: to tell a right decoding (GB18030 vs Big5) from mojibake."""
    return frozenset(c for w, (freq, _) in _dictionary().items() if freq >= 100 for c in w)
