"""Outside experts asked for an opinion on a dossier, without an account: a personal link
(its token stored hashed) good once, until the day the national team gave them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models.dossiers import Dossier
from projects.models.reviews import Recommendation, Review


class ExpertOpinionQuerySet(models.QuerySet):
    def submitted(self) -> "ExpertOpinionQuerySet":
        return self.filter(submitted_at__isnull=False)


class ExpertOpinion(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="expert_opinions")
    expert_name = models.CharField(_("nom de l'expert ou de l'experte"), max_length=200)
    email = models.EmailField(_("adresse électronique"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("valable jusqu'au"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    opinion = models.TextField(_("avis"), blank=True)
    recommendation = models.CharField(
        _("recommandation"), max_length=15, choices=Recommendation.choices, blank=True
    )

    objects = ExpertOpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("avis d'expert")
        verbose_name_plural = _("avis d'experts")
        ordering = ["dossier", "requested_at"]

    def __str__(self):
        return f"{self.expert_name} — {self.dossier}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_live(self) -> bool:
        return not self.is_submitted and not self.is_expired


class ReviewReminder(models.Model):
    """A reminder sent to a review's reviewer at a threshold (days before the call's review
    deadline): the record that makes the reminder task idempotent."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.PositiveSmallIntegerField()
    due_on = models.DateField(
        help_text="The review deadline when reminded: a moved date is due again."
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "threshold", "due_on"], name="review_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.review} ({self.threshold})"
