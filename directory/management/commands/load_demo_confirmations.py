"""Demo confirmations: in each demo hub, a third of the demo venues not confirmed for over a
year (so the desk and the campaign have venues to ask), the others confirmed recently, and one
venue's proposed corrections waiting for the coordinator. Running it again changes nothing."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from directory import confirmation_service
from directory.models import ConfirmationRequest, Outcome, Status, Venue
from hubsite.models import Hub

STALE_EVERY = 3
STALE_FOR = datetime.timedelta(days=430)


class Command(BaseCommand):
    help = (
        "Charge les confirmations de démonstration : des lieux démo non confirmés depuis plus "
        "d'un an, les autres confirmés récemment, et des corrections à examiner dans chaque hub. "
        "Idempotente. Les lieux de démonstration doivent être chargés."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        stale = proposals = 0
        with transaction.atomic():
            for hub in Hub.objects.filter(departements__isnull=False).distinct().order_by("pk"):
                venues = Venue.objects.in_hub(hub).filter(is_demo=True, status=Status.QUALIFIED)
                ids = list(venues.order_by("pk").values_list("pk", flat=True))
                if not ids:
                    continue
                old = ids[1::STALE_EVERY]
                # Only those never confirmed since the demo qualified them: a confirmation
                # made in the demo since then stays.
                stale += (
                    Venue.objects.filter(pk__in=old, confirmed_at__gt=now - STALE_FOR)
                    .exclude(confirmation_requests__isnull=False)
                    .update(confirmed_at=now - STALE_FOR)
                )
                Venue.objects.filter(pk__in=ids, confirmed_at__isnull=True).update(confirmed_at=now)
                proposals += self._proposal(hub, [pk for pk in ids if pk not in set(old)])
        self.stdout.write(
            self.style.SUCCESS(
                f"Confirmations : {stale} lieux rendus anciens, {proposals} corrections à examiner."
            )
        )

    def _proposal(self, hub, ids: list[int]) -> int:
        if ConfirmationRequest.objects.in_hub(hub).filter(outcome=Outcome.CORRECTIONS).exists():
            return 0
        venue = Venue.objects.select_related("departement__hub").filter(pk__in=ids).first()
        if venue is None or confirmation_service.sendable(venue):
            return 0
        request, _message = confirmation_service.create_request(venue=venue, by=None)
        request.venue = venue
        confirmation_service.propose_corrections(
            request=request,
            changes={"opening_hours": "Tu-Fr 09:30-12:30,14:00-18:00; Sa 09:30-12:30"},
            comment="Nous ouvrons désormais le samedi matin, et plus le lundi.",
        )
        return 1
