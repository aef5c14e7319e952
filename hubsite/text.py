"""Text helpers for matching what people type against French names."""

import re
import unicodedata


def unaccent(value: str) -> str:
    """Strip diacritics: "Médiathèque" -> "Mediatheque"."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_WORD_RE = re.compile(r"[0-9A-Za-z]+")


def singular(word: str) -> str:
    """A rough French singular, applied alike to what pages say and to what people search:
    a final "s" or "x" is dropped from words of more than three letters ("mediatheques",
    "bureaux"), but not from "ss" ("pass"). Lower-cased."""
    word = word.lower()
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        return word[:-1]
    return word


def search_terms(value: str) -> str:
    """What to search for: the words typed, unaccented, in the singular."""
    return " ".join(singular(word) for word in _WORD_RE.findall(unaccent(value)))


def indexed_text(value: str) -> str:
    """What to index: the text unaccented, then the singular of each of its plural words, so
    that "médiathèque" and "médiathèques" find each other on any search backend (PostgreSQL
    stems French words itself; SQLite's full-text index does not)."""
    plain = unaccent(value)
    words = {word.lower() for word in _WORD_RE.findall(plain)}
    singulars = sorted({singular(word) for word in words} - words)
    return " ".join([plain, *singulars]) if singulars else plain


def normalize_name(value: str) -> str:
    """Lower-case, unaccented, with hyphens and apostrophes read as spaces and "St" as "saint".

    "Saint-Étienne", "st etienne" and "SAINT ETIENNE" all normalise to "saint etienne".
    """
    text = unaccent(value).lower().replace("œ", "oe").replace("æ", "ae")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\bste\b", "sainte", text)
    text = re.sub(r"\bst\b", "saint", text)
    return " ".join(text.split())
