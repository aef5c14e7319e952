"""How far each commune lives from the directory's venues: derived data, recomputed in the
background (``directory.coverage``) after venues change, read by the coverage pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hubsite.models import Commune
from hubsite.scoping import HubScopedQuerySet


class CommuneCoverage(models.Model):
    """The distances from a commune's centre to the nearest qualified venue, the nearest
    accepting the pass numérique and the nearest open on Saturday; None when there is none
    within ``directory.coverage.MAX_SEARCH_KM``."""

    commune = models.OneToOneField(
        Commune, on_delete=models.CASCADE, primary_key=True, related_name="coverage"
    )
    nearest_km = models.FloatField(_("lieu le plus proche (km)"), null=True)
    pass_numerique_km = models.FloatField(_("lieu acceptant le pass numérique (km)"), null=True)
    saturday_km = models.FloatField(_("lieu ouvert le samedi (km)"), null=True)

    hub_lookup = "commune__departement__hub"
    objects = HubScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("desserte d'une commune")
        verbose_name_plural = _("desserte des communes")

    def __str__(self):
        return f"{self.commune_id}: {self.nearest_km}"


class CoverageState(models.Model):
    """The one row saying when coverage was last asked for and last computed, so that a
    burst of changes queues one computation and a computation run twice works once."""

    requested_at = models.DateTimeField(null=True)
    computed_at = models.DateTimeField(null=True)
    queued = models.BooleanField(default=False)
    venues = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("calcul de la desserte")

    def __str__(self):
        return f"{self.requested_at} / {self.computed_at}"
