from django.core.management.base import BaseCommand

from hubsite.demo.data import DEMO_PASSWORD
from projects.demo import expert_opinion, review


class Command(BaseCommand):
    help = (
        "Charge la démonstration de la relecture : l'appel des hubs de l'année, sa grille, un "
        "dossier par hub de démonstration à chaque étape, trois relecteurs, un avis d'expert. "
        "Idempotente."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args, password, **options):
        logins = review.load(password)
        opinion = expert_opinion.load()
        self.stdout.write("Relecture : appel des hubs 2026 et dossiers de démonstration chargés.")
        if opinion is not None:
            self.stdout.write(
                f"  Avis d'expert sur « {opinion.dossier.title} » : {opinion.expert_name}"
            )
        for username, label in logins:
            self.stdout.write(f"  {username:<34} {password}   ({label})")
