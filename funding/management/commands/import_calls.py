"""Import calls for proposals from a CSV or XLSX file through a saved mapping."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from funding.import_files import MAX_BYTES, CallFileError
from funding.import_target import TARGET_KEY
from funding.importer import import_calls_file
from hubsite.models import ImportMapping


class Command(BaseCommand):
    help = (
        "Importe des appels à projets depuis un fichier CSV ou XLSX, lu par une correspondance "
        "enregistrée. Réimporter met à jour (par identifiant de la source, sinon par financeur "
        "et intitulé) et ne change rien si rien n'a changé. Les financeurs doivent exister."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier .csv (UTF-8) ou .xlsx.")
        parser.add_argument(
            "--mapping", required=True, help="Nom de la correspondance enregistrée à utiliser."
        )
        parser.add_argument(
            "--source",
            help="Nom de la source (sinon la colonne source, sinon le nom de la correspondance).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Montre ce qui changerait, sans rien enregistrer.",
        )

    def handle(self, *args, file: Path, mapping, source, dry_run, verbosity, **options):
        found = self.find_mapping(mapping)
        try:
            if file.stat().st_size > MAX_BYTES:
                raise CommandError(
                    f"{file} dépasse la taille maximale ({MAX_BYTES // (1024 * 1024)} Mo)."
                )
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file} : {error.strerror}") from None
        try:
            report = import_calls_file(
                data,
                spec=found.spec,
                filename=file.name,
                source=source or found.name,
                dry_run=dry_run,
            )
        except CallFileError as error:
            raise CommandError(str(error)) from None
        for problem in report.rejected:
            self.stderr.write(self.style.ERROR(f"Rejetée — {problem}"))
        for problem in report.warnings:
            self.stderr.write(self.style.WARNING(f"Avertissement — {problem}"))
        if dry_run or verbosity >= 2:
            verb = "serait créé" if dry_run else "créé"
            for change in report.created:
                self.stdout.write(f"Ligne {change.row} : {change.title} {verb}")
            verb = "changerait" if dry_run else "changé"
            for change in report.updated:
                self.stdout.write(
                    f"Ligne {change.row} : {change.title} {verb} : " + ", ".join(change.labels())
                )
        style = self.style.WARNING if report.rejected else self.style.SUCCESS
        self.stdout.write(style(f"{report.summary()} ({report.seconds:.1f} s)"))

    def find_mapping(self, name: str) -> ImportMapping:
        mappings = ImportMapping.objects.for_target(TARGET_KEY)
        found = mappings.filter(name=name).first()
        if found is None:
            known = ", ".join(f"« {n} »" for n in mappings.values_list("name", flat=True))
            raise CommandError(
                f"Aucune correspondance d'appels « {name} »"
                + (f" ; correspondances enregistrées : {known}." if known else ".")
            )
        return found
