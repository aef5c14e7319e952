"""Find the likely duplicates among the venues again (every commune, or those given)."""

import time

from django.core.management.base import BaseCommand

from directory.duplicate_services import refresh_pairs


class Command(BaseCommand):
    help = (
        "Recherche les doublons probables parmi les lieux de chaque commune (ou des communes "
        "données par leur code INSEE). Les paires écartées ne sont pas proposées à nouveau."
    )

    def add_arguments(self, parser):
        parser.add_argument("communes", nargs="*", help="Codes INSEE (défaut : toutes).")

    def handle(self, *args, communes, **options):
        started = time.perf_counter()
        result = refresh_pairs(communes=communes or None)
        self.stdout.write(
            f"Doublons probables : {result.created} nouveaux, {result.updated} mis à jour, "
            f"{result.removed} retirés ({time.perf_counter() - started:.1f} s)."
        )
