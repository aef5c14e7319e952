"""Saved import mappings: how a source's files (a department's export, a network's
spreadsheet) read as one of the standards the apps import (``hubsite.mapping``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hubsite.scoping import HubScopedQuerySet, hub_scope


class ImportMappingQuerySet(HubScopedQuerySet):
    def for_target(self, key: str) -> "ImportMappingQuerySet":
        return self.filter(target=key)

    def usable_by(self, user) -> "ImportMappingQuerySet":
        """The mappings ``user`` may import with: their hubs' and the national team's (shared
        with every hub); every one for the national team."""
        scope = hub_scope(user)
        if scope.everything:
            return self.all()
        if not scope.hub_ids:
            return self.none()
        return self.filter(Q(hub__isnull=True) | Q(hub__in=scope.hub_ids))


class ImportMapping(models.Model):
    """A reusable source profile: which column (or constant) fills each field of a target's
    standard, the value tables of its coded columns and its timetable columns (``spec``, see
    ``hubsite.mapping``). A hub's mapping is its coordinators'; one without a hub is the
    national team's, which every hub may use but not change."""

    name = models.CharField(_("nom"), max_length=120)
    target = models.CharField(_("import"), max_length=60)
    hub = models.ForeignKey(
        "hubsite.Hub",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_mappings",
        verbose_name=_("hub"),
        help_text=_("Vide : correspondance de l'équipe nationale, utilisable par tous les hubs."),
    )
    spec = models.JSONField(_("correspondance"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("créée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    hub_lookup = "hub"
    objects = ImportMappingQuerySet.as_manager()

    class Meta:
        verbose_name = _("correspondance d'import")
        verbose_name_plural = _("correspondances d'import")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["target", "name"], name="import_mapping_unique_name")
        ]

    def __str__(self):
        return self.name
