"""A hub's application to a call: who leads it, who partners, what it funds, the money asked,
granted and received, and where it stands in the pipeline (``funding.transitions``)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel

from funding.models.calls import Call
from hubsite.scoping import HubScoped, HubScopedQuerySet, hub_scope

MONEY = {"max_digits": 12, "decimal_places": 2}


class Status(models.TextChoices):
    IDEA = "idea", _("Idée")
    PREPARING = "preparing", _("En préparation")
    SUBMITTED = "submitted", _("Déposé")
    INSTRUCTION = "instruction", _("En instruction")
    GRANTED = "granted", _("Accordé")
    PARTLY_GRANTED = "partly_granted", _("Accordé en partie")
    REJECTED = "rejected", _("Refusé")
    WITHDRAWN = "withdrawn", _("Retiré")
    AGREEMENT_SIGNED = "agreement_signed", _("Convention signée")
    PAYMENTS = "payments", _("Versements en cours")
    FINAL_REPORT = "final_report", _("Bilan final")
    CLOSED = "closed", _("Clôturé")


# Where a decision has been made in the applicant's favour (for success rates and money won).
WON = frozenset(
    {
        Status.GRANTED,
        Status.PARTLY_GRANTED,
        Status.AGREEMENT_SIGNED,
        Status.PAYMENTS,
        Status.FINAL_REPORT,
        Status.CLOSED,
    }
)
DECIDED = WON | {Status.REJECTED}


class ApplicationQuerySet(HubScopedQuerySet):
    def visible_to(self, user) -> "ApplicationQuerySet":
        """Every application for the national team; for a coordinator, those their hubs lead
        and those they partner in; none for anyone else."""
        scope = hub_scope(user)
        if scope.everything:
            return self
        if not scope.hub_ids:
            return self.none()
        partnered = Application.partner_hubs.through.objects.filter(hub__in=scope.hub_ids)
        return self.filter(Q(hub__in=scope.hub_ids) | Q(pk__in=partnered.values("application")))

    def shared_with(self, hub) -> "ApplicationQuerySet":
        return self.filter(partner_hubs=hub)


class Application(HubScoped, ClusterableModel):
    hub_lookup = "hub"

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("appel")
    )
    hub = models.ForeignKey(
        "hubsite.Hub",
        on_delete=models.CASCADE,
        related_name="funding_applications",
        verbose_name=_("hub porteur"),
    )
    partner_hubs = models.ManyToManyField(
        "hubsite.Hub",
        blank=True,
        related_name="partnered_funding_applications",
        verbose_name=_("hubs partenaires"),
        help_text=_("Ils voient la candidature sans pouvoir la modifier."),
    )
    solutions = models.ManyToManyField(
        "projects.Solution",
        blank=True,
        related_name="funding_applications",
        verbose_name=_("solutions financées"),
    )
    title = models.CharField(_("intitulé du projet"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("étape"), max_length=20, choices=Status.choices, default=Status.IDEA, db_index=True
    )
    total_budget = models.DecimalField(_("budget total (€)"), default=Decimal(0), **MONEY)
    amount_requested = models.DecimalField(_("montant demandé (€)"), default=Decimal(0), **MONEY)
    amount_granted = models.DecimalField(_("montant accordé (€)"), null=True, blank=True, **MONEY)
    submitted_on = models.DateField(_("déposée le"), null=True, blank=True)
    decided_on = models.DateField(_("décision le"), null=True, blank=True)
    agreement_signed_on = models.DateField(_("convention signée le"), null=True, blank=True)
    agreement_ends_on = models.DateField(_("fin de la convention"), null=True, blank=True)
    final_report_due_on = models.DateField(_("bilan final attendu le"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")

    def __str__(self):
        return self.title

    @property
    def amount_received(self) -> Decimal:
        """What the funder has paid so far (the payments received)."""
        if hasattr(self, "received_total"):
            return self.received_total or Decimal(0)
        total = self.payments.filter(received_on__isnull=False).aggregate(total=Sum("amount"))
        return total["total"] or Decimal(0)
