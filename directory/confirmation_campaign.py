"""The yearly confirmation campaign: one request to every qualified venue of its scope (a hub,
or every hub) not confirmed for a year, that has an e-mail and did not opt out. Sent in the
background at a pace the mail server takes (``DIRECTORY_CONFIRMATION_BATCH_SIZE`` e-mails, then
``DIRECTORY_CONFIRMATION_BATCH_PAUSE`` seconds); run twice, it asks each venue once.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.confirmation_service import create_request
from directory.models import ConfirmationCampaign, ConfirmationRequest, Venue
from directory.permissions import can_launch_campaign
from hubsite.models import Hub
from hubsite.notifications import send_messages


def scope_venues(hub: Hub | None):
    """The venues a campaign of ``hub`` (None: every hub) is for, before it asks any."""
    venues = (
        Venue.objects.qualified()
        .unconfirmed()
        .filter(confirmation_opt_out=False, departement__hub__isnull=False)
        .exclude(emails="")
    )
    return venues.in_hub(hub) if hub is not None else venues


def waiting_venues(campaign: ConfirmationCampaign):
    """The venues of the campaign's scope it has not asked yet, nor holding a live link."""
    asked = ConfirmationRequest.objects.filter(venue=OuterRef("pk"), campaign=campaign)
    live = ConfirmationRequest.objects.live().filter(venue=OuterRef("pk"))
    return (
        scope_venues(campaign.hub)
        .exclude(Exists(asked))
        .exclude(Exists(live))
        .select_related("departement__hub")
        .order_by("pk")
    )


@transaction.atomic
def launch_campaign(*, hub: Hub | None, by) -> ConfirmationCampaign:
    """This year's campaign of ``hub`` (None: every hub), created or resumed, queued for the
    background worker when the transaction commits."""
    if by is not None and not can_launch_campaign(by, hub):
        raise PermissionDenied(_("Vous ne coordonnez pas ce hub."))
    year = timezone.localdate().year
    campaign, _created = ConfirmationCampaign.objects.get_or_create(
        hub=hub, year=year, defaults={"created_by": by}
    )
    if campaign.finished_at is not None:
        ConfirmationCampaign.objects.filter(pk=campaign.pk).update(finished_at=None)

    from directory.tasks import send_confirmation_campaign

    transaction.on_commit(lambda: send_confirmation_campaign.enqueue(campaign.pk), robust=True)
    return campaign


def _send_batch(campaign_id: int, size: int) -> tuple[int, bool]:
    """Ask the next ``size`` venues of the campaign; (e-mails sent, whether any remain)."""
    with transaction.atomic():
        # The campaign's row is the lock: two workers on one campaign take turns.
        campaign = ConfirmationCampaign.objects.select_for_update().get(pk=campaign_id)
        batch = list(waiting_venues(campaign)[: size + 1])
        messages = [
            create_request(venue=venue, by=None, campaign=campaign)[1] for venue in batch[:size]
        ]
        # Sent inside the transaction: a failure leaves these venues for the next run.
        if messages:
            send_messages(messages)
        campaign.sent += len(messages)
        more = len(batch) > size
        if not more:
            campaign.finished_at = timezone.now()
        campaign.save(update_fields=["sent", "finished_at"])
    return len(messages), more


def run_campaign(
    campaign_id: int,
    *,
    batch_size: int | None = None,
    pause: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Send the campaign's e-mails, batch after batch with a pause between; returns how many
    were sent by this run."""
    size = max(1, batch_size or settings.DIRECTORY_CONFIRMATION_BATCH_SIZE)
    pause = settings.DIRECTORY_CONFIRMATION_BATCH_PAUSE if pause is None else pause
    total = 0
    while True:
        sent, more = _send_batch(campaign_id, size)
        total += sent
        if not more:
            return total
        sleep(pause)
