"""The qualification of venues, as data: which moves a venue's status allows, who may make
them, which need a reason. ``hubsite.services.move`` applies it; the admin's buttons and
confirmation pages are drawn from it."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory import coverage
from directory.models import Status, Venue
from directory.permissions import can_qualify
from hubsite.transitions import CHUNK, Transition, Transitions


def check_position(venues: Sequence[Venue]) -> None:
    """A venue placed far from its commune is not published: pinned in another hub's
    territory, it would come first in searches there."""
    placed = [venue for venue in venues if venue.commune_id]
    # In chunks: SQLite refuses a single lookup of thousands of communes (expression depth).
    for start in range(0, len(placed), CHUNK):
        prefetch_related_objects(placed[start : start + CHUNK], "commune")
    misplaced = [venue for venue in venues if venue.misplaced_by_km() is not None]
    if misplaced:
        raise ValidationError(
            ngettext(
                "La position de %(venues)s est loin de sa commune : corrigez-la avant de "
                "qualifier ce lieu.",
                "Les positions de %(venues)s sont loin de leur commune : corrigez-les avant de "
                "qualifier ces lieux.",
                len(misplaced),
            )
            % {
                "venues": ", ".join(f"« {venue} »" for venue in misplaced[:20])
                + (" …" if len(misplaced) > 20 else "")
            },
            code="far_from_commune",
        )


def recompute_coverage(venues: Sequence[Venue], *, by, reason: str) -> None:
    """What the public sees changed: the communes' distances to the venues too."""
    coverage.schedule_recompute()


def qualified(venues: Sequence[Venue], *, by, reason: str) -> None:
    """Qualifying a venue vouches for its data: it counts as confirmed then."""
    now = timezone.now()
    pks = [venue.pk for venue in venues]
    for start in range(0, len(pks), CHUNK):
        Venue.objects.filter(pk__in=pks[start : start + CHUNK]).update(confirmed_at=now)
    for venue in venues:
        venue.confirmed_at = now
    recompute_coverage(venues, by=by, reason=reason)


QUALIFY = Transition(
    Status.QUALIFIED,
    _("Qualifier"),
    name="qualify",
    icon="tick",
    check=check_position,
    log_action="directory.qualify",
    effect=qualified,
)
SUSPEND = Transition(
    Status.SUSPENDED,
    _("Suspendre"),
    name="suspend",
    icon="warning",
    log_action="directory.suspend",
    reason_required=True,
    serious=True,
    effect=recompute_coverage,
)

VENUE_TRANSITIONS = Transitions(
    Venue,
    Status,
    {
        Status.PENDING: [QUALIFY, SUSPEND],
        Status.QUALIFIED: [SUSPEND],
        Status.SUSPENDED: [QUALIFY],
    },
    permission=can_qualify,
)
