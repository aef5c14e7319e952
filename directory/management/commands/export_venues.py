"""Export the qualified venues in the national standard v1.0.2 (the open-data files)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from directory import standard
from directory.views_opendata import duplicated_ids, published_venues


class Command(BaseCommand):
    help = (
        "Exporte les lieux qualifiés (hors démonstration) au format du schéma national v1.0.2, "
        "comme /lieux/donnees-ouvertes/lieux.csv et lieux.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "--output", type=Path, help="Fichier à écrire (par défaut la sortie standard)."
        )

    def handle(self, *args, format, output, **options):
        venues = published_venues()
        writer = standard.csv_lines if format == "csv" else standard.json_chunks
        chunks = writer(venues.iterator(chunk_size=2000), duplicated_ids(venues))
        if output is None:
            for chunk in chunks:
                sys.stdout.write(chunk)
            return
        with output.open("w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
        self.stderr.write(self.style.SUCCESS(f"{venues.count()} lieux écrits dans {output}."))
