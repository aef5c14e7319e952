"""A hub's dossier in a call: what it will do, its three-year budget and financing plan, and
the versions it submitted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from hubsite.models import Departement, Hub
from hubsite.scoping import HubScopedQuerySet
from projects.economics import EconomicModel, Line, SourceKind, check
from projects.models.calls import ProjectCall
from projects.models.solutions import Solution


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposé")
    ELIGIBLE = "eligible", _("Éligibilité vérifiée")
    IN_REVIEW = "in_review", _("En relecture")
    CHANGES_REQUESTED = "changes_requested", _("Compléments demandés")
    RESUBMITTED = "resubmitted", _("Complété")
    COMMITTEE = "committee", _("En comité")
    APPROVED = "approved", _("Accepté")
    REJECTED = "rejected", _("Refusé")
    FOLLOW_UP = "follow_up", _("En suivi")
    CLOSED = "closed", _("Clos")


class Dossier(ClusterableModel):
    call = models.ForeignKey(
        ProjectCall, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("appel")
    )
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="dossiers")
    title = models.CharField(_("titre du projet"), max_length=200)
    summary = models.TextField(_("résumé"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    departements = models.ManyToManyField(
        Departement, blank=True, related_name="+", verbose_name=_("départements couverts")
    )
    priority_neighbourhoods = models.TextField(
        _("quartiers prioritaires de la politique de la ville"),
        blank=True,
        help_text=_("Un quartier par ligne, avec sa commune."),
    )
    solutions = models.ManyToManyField(
        Solution, blank=True, related_name="dossiers", verbose_name=_("solutions essaimées")
    )
    status = models.CharField(
        _("état"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    hub_lookup = "hub"
    objects = HubScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["call", "hub__name"]
        constraints = [
            models.UniqueConstraint(fields=["call", "hub"], name="one_dossier_per_hub_and_call")
        ]

    def __str__(self):
        return f"{self.title} ({self.hub})"

    def economic_model(self) -> EconomicModel:
        """The model computed from the dossier's lines (prefetch ``expenses`` and
        ``financing`` when computing it for many dossiers)."""
        return EconomicModel.compute(
            (line.as_line() for line in self.expenses.all()),
            (line.as_line() for line in self.financing.all()),
        )

    def missing_documents(self) -> list[str]:
        """The documents the call asks for that the dossier does not hold yet."""
        provided = {document.kind for document in self.documents.all() if document.file}
        return [kind for kind in self.call.required_document_kinds() if kind not in provided]

    def rule_results(self, model: EconomicModel | None = None):
        return check(model or self.economic_model(), self.call.economic_rules())


class YearlyAmounts(models.Model):
    year1 = models.DecimalField(_("année 1 (€)"), max_digits=12, decimal_places=0, default=0)
    year2 = models.DecimalField(_("année 2 (€)"), max_digits=12, decimal_places=0, default=0)
    year3 = models.DecimalField(_("année 3 (€)"), max_digits=12, decimal_places=0, default=0)

    class Meta:
        abstract = True

    @property
    def total(self):
        return self.year1 + self.year2 + self.year3


class ExpenseCategory(models.TextChoices):
    STAFF = "staff", _("Personnel")
    EQUIPMENT = "equipment", _("Équipement")
    TRAINING = "training", _("Formation")
    COMMUNICATION = "communication", _("Communication")
    TRAVEL = "travel", _("Déplacements")
    SERVICES = "services", _("Prestations")
    OVERHEADS = "overheads", _("Frais de structure")
    OTHER = "other", _("Autres dépenses")


class ExpenseLine(YearlyAmounts):
    dossier = ParentalKey(Dossier, on_delete=models.CASCADE, related_name="expenses")
    category = models.CharField(_("catégorie"), max_length=20, choices=ExpenseCategory.choices)
    label = models.CharField(_("intitulé"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("dépense")
        verbose_name_plural = _("dépenses")
        ordering = ["pk"]

    def __str__(self):
        return self.label or self.get_category_display()

    def as_line(self) -> Line:
        return Line(amounts=(self.year1, self.year2, self.year3), kind=self.category)


class FinancingLine(YearlyAmounts):
    dossier = ParentalKey(Dossier, on_delete=models.CASCADE, related_name="financing")
    source = models.CharField(_("source"), max_length=10, choices=SourceKind.choices)
    label = models.CharField(_("financeur"), max_length=200, blank=True)
    secured = models.BooleanField(_("acquis"), default=False)

    class Meta:
        verbose_name = _("financement")
        verbose_name_plural = _("financements")
        ordering = ["pk"]

    def __str__(self):
        return self.label or self.get_source_display()

    def as_line(self) -> Line:
        return Line(
            amounts=(self.year1, self.year2, self.year3), kind=self.source, secured=self.secured
        )


class DossierVersion(models.Model):
    """What the hub submitted, kept whole: reviewers compare versions."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("version déposée")
        verbose_name_plural = _("versions déposées")
        ordering = ["dossier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="dossier_version_unique")
        ]

    def __str__(self):
        return f"{self.dossier} — v{self.number}"
