"""What a dossier promises and reports: its indicators with a target per year, the values the
hub reports for each year of follow-up, and the documents of the follow-up (the signed
agreement, the interim and end reports, the monitoring committee's minutes)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from projects.models.dossiers import Dossier

YEARS = (1, 2, 3)


class Indicator(models.Model):
    dossier = ParentalKey(Dossier, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("indicateur"), max_length=200)
    unit = models.CharField(_("unité"), max_length=50, help_text=_("Personnes, ateliers, %…"))
    baseline = models.DecimalField(
        _("valeur de départ"), max_digits=12, decimal_places=2, default=0
    )
    target_year1 = models.DecimalField(_("cible année 1"), max_digits=12, decimal_places=2)
    target_year2 = models.DecimalField(_("cible année 2"), max_digits=12, decimal_places=2)
    target_year3 = models.DecimalField(_("cible année 3"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.label} ({self.unit})"

    def target(self, year: int):
        return getattr(self, f"target_year{year}")


class IndicatorReport(models.Model):
    """The value the hub reports for an indicator at the end of a year of the project."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    value = models.DecimalField(_("valeur atteinte"), max_digits=12, decimal_places=2)
    comment = models.TextField(_("commentaire"), blank=True)
    reported_at = models.DateTimeField(auto_now=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("indicateur renseigné")
        verbose_name_plural = _("indicateurs renseignés")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_reported_once"),
            models.CheckConstraint(
                condition=models.Q(year__gte=1, year__lte=3), name="indicator_report_year"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} — année {self.year} : {self.value}"


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Convention signée")
    INTERIM_REPORT = "interim_report", _("Rapport intermédiaire")
    END_REPORT = "end_report", _("Rapport final")
    COMMITTEE_MINUTES = "minutes", _("Compte rendu du comité de suivi")


class FollowUpDocument(models.Model):
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="follow_up_documents"
    )
    kind = models.CharField(_("type de document"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("titre"), max_length=200, blank=True)
    # Checked by ``hubsite.uploads.validate_upload`` in the service that stores it.
    file = models.FileField(_("fichier"), upload_to="projets/suivi/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document de suivi")
        verbose_name_plural = _("documents de suivi")
        ordering = ["dossier", "uploaded_at", "pk"]

    def __str__(self):
        return self.title or self.get_kind_display()
