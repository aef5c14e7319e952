"""Read every venue's opening hours again into its opening intervals (``OpeningInterval``)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from directory.models import OpeningInterval, Venue, write_opening_intervals

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Relit les horaires de tous les lieux pour les filtres « ouvert maintenant » et "
        "« ouvert le samedi » : à lancer quand la lecture des horaires OSM change."
    )

    def handle(self, *args, **options):
        venues = Venue.objects.only("pk", "opening_hours").order_by("pk")
        with transaction.atomic():
            batch = []
            for venue in venues.iterator(chunk_size=BATCH):
                batch.append(venue)
                if len(batch) == BATCH:
                    write_opening_intervals(batch)
                    batch = []
            write_opening_intervals(batch)
        intervals = OpeningInterval.objects.count()
        self.stdout.write(
            self.style.SUCCESS(f"{venues.count()} lieux relus, {intervals} plages d'ouverture.")
        )
