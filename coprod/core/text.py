"""Text helpers shared by searches and duplicate checks."""

import re
import unicodedata

_ABBREVIATIONS = {
    "saint": "st",
    "and": "&",
    "association": "assoc",
    "assn": "assoc",
    "centre": "ctr",
    "center": "ctr",
}


def normalise_name(value: str) -> str:
    """A name reduced for comparison: 'St. Mary's Tenants' Association' -> 'st marys tenants assoc'.

    Accents, case and punctuation are dropped, apostrophes vanish (Mary's -> marys), other punctuation
    separates words, and a few common words are abbreviated the same way whichever way they are written.
    """
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ")
    text = re.sub(r"['\u2019`]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(_ABBREVIATIONS.get(word, word) for word in text.split())
