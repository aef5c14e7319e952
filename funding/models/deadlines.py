"""The dates of an application that must not be missed, and the reminders sent for them.

Most deadlines are derived from the application (the call's date, the final report, the
payment requests, the end of the agreement: ``funding.deadlines.sync_deadlines``); a
coordinator may move one (it is then ``edited`` and kept) or add their own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from funding.models.applications import Application


class DeadlineKind(models.TextChoices):
    CALL = "call", _("Date limite de l'appel")
    REPORT = "report", _("Bilan à rendre")
    PAYMENT_REQUEST = "payment_request", _("Demande de versement")
    AGREEMENT_END = "agreement_end", _("Fin de la convention")
    OTHER = "other", _("Autre échéance")


class Deadline(models.Model):
    application = ParentalKey(Application, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("échéance"), max_length=20, choices=DeadlineKind.choices)
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    due_on = models.DateField(_("date"), db_index=True)
    done_on = models.DateField(_("faite le"), null=True, blank=True)
    # What it is derived from ("call", "final_report", "payment:12"...), empty when added by hand.
    source = models.CharField(max_length=40, blank=True, editable=False)
    edited = models.BooleanField(
        _("date modifiée à la main"),
        default=False,
        help_text=_("Une date modifiée n'est plus recalculée depuis la candidature."),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "source"],
                condition=~models.Q(source=""),
                name="funding_deadline_one_per_source",
            )
        ]
        verbose_name = _("échéance")
        verbose_name_plural = _("échéances")

    def __str__(self):
        return self.label or self.get_kind_display()


class SentReminder(models.Model):
    """A reminder sent for a deadline at a threshold (days before; negative once overdue):
    the record that makes the reminder task idempotent."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.SmallIntegerField()
    due_on = models.DateField(
        help_text="The deadline's date when reminded: a moved date is due again."
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "threshold", "due_on"], name="funding_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.deadline} ({self.threshold})"


class ApplicationComment(models.Model):
    """A note between the coordinators working on an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("commentaire"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")

    def __str__(self):
        return self.text[:60]
