"""Text helpers for matching what people type against French names."""

import re
import unicodedata


def unaccent(value: str) -> str:
    """Strip diacritics: "Médiathèque" -> "Mediatheque"."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize_name(value: str) -> str:
    """Lower-case, unaccented, with hyphens and apostrophes read as spaces and "St" as "saint".

    "Saint-Étienne", "st etienne" and "SAINT ETIENNE" all normalise to "saint etienne".
    """
    text = unaccent(value).lower().replace("œ", "oe").replace("æ", "ae")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\bste\b", "sainte", text)
    text = re.sub(r"\bst\b", "saint", text)
    return " ".join(text.split())
