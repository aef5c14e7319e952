"""One entry per real place: every source id a venue answers to, the likely duplicates found
among venues of a commune, and the venues merged into another (their old URLs redirect)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.venues import Venue
from hubsite.models import Hub
from hubsite.scoping import HubScopedQuerySet


class VenueSourceId(models.Model):
    """A (source, id) that names ``venue``: its own, and those of the venues merged into it, so
    that re-importing any of their sources updates the one venue left."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="source_ids")
    source = models.CharField(_("source"), max_length=100, blank=True)
    source_id = models.CharField(_("identifiant dans la source"), max_length=255)

    class Meta:
        verbose_name = _("identifiant de source")
        verbose_name_plural = _("identifiants de source")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="unique_source_id_alias")
        ]

    def __str__(self):
        return f"{self.source}:{self.source_id}"


class PairStatus(models.TextChoices):
    OPEN = "open", _("À examiner")
    MERGED = "merged", _("Fusionnés")
    DISMISSED = "dismissed", _("Pas un doublon")


class DuplicatePairQuerySet(HubScopedQuerySet):
    def open(self) -> "DuplicatePairQuerySet":
        return self.filter(status=PairStatus.OPEN)


class DuplicatePair(models.Model):
    """Two venues of one commune that look like the same place (``first`` has the lower id).

    A dismissed pair is kept so that it is not proposed again; a merged one keeps the
    survivor as ``first`` (``second``, deleted, becomes empty).
    """

    first = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(
        Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("raisons"), default=list)
    status = models.CharField(
        _("état"), max_length=20, choices=PairStatus.choices, default=PairStatus.OPEN
    )
    found_at = models.DateTimeField(_("trouvé le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    hub_lookup = "first__departement__hub"
    objects = DuplicatePairQuerySet.as_manager()

    class Meta:
        verbose_name = _("doublon probable")
        verbose_name_plural = _("doublons probables")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_duplicate_pair")
        ]
        indexes = [models.Index(fields=["status", "-score"], name="duplicate_status_score")]

    def __str__(self):
        second = self.second.name if self.second_id else _("lieu fusionné")
        return f"{self.first.name} / {second}"

    @property
    def hub(self) -> Hub | None:
        return self.first.hub


class MergedVenue(models.Model):
    """A venue merged into ``into`` and deleted: its public URL redirects there."""

    old_id = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=255)
    into = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="merged_from")
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lieu fusionné")
        verbose_name_plural = _("lieux fusionnés")

    def __str__(self):
        return f"{self.name} ({self.old_id}) → {self.into_id}"
