"""Text helpers shared by searches and duplicate checks."""

import re
import unicodedata
from functools import lru_cache

_ABBREVIATIONS = {
    "saint": "st",
    "and": "&",
    "association": "assoc",
    "assn": "assoc",
    "centre": "ctr",
    "center": "ctr",
}


_APOSTROPHES = re.compile(r"['\u2019`]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def normalise_name(value: str) -> str:
    """A name reduced for comparison: 'St. Mary's Tenants' Association' -> 'st marys tenants assoc'.

    Accents, case and punctuation are dropped, apostrophes vanish (Mary's -> marys), other punctuation
    separates words, and a few common words are abbreviated the same way whichever way they are written.
    """
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ")
    text = _APOSTROPHES.sub("", text)
    text = _NON_WORD.sub(" ", text)
    return " ".join(_ABBREVIATIONS.get(word, word) for word in text.split())
