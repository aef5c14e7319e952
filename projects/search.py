"""The catalogue's full-text search, blind to accents and to the plural as the site search is
(``hubsite.text``), alike on SQLite and PostgreSQL.

Each solution keeps a normalised copy of its published text (``search_title``,
``search_text``): its words unaccented, lower-cased and in the singular, each preceded by a
space. A query is normalised the same way and each of its words must start a word of the
copy (``" " + word``): "médiathèques" finds "Médiathèque", "atelier" finds "ateliers". The
copy is written whenever the row is saved, and the row only ever holds the published
version: a draft waiting for its hub never reaches the search.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.signals import pre_save
from django.dispatch import receiver

from hubsite.text import search_terms
from projects.models import Solution

MAX_QUERY_LENGTH = 200
# A word of the title counts this much more than a word of the rest of the text.
TITLE_WEIGHT = 3


def normalised_words(value: str) -> str:
    """``value``'s distinct words as the index holds them: " mot mot " (the ligatures spelt
    out). A word is matched from its start, so neither order nor repetition matters: each
    word once keeps the scanned text short."""
    value = value.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    words = " ".join(dict.fromkeys(search_terms(value).split()))
    return f" {words} " if words else ""


def query_words(query: str) -> list[str]:
    """The distinct words of a query, normalised like the index."""
    return list(dict.fromkeys(normalised_words(query[:MAX_QUERY_LENGTH]).split()))


def indexed_copies(solution: Solution) -> tuple[str, str]:
    """(title, everything) of ``solution`` as the search reads them."""
    text = " ".join(
        [
            solution.title,
            solution.summary,
            solution.problem,
            solution.audience,
            solution.how_it_works,
            solution.staff,
            solution.equipment,
            solution.funding_sources,
            solution.reuse_details,
        ]
    )
    return normalised_words(solution.title), normalised_words(text)


@receiver(pre_save, sender=Solution)
def refresh_search_copies(sender, instance: Solution, update_fields=None, **kwargs):
    # Saving a draft revision saves the row with a few update_fields only: the copies are
    # then not written, and the published text stays what the search finds.
    instance.search_title, instance.search_text = indexed_copies(instance)


def matching(queryset, query: str):
    """``queryset`` narrowed to the solutions holding every word of ``query``, annotated with
    ``relevance`` (words found in the title count more)."""
    words = query_words(query)
    if not words:
        return queryset.annotate(relevance=Value(0, output_field=IntegerField()))
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=f" {word}")
    relevance = sum(
        (
            Case(
                When(search_title__contains=f" {word}", then=Value(TITLE_WEIGHT)),
                default=Value(1),
                output_field=IntegerField(),
            )
            for word in words
        ),
        Value(0, output_field=IntegerField()),
    )
    return queryset.filter(condition).annotate(relevance=relevance)
