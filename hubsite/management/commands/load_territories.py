"""Load France's territories from the files shipped in hubsite/data/."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hubsite import maps, territories_data


class Command(BaseCommand):
    help = (
        "Create or update regions, départements (with boundaries), communes and postcodes from "
        "hubsite/data/. Idempotent; never changes which hub a département belongs to."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data",
            type=Path,
            default=territories_data.DATA_DIR,
            help="Directory of the derived files (default: hubsite/data/).",
        )

    def handle(self, *args, data, verbosity, **options):
        started = time.perf_counter()
        try:
            report = territories_data.load(data_dir=data)
        except FileNotFoundError as error:
            raise CommandError(f"Fichier de territoires manquant : {error.filename}") from error
        # Boundaries may have changed: the server-drawn maps are redrawn on next view.
        maps.invalidate()
        if verbosity < 1:
            return
        for name, counts in report.items():
            self.stdout.write(f"{name} : {counts}")
        self.stdout.write(
            self.style.SUCCESS(f"Territoires chargés en {time.perf_counter() - started:.1f} s.")
        )
