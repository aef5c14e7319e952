"""Run daily (cron, see README): e-mails the reminders of the funding deadlines due today."""

import datetime

from django.core.management.base import BaseCommand

from funding import deadlines
from funding.services import refresh_call_deadlines


class Command(BaseCommand):
    help = "Envoie les rappels des échéances de financement (14, 7 et 1 jours avant, retards)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, date=None, **options):
        refreshed = refresh_call_deadlines(today=date)
        reminded = deadlines.send_reminders(today=date)
        self.stdout.write(f"{refreshed} appel(s) recalculé(s), {reminded} rappel(s) envoyé(s).")
