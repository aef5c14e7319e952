"""The directory's models, one module per concern; every model is importable from here."""

from directory.models.confirmations import (
    ConfirmationCampaign,
    ConfirmationRequest,
    ConfirmationRequestQuerySet,
    Outcome,
    ProposalStatus,
)
from directory.models.coverage import CommuneCoverage, CoverageState
from directory.models.duplicates import (
    DuplicatePair,
    DuplicatePairQuerySet,
    MergedVenue,
    PairStatus,
    VenueSourceId,
)
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
    confirmed_since,
    stale_before,
    unconfirmed_q,
    write_opening_intervals,
    write_source_ids,
)

__all__ = [
    "STALE_AFTER",
    "CommuneCoverage",
    "ConfirmationCampaign",
    "ConfirmationRequest",
    "ConfirmationRequestQuerySet",
    "CoverageState",
    "DuplicatePair",
    "DuplicatePairQuerySet",
    "ErrorReport",
    "ImportJob",
    "ImportJobStatus",
    "MergedVenue",
    "OpeningInterval",
    "Outcome",
    "PairStatus",
    "PendingImport",
    "PendingImportQuerySet",
    "ProposalStatus",
    "Status",
    "Venue",
    "VenueQuerySet",
    "VenueSourceId",
    "bulk_create_venues",
    "confirmed_since",
    "stale_before",
    "unconfirmed_q",
    "write_opening_intervals",
    "write_source_ids",
]
