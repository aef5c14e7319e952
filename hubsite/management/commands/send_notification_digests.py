from django.core.management.base import BaseCommand

from hubsite.notifications import send_digests


class Command(BaseCommand):
    help = (
        "Envoie à chacun son récapitulatif quotidien des notifications en attente ; "
        "relancée le même jour, elle n'envoie rien de plus à ceux qui l'ont reçu."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} récapitulatif(s) envoyé(s).")
