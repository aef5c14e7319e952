"""Saved searches of the calls' catalogue: a coordinator's filters (the catalogue URL's
query) kept under a name, and the calls already announced to them, so that the daily task
e-mails each newly matching call once per search."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hubsite.scoping import HubScoped, HubScopedQuerySet


class SavedSearchQuerySet(HubScopedQuerySet):
    def owned_by(self, user) -> "SavedSearchQuerySet":
        return self.filter(owner=user) if user.is_authenticated else self.none()


class SavedSearch(HubScoped, models.Model):
    """Its owner's alone (``funding.permissions.can_manage_search``); ``hub`` is the hub the
    owner coordinated when saving it, none for the national team."""

    hub_lookup = "hub"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="funding_saved_searches",
        verbose_name=_("propriétaire"),
    )
    hub = models.ForeignKey(
        "hubsite.Hub", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("nom"), max_length=120)
    query = models.TextField(_("filtres"), blank=True)
    subscribed = models.BooleanField(_("alerte par e-mail"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    last_run_at = models.DateTimeField(_("dernière recherche"), null=True, blank=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("recherche enregistrée")
        verbose_name_plural = _("recherches enregistrées")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="funding_search_unique_name")
        ]

    def __str__(self):
        return self.name


class AnnouncedCall(models.Model):
    """A call a saved search has matched and its owner knows of (announced, or already
    matching when the search was saved)."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="announced")
    call = models.ForeignKey("funding.Call", on_delete=models.CASCADE, related_name="+")
    announced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["search", "call"], name="funding_announced_once")
        ]

    def __str__(self):
        return f"{self.search} — {self.call_id}"
