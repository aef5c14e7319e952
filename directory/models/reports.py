"""Errors in a venue's listing, reported from its public page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.venues import Venue
from hubsite.models import Hub
from hubsite.scoping import HubScopedQuerySet


class ErrorReport(models.Model):
    """An error in a venue's listing, reported by anyone from its public page."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="error_reports")
    message = models.TextField(_("ce qui est inexact"), max_length=2000)
    email = models.EmailField(_("courriel (facultatif)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    hub_lookup = "venue__departement__hub"
    objects = HubScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("signalement d'erreur")
        verbose_name_plural = _("signalements d'erreur")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.venue} ({self.created_at:%d/%m/%Y})"

    @property
    def hub(self) -> Hub | None:
        return self.venue.hub
