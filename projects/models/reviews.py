"""The review of a call's dossiers: who reviews which dossier, the conflicts of interest they
declare, and each reviewer's filled grid."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hubsite.models import Hub
from projects.models.calls import Criterion, ProjectCall
from projects.models.dossiers import Dossier


class ConflictOfInterest(models.Model):
    """A reviewer who declares a tie with a hub is never assigned its dossiers."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts_of_interest"
    )
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("nature du lien"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "hub"], name="conflict_once_per_hub")
        ]

    def __str__(self):
        return f"{self.reviewer} — {self.hub}"


class Recommendation(models.TextChoices):
    FAVOURABLE = "favourable", _("Favorable")
    RESERVED = "reserved", _("Favorable avec réserves")
    UNFAVOURABLE = "unfavourable", _("Défavorable")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("En cours")
    SUBMITTED = "submitted", _("Envoyée")


class Review(models.Model):
    """One reviewer's assignment to one dossier, and the grid they fill for it."""

    call = models.ForeignKey(ProjectCall, on_delete=models.CASCADE, related_name="reviews")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    status = models.CharField(
        _("état"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    recommendation = models.CharField(
        _("avis"), max_length=15, choices=Recommendation.choices, blank=True
    )
    shared_comment = models.TextField(
        _("commentaire communiqué au hub"),
        blank=True,
        help_text=_("Le hub le lira avec la décision ; il ne verra pas votre nom."),
    )
    private_note = models.TextField(
        _("note pour le comité"),
        blank=True,
        help_text=_("Lue par l'équipe nationale et les autres relecteurs, jamais par le hub."),
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("relecture")
        verbose_name_plural = _("relectures")
        ordering = ["dossier", "assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "reviewer"], name="one_review_per_reviewer")
        ]

    def __str__(self):
        return f"{self.dossier} — {self.reviewer}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED


class Score(models.Model):
    """A reviewer's mark on one criterion; no value means "not applicable"."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(
        _("note"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion} : {self.value if self.value is not None else '—'}"
