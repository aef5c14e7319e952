"""The money side of an application: its co-financing plan and the funder's payments."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey

from funding.models.applications import MONEY, Application
from funding.models.funders import Funder


class SourceType(models.TextChoices):
    EU = "eu", _("Union européenne")
    STATE = "state", _("État")
    LOCAL = "local", _("Collectivités territoriales")
    PRIVATE = "private", _("Financeurs privés")
    OWN = "own", _("Autofinancement")


PUBLIC_SOURCES = frozenset({SourceType.EU, SourceType.STATE, SourceType.LOCAL})


class LineStatus(models.TextChoices):
    SECURED = "secured", _("Acquis")
    PENDING = "pending", _("En attente")
    REFUSED = "refused", _("Refusé")


class FinancingLine(models.Model):
    """One source of the co-financing plan. The line of the call's own funder is marked
    ``is_requested``: it is the aid the application asks for."""

    application = ParentalKey(Application, on_delete=models.CASCADE, related_name="plan")
    source_type = models.CharField(_("origine"), max_length=10, choices=SourceType.choices)
    funder = models.ForeignKey(
        Funder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("financeur"),
    )
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    amount = models.DecimalField(_("montant (€)"), **MONEY)
    status = models.CharField(
        _("état"), max_length=10, choices=LineStatus.choices, default=LineStatus.PENDING
    )
    is_requested = models.BooleanField(
        _("aide demandée à cet appel"),
        default=False,
        help_text=_("Cochez la ligne du financeur de l'appel."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ligne du plan de financement")
        verbose_name_plural = _("plan de financement")

    def __str__(self):
        return self.label or self.get_source_type_display()


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("Avance")
    INTERIM = "interim", _("Acompte")
    BALANCE = "balance", _("Solde")


class Payment(models.Model):
    application = ParentalKey(Application, on_delete=models.CASCADE, related_name="payments")
    kind = models.CharField(_("versement"), max_length=10, choices=PaymentKind.choices)
    amount = models.DecimalField(_("montant (€)"), **MONEY)
    due_on = models.DateField(_("demande à faire le"), null=True, blank=True)
    received_on = models.DateField(_("reçu le"), null=True, blank=True)
    condition = models.CharField(
        _("condition"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : sur justificatif de 50 % des dépenses."),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("versement")
        verbose_name_plural = _("versements")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.amount} €"
