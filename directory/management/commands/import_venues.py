"""Import venues from a file in the national standard (CSV or JSON, v0 and v1 fields)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.forms import import_max_bytes
from directory.import_mapping import TARGET_KEY, import_any_file
from directory.importer import ImportFileError
from hubsite.models import ImportMapping

MEGABYTE = 1024 * 1024


class Command(BaseCommand):
    help = (
        "Importe des lieux depuis un fichier CSV ou JSON au format du schéma national des lieux "
        "de médiation numérique. Réimporter met à jour par (source, id) et ne change rien si "
        "rien n'a changé. Les nouveaux lieux attendent leur qualification."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier .csv ou .json (UTF-8).")
        parser.add_argument(
            "--source",
            help="Nom de la source (sinon la colonne source de chaque ligne, sinon le nom du "
            "fichier).",
        )
        parser.add_argument(
            "--mapping",
            help="Nom d'une correspondance enregistrée, pour un fichier dont les colonnes ne "
            "sont pas celles du schéma.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Montre ce qui changerait, sans rien enregistrer.",
        )
        parser.add_argument(
            "--max-mo",
            type=int,
            default=None,
            help="Taille maximale du fichier en Mo (par défaut celle des imports de "
            "l'administration, DIRECTORY_IMPORT_MAX_BYTES).",
        )

    def handle(self, *args, file: Path, source, mapping, dry_run, max_mo, verbosity, **options):
        mapping = self.find_mapping(mapping) if mapping else None
        max_bytes = import_max_bytes() if max_mo is None else max_mo * MEGABYTE
        try:
            # Checked before reading: a huge file must not fill the memory first.
            if file.stat().st_size > max_bytes:
                raise CommandError(
                    f"{file} dépasse la taille maximale ({max_bytes // MEGABYTE} Mo) : "
                    "découpez-le, ou relevez la limite avec --max-mo."
                )
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file} : {error.strerror}") from None
        try:
            report = import_any_file(
                data,
                mapping=mapping,
                filename=file.name,
                source=source,
                dry_run=dry_run,
                max_bytes=max_bytes,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from None

        for problem in report.rejected:
            self.stderr.write(self.style.ERROR(f"Rejetée — {problem}"))
        for problem in report.warnings:
            self.stderr.write(self.style.WARNING(f"Avertissement — {problem}"))
        if dry_run or verbosity >= 2:
            verb = "serait créé" if dry_run else "créé"
            for change in report.created:
                self.stdout.write(f"Ligne {change.row} : {change.name} ({change.id}) {verb}")
            verb = "changerait" if dry_run else "changé"
            for change in report.updated:
                self.stdout.write(
                    f"Ligne {change.row} : {change.name} ({change.id}) {verb} : "
                    + ", ".join(change.fields)
                )
        style = self.style.WARNING if report.rejected else self.style.SUCCESS
        self.stdout.write(style(f"{report.summary()} ({report.seconds:.1f} s)"))

    def find_mapping(self, name: str) -> ImportMapping:
        mappings = ImportMapping.objects.for_target(TARGET_KEY)
        found = mappings.filter(name=name).first()
        if found is None:
            known = ", ".join(f"« {name} »" for name in mappings.values_list("name", flat=True))
            raise CommandError(
                f"Aucune correspondance « {name} »"
                + (f" ; correspondances enregistrées : {known}." if known else ".")
            )
        return found
