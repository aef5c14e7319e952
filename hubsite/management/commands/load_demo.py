"""Demo data: ten hubs named after their territory, with news, events, pages and logins.

Idempotent: a hub or a login that already exists is left as it is.

Extension point: other apps add their own demo data with a command of their own, which this
command calls after the hubs exist if it is installed. ``DEMO_EXTENSIONS`` lists them; the
directory's ``load_demo_venues`` adds venues to the demo hubs' départements.
"""

import io

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

# DEMO_HUBS, DEMO_PASSWORD and NATIONAL_USERNAME stay importable from the command (tests use them).
from hubsite.demo.data import DEMO_HUBS, DEMO_PASSWORD, NATIONAL_USERNAME  # noqa: F401
from hubsite.demo.hubs import create_demo_hub, ensure_coordinator, ensure_national_login
from hubsite.models import Departement, Hub

# Commands of other apps that add to the demo, run in this order when they are installed.
DEMO_EXTENSIONS = (
    "load_demo_venues",
    "load_demo_solutions",
    "load_demo_confirmations",
    "load_demo_review",
    "load_demo_funding",
)


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration : dix hubs avec actualités, événements, pages et "
        "un identifiant par hub, plus l'équipe nationale. Idempotente."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help="Mot de passe des comptes créés (défaut : %(default)s).",
        )
        parser.add_argument(
            "--no-extensions",
            action="store_true",
            help="Ne pas lancer les commandes de démonstration des autres applications "
            f"({', '.join(DEMO_EXTENSIONS)}).",
        )

    def handle(self, *args, password, no_extensions=False, **options):
        call_command("setup_portal", stdout=io.StringIO())
        if not Departement.objects.exists():
            self.stdout.write("Aucun territoire : chargement des territoires…")
            call_command("load_territories", stdout=self.stdout)

        logins = []
        for index, spec in enumerate(DEMO_HUBS):
            hub = Hub.objects.filter(slug=spec.slug).first()
            if hub is None:
                hub = create_demo_hub(spec, index)
                self.stdout.write(f"Hub créé : {hub.name}")
            logins.append((ensure_coordinator(spec, hub, password), hub.name))
        logins.append((ensure_national_login(password), "Équipe nationale"))

        commands = get_commands()
        for name in () if no_extensions else DEMO_EXTENSIONS:
            if name in commands:
                call_command(name, stdout=self.stdout)

        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                "Identifiants de démonstration (/admin/ ; mot de passe donné à la création) :"
            )
        )
        for username, label in logins:
            self.stdout.write(f"  {username:<34} {password}   ({label})")
