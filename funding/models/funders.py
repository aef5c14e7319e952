"""Who funds: funders and their programmes, a catalogue the national team and the hubs share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FunderType(models.TextChoices):
    EU = "eu", _("Union européenne")
    STATE = "state", _("État")
    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")
    MUNICIPALITY = "municipality", _("Commune ou intercommunalité")
    FOUNDATION = "foundation", _("Fondation privée")
    COMPANY = "company", _("Entreprise")


# A funder's type counts as public aid (state aid ceilings) unless it is private.
PUBLIC_FUNDER_TYPES = frozenset(
    {
        FunderType.EU,
        FunderType.STATE,
        FunderType.REGION,
        FunderType.DEPARTEMENT,
        FunderType.MUNICIPALITY,
    }
)


class Funder(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=FunderType.choices)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("présentation"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("financeur")
        verbose_name_plural = _("financeurs")

    def __str__(self):
        return self.name

    @property
    def is_public(self) -> bool:
        return self.type in PUBLIC_FUNDER_TYPES


class Programme(models.Model):
    """A funder's programme (FEDER Bretagne 2021-2027, FSE+ national, Erasmus+...)."""

    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("financeur")
    )
    name = models.CharField(_("nom"), max_length=200)
    period = models.CharField(_("période"), max_length=20, blank=True, help_text="2021-2027")
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        ordering = ["funder__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["funder", "name"], name="funding_programme_unique")
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return f"{self.funder} — {self.name}"
