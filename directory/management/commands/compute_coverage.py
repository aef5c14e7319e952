from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from directory import coverage


class Command(BaseCommand):
    help = _(
        "Calcule pour chaque commune la distance au lieu qualifié le plus proche (et à ceux qui "
        "acceptent le pass numérique ou ouvrent le samedi)."
    )

    def handle(self, *args, **options):
        written = coverage.recompute()
        state = coverage.CoverageState.objects.get(pk=coverage.STATE_PK)
        self.stdout.write(
            _("%(rows)d communes mises à jour en %(seconds).1f s (%(venues)d lieux qualifiés).")
            % {"rows": written, "seconds": state.seconds, "venues": state.venues}
        )
