"""Run daily (cron, see README): e-mails reviewers whose review is due within 7, 2 or 1 days."""

import datetime

from django.core.management.base import BaseCommand

from projects import review_reminders


class Command(BaseCommand):
    help = "Envoie les rappels aux relecteurs (7, 2 et 1 jours avant la date limite de relecture)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, date=None, **options):
        reminded = review_reminders.send_reminders(today=date)
        self.stdout.write(f"{reminded} rappel(s) de relecture envoyé(s).")
