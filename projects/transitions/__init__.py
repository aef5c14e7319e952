"""The projects' statuses as data, one table per model (dossiers, take-up requests);
every table and transition is importable from here."""

from projects.transitions.dossiers import (
    APPROVE,
    ASK_CHANGES,
    CLOSE,
    DOSSIER_TRANSITIONS,
    ELIGIBLE,
    FOLLOW_UP,
    INELIGIBLE,
    OPEN_REVIEW,
    REJECT,
    RESUBMIT,
    SUBMIT,
    TO_COMMITTEE,
    check_ready,
)
from projects.transitions.take_up import (
    DEPLOY,
    DISCUSS,
    DROP,
    REOPEN,
    TAKE_UP_TRANSITIONS,
)

__all__ = [
    "APPROVE",
    "ASK_CHANGES",
    "CLOSE",
    "DEPLOY",
    "DISCUSS",
    "DOSSIER_TRANSITIONS",
    "DROP",
    "ELIGIBLE",
    "FOLLOW_UP",
    "INELIGIBLE",
    "OPEN_REVIEW",
    "REJECT",
    "REOPEN",
    "RESUBMIT",
    "SUBMIT",
    "TAKE_UP_TRANSITIONS",
    "TO_COMMITTEE",
    "check_ready",
]
