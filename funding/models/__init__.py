"""The funding trackers' models, one module per concern; every model is importable from here."""

from funding.models.applications import DECIDED, WON, Application, ApplicationQuerySet, Status
from funding.models.calls import Call, CallQuerySet, CallRound, Perimeter, Schedule
from funding.models.deadlines import ApplicationComment, Deadline, DeadlineKind, SentReminder
from funding.models.documents import ApplicationDocument
from funding.models.feeds import CalendarFeed
from funding.models.funders import PUBLIC_FUNDER_TYPES, Funder, FunderType, Programme
from funding.models.imports import PendingCallImport
from funding.models.plans import (
    PUBLIC_SOURCES,
    FinancingLine,
    LineStatus,
    Payment,
    PaymentKind,
    SourceType,
)
from funding.models.searches import AnnouncedCall, SavedSearch

__all__ = [
    "DECIDED",
    "PUBLIC_FUNDER_TYPES",
    "PUBLIC_SOURCES",
    "WON",
    "AnnouncedCall",
    "Application",
    "ApplicationComment",
    "ApplicationDocument",
    "ApplicationQuerySet",
    "CalendarFeed",
    "Call",
    "CallQuerySet",
    "CallRound",
    "Deadline",
    "DeadlineKind",
    "FinancingLine",
    "Funder",
    "FunderType",
    "LineStatus",
    "Payment",
    "PaymentKind",
    "PendingCallImport",
    "Perimeter",
    "Programme",
    "SavedSearch",
    "Schedule",
    "SentReminder",
    "SourceType",
    "Status",
]
