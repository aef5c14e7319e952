"""Derive hubsite/data/ from the raw INSEE, La Poste and IGN open-data files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hubsite import territories_data


class Command(BaseCommand):
    help = (
        "Derive the compact territory files shipped in hubsite/data/ from the raw open data "
        "(INSEE regions, départements and legal populations, La Poste postcodes, IGN boundaries)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            required=True,
            help="Directory holding the raw files, named as published.",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=territories_data.DATA_DIR,
            help="Where to write the derived files (default: hubsite/data/).",
        )
        parser.add_argument(
            "--tolerance",
            type=float,
            default=territories_data.DEFAULT_TOLERANCE,
            help="Boundary simplification tolerance, in degrees of latitude.",
        )
        parser.add_argument(
            "--precision",
            type=int,
            default=territories_data.DEFAULT_PRECISION,
            help="Decimals kept in boundary coordinates.",
        )

    def handle(self, *args, source, output, tolerance, precision, **options):
        if not source.is_dir():
            raise CommandError(f"{source} is not a directory")
        try:
            report = territories_data.build(
                source, output, tolerance=tolerance, precision=precision
            )
        except territories_data.SourceError as error:
            raise CommandError(str(error)) from error

        write = self.stdout.write
        write(
            f"{report.regions} regions, {report.departements} départements, "
            f"{report.communes} communes, {report.postcodes} commune postcodes, "
            f"{report.boundaries} boundaries"
        )
        write(
            f"Boundaries: {report.boundary_positions_before} positions simplified to "
            f"{report.boundary_positions_after}"
        )
        for commune, count in sorted(report.arrondissements.items()):
            write(f"Commune {commune} rebuilt from {count} municipal arrondissements")
        for old, new in sorted(report.recoded.items()):
            write(f"La Poste code {old} is now commune {new}")
        for new, former in sorted(report.borrowed.items()):
            write(f"Commune {new} takes postcodes and approximate position from La Poste {former}")
        write(f"Kept without population: {len(report.without_population)}")
        write(f"Without postcode: {len(report.without_postcode)} {report.without_postcode}")
        write(f"Without position: {len(report.without_position)} {report.without_position}")
        write(
            f"Skipped outside the départements: {len(report.skipped_outside)} "
            f"({', '.join(report.skipped_outside[:5])}…)"
            if report.skipped_outside
            else "Skipped outside the départements: 0"
        )
        for name, size in report.file_sizes.items():
            write(f"{output / name}: {size:,} bytes")
        self.stdout.write(self.style.SUCCESS("Territory data written."))
