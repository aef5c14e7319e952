"""A venue's qualification history, as the tests read it: its log entries of the
qualification actions (the moves ``directory.transitions`` lists)."""

from wagtail.models import ModelLogEntry

from directory.models import Venue
from directory.transitions import VENUE_TRANSITIONS

QUALIFICATION_ACTIONS = sorted(VENUE_TRANSITIONS.log_actions())


def qualification_entries(venue: Venue | None = None):
    """Log entries of qualification moves, of ``venue`` or of every venue."""
    entries = ModelLogEntry.objects.get_for_model(Venue).filter(action__in=QUALIFICATION_ACTIONS)
    if venue is not None:
        entries = entries.filter(object_id=str(venue.pk))
    return entries
