"""The directory's models, one module per concern; every model is importable from here."""

from directory.models.coverage import CommuneCoverage, CoverageState
from directory.models.imports import (
    ImportJob,
    ImportJobStatus,
    PendingImport,
    PendingImportQuerySet,
)
from directory.models.reports import ErrorReport
from directory.models.venues import (
    STALE_AFTER,
    OpeningInterval,
    Status,
    Venue,
    VenueQuerySet,
    bulk_create_venues,
    stale_before,
    write_opening_intervals,
)

__all__ = [
    "STALE_AFTER",
    "CommuneCoverage",
    "CoverageState",
    "ErrorReport",
    "ImportJob",
    "ImportJobStatus",
    "OpeningInterval",
    "PendingImport",
    "PendingImportQuerySet",
    "Status",
    "Venue",
    "VenueQuerySet",
    "bulk_create_venues",
    "stale_before",
    "write_opening_intervals",
]
