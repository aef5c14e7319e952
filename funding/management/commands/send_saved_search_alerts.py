"""Run daily (cron, see README): e-mails each saved search's owner the calls newly matching."""

from django.core.management.base import BaseCommand

from funding.searches import send_search_alerts


class Command(BaseCommand):
    help = (
        "Envoie à chaque propriétaire d'une recherche enregistrée les appels à projets qui y "
        "correspondent depuis la dernière fois (chaque appel une seule fois par recherche)."
    )

    def handle(self, *args, **options):
        sent = send_search_alerts()
        self.stdout.write(f"{sent} alerte(s) envoyée(s).")
