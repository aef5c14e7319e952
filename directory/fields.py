"""The bit-mask field moved to ``hubsite.fields`` (solutions use it too); this name stays
because the directory's first migrations import it from here."""

from hubsite.fields import FlagsField, HasAll, HasAny

__all__ = ["FlagsField", "HasAll", "HasAny"]
