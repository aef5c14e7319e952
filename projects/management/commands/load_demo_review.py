from django.core.management.base import BaseCommand

from hubsite.demo.data import DEMO_PASSWORD
from projects.demo import review


class Command(BaseCommand):
    help = (
        "Charge la démonstration de la relecture : l'appel des hubs de l'année, sa grille, un "
        "dossier par hub de démonstration à chaque étape, trois relecteurs. Idempotente."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args, password, **options):
        logins = review.load(password)
        self.stdout.write("Relecture : appel des hubs 2026 et dossiers de démonstration chargés.")
        for username, label in logins:
            self.stdout.write(f"  {username:<34} {password}   ({label})")
