"""Read every venue's opening hours again into its opening intervals (``OpeningInterval``)."""

from django.core.management.base import BaseCommand

from directory.models import OpeningInterval, Venue, write_opening_intervals


class Command(BaseCommand):
    help = (
        "Relit les horaires de tous les lieux pour les filtres « ouvert maintenant » et "
        "« ouvert le samedi » : à lancer quand la lecture des horaires OSM change."
    )

    def handle(self, *args, **options):
        venues = Venue.objects.only("pk", "opening_hours").order_by("pk")
        write_opening_intervals(venues.iterator(chunk_size=2000))
        intervals = OpeningInterval.objects.count()
        self.stdout.write(
            self.style.SUCCESS(f"{venues.count()} lieux relus, {intervals} plages d'ouverture.")
        )
