"""The projects' writes, one module per concern (dossiers and their review, take-up
requests); every service is importable from here."""

from projects.services.dossiers import (
    DOSSIER_MOVED_KIND,
    DOSSIER_SENT_KIND,
    REVIEW_ASSIGNED_KIND,
    REVIEWABLE,
    assign_reviewer,
    dossier_moved,
    dossier_sent,
    record_version,
    save_review,
    snapshot,
    spread_evenly,
    submission_problems,
)
from projects.services.take_up import (
    TAKE_UP_HUB_KIND,
    TAKE_UP_ORGANISATION_KIND,
    hub_for_commune,
    organisation_members,
    request_take_up,
    take_up_hub_recipients,
)

__all__ = [
    "DOSSIER_MOVED_KIND",
    "DOSSIER_SENT_KIND",
    "REVIEWABLE",
    "REVIEW_ASSIGNED_KIND",
    "TAKE_UP_HUB_KIND",
    "TAKE_UP_ORGANISATION_KIND",
    "assign_reviewer",
    "dossier_moved",
    "dossier_sent",
    "hub_for_commune",
    "organisation_members",
    "record_version",
    "request_take_up",
    "save_review",
    "snapshot",
    "spread_evenly",
    "submission_problems",
    "take_up_hub_recipients",
]
