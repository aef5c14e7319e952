"""Filters over the shared vocabularies (``hubsite.vocabulary``), for every public list that
filters by them: the directory's finder, the solutions catalogue.

Multi-valued filters take short keys in the URL (``services=demarches&publics=seniors``, the
lower-cased names of the vocabulary members) so that a search stays readable once shared.
Values of one filter are alternatives (any of them); different filters combine.
"""

import django_filters
from django import forms
from django.db import models


def key_of(member: models.TextChoices) -> str:
    return member.name.lower().replace("_", "-")


def vocabulary_choices(vocabulary: type[models.TextChoices], key=key_of) -> list[tuple[str, str]]:
    return [(key(member), member.label) for member in vocabulary]


class FlagsFilter(django_filters.MultipleChoiceFilter):
    """Rows whose flags field (``hubsite.fields.FlagsField``) holds any of the chosen values.
    ``key`` names a member in the URL (default: its lower-cased name; a vocabulary whose
    values are short French words may use them)."""

    def __init__(self, *args, vocabulary: type[models.TextChoices], key=key_of, **kwargs):
        self.vocabulary = vocabulary
        self.key = key
        kwargs.setdefault("choices", vocabulary_choices(vocabulary, key))
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        by_key = {self.key(member): member for member in self.vocabulary}
        members = [by_key[key] for key in value]
        return qs.filter(**{f"{self.field_name}__has_any": members})
