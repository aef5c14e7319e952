"""The committee's decision on a dossier, recorded by the national team: approved with the
amount granted, its conditions and the payment tranches each released once its condition is
met; or rejected with the reasons. The motivation is owed either way."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models.dossiers import Dossier
from projects.models.follow_up import Indicator


class Outcome(models.TextChoices):
    APPROVED = "approved", _("Accepté")
    REJECTED = "rejected", _("Refusé")


class Decision(models.Model):
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("décision"), max_length=10, choices=Outcome.choices)
    amount_granted = models.DecimalField(
        _("montant accordé (€)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    conditions = models.TextField(_("conditions"), blank=True)
    reasons = models.TextField(_("raisons du refus"), blank=True)
    motivation = models.TextField(_("motivation"))
    decided_at = models.DateTimeField(_("décidé le"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="approved") | models.Q(amount_granted__gt=0),
                name="approved_decision_grants_an_amount",
            )
        ]

    def __str__(self):
        return f"{self.dossier} — {self.get_outcome_display()}"

    @property
    def approved(self) -> bool:
        return self.outcome == Outcome.APPROVED


class TrancheCondition(models.TextChoices):
    AGREEMENT = "agreement", _("Convention signée")
    INTERIM_REPORT = "interim_report", _("Rapport intermédiaire reçu")
    END_REPORT = "end_report", _("Rapport final reçu")
    INDICATOR = "indicator", _("Indicateur renseigné pour une année")
    OTHER = "other", _("Autre condition (texte libre)")


class Tranche(models.Model):
    """A payment of the amount granted, planned for a date and released by the national team
    once its condition is met."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="tranches")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("tranche"), max_length=200)
    amount = models.DecimalField(
        _("montant (€)"), max_digits=12, decimal_places=0, validators=[MinValueValidator(1)]
    )
    planned_on = models.DateField(_("date prévue"))
    condition = models.CharField(
        _("condition de versement"), max_length=20, choices=TrancheCondition.choices
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicateur"),
    )
    year = models.PositiveSmallIntegerField(
        _("année"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    condition_text = models.CharField(_("précision sur la condition"), max_length=300, blank=True)
    released_at = models.DateTimeField(_("versée le"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("tranche de paiement")
        verbose_name_plural = _("tranches de paiement")
        ordering = ["decision", "position", "planned_on", "pk"]

    def __str__(self):
        return self.label

    @property
    def released(self) -> bool:
        return self.released_at is not None

    def condition_label(self) -> str:
        """The condition as the hub reads it (« Indicateur « Personnes accompagnées »
        renseigné pour l'année 2 »)."""
        if self.condition == TrancheCondition.INDICATOR and self.indicator_id:
            return _("Indicateur « %(indicator)s » renseigné pour l'année %(year)s") % {
                "indicator": self.indicator.label,
                "year": self.year,
            }
        if self.condition == TrancheCondition.OTHER:
            return self.condition_text
        label = self.get_condition_display()
        return f"{label} — {self.condition_text}" if self.condition_text else label
