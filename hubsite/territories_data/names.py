"""Commune names: proper case and accents restored from the upper-case sources."""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from hubsite.text import unaccent

_LEADING_ARTICLES = {"LE": "Le ", "LA": "La ", "LES": "Les ", "L": "L'"}
_PARTICLES = {
    "A": "à",
    "AU": "au",
    "AUX": "aux",
    "D": "d'",
    "DE": "de",
    "DES": "des",
    "DU": "du",
    "EN": "en",
    "ET": "et",
    "L": "l'",
    "LA": "la",
    "LE": "le",
    "LES": "les",
    "LEZ": "lez",
    "SOUS": "sous",
    "SUR": "sur",
}
_SAINTS = {"ST": "Saint", "STE": "Sainte", "STS": "Saints", "STES": "Saintes"}


def _word_key(word: str) -> str:
    return unaccent(word).upper().replace("Œ", "OE").replace("Æ", "AE")


def accent_dictionary(names: Iterable[str]) -> dict[str, str]:
    """Map each upper-case unaccented word of ``names`` to its most frequent capitalised spelling:
    "CHATILLON" -> "Châtillon", learnt from INSEE's names."""
    forms: dict[str, Counter] = defaultdict(Counter)
    for name in names:
        for word in re.split(r"[ \-'\u2019]+", name):
            if word[:1].isupper():
                forms[_word_key(word)][word] += 1
    return {
        key: max(counter.items(), key=lambda item: (item[1], item[0]))[0]
        for key, counter in forms.items()
    }


def proper_case_name(upper_name: str, accents: dict[str, str] | None = None) -> str:
    """A commune name in the official style from La Poste's spelling:
    "ST MARTIN DE FONTENAY" -> "Saint-Martin-de-Fontenay", "L HOPITAL SOUS ROCHEFORT" ->
    "L'Hôpital-sous-Rochefort" (accents restored from ``accents`` when known)."""
    accents = accents or {}
    words = re.split(r"[ \-'\u2019]+", upper_name.strip().upper())
    words = [word for word in words if word]
    prefix = ""
    if len(words) > 1 and words[0] in _LEADING_ARTICLES:
        prefix = _LEADING_ARTICLES[words.pop(0)]
    parts = []
    for index, word in enumerate(words):
        is_last = index == len(words) - 1
        if index > 0 and word in _PARTICLES and not (is_last and len(word) == 1):
            parts.append(_PARTICLES[word])
        elif word in _SAINTS:
            parts.append(_SAINTS[word])
        elif len(word) == 1 and not is_last:
            parts.append(word + "'")
        else:
            parts.append(accents.get(word, word.capitalize()))
    text = ""
    for part in parts:
        text += part if not text or text.endswith("'") else "-" + part
    return prefix + text


_ARRONDISSEMENT_SUFFIX = re.compile(r"\s+\d+(?:er|e|ème)?\s+arrondissement$", re.IGNORECASE)
