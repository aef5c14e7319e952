"""Venues (lieux de médiation numérique) in the fields of the national standard v1.0.2."""

import datetime
import itertools

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from directory import geo, spatial
from directory.opening_hours import weekly_intervals
from directory.vocabulary import (
    AccessMode,
    Fee,
    Itinerance,
    NationalProgramme,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
    TrainingLabel,
)
from hubsite.fields import FlagsField
from hubsite.models import Commune, Departement, Hub
from hubsite.scoping import HubScopedQuerySet


class Status(models.TextChoices):
    PENDING = "pending", _("En attente de qualification")
    QUALIFIED = "qualified", _("Qualifié")
    SUSPENDED = "suspended", _("Suspendu")


# A venue whose source has not updated it for this long is worth checking.
STALE_AFTER = datetime.timedelta(days=365)


def stale_before() -> datetime.date:
    """Venues updated (by their source) before this day have not been for a year."""
    return timezone.localdate() - STALE_AFTER


def confirmed_since() -> datetime.datetime:
    """A venue confirmed after this moment was confirmed within a year (``STALE_AFTER``)."""
    return timezone.now() - STALE_AFTER


class VenueQuerySet(HubScopedQuerySet):
    # in_hub(hub) and visible_to(user) (the rule of ``directory.permissions.can_edit``) come
    # from hubsite's base, through ``Venue.hub_lookup``.

    def qualified(self) -> "VenueQuerySet":
        """What the public sees: venues their hub has qualified."""
        return self.filter(status=Status.QUALIFIED)

    def open_data(self) -> "VenueQuerySet":
        """What the open-data exports publish: qualified venues, demo venues left out."""
        return self.qualified().filter(is_demo=False)

    def confirmed_recently(self) -> "VenueQuerySet":
        """Venues whose data was confirmed within a year."""
        return self.filter(confirmed_at__gte=confirmed_since())

    def unconfirmed(self) -> "VenueQuerySet":
        """Venues never confirmed, or not within a year: the ones to ask."""
        return self.filter(unconfirmed_q())


def unconfirmed_q() -> models.Q:
    return models.Q(confirmed_at__isnull=True) | models.Q(confirmed_at__lt=confirmed_since())


class Venue(models.Model):
    # Identity, as the standard names it: ``source`` + ``id`` identify a venue across imports.
    source = models.CharField(_("source"), max_length=100, blank=True)
    source_id = models.CharField(_("identifiant dans la source"), max_length=255)
    pivot = models.CharField(
        _("SIRET ou RNA"), max_length=14, blank=True, help_text=_("Identifiant de la structure.")
    )
    name = models.CharField(_("nom"), max_length=255)
    typology = models.CharField(_("typologie"), max_length=255, blank=True)
    parent_structure = models.CharField(_("structure parente"), max_length=255, blank=True)

    # Address and position.
    address = models.CharField(_("adresse"), max_length=255)
    address_complement = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    commune_name = models.CharField(_("commune"), max_length=100)
    postcode = models.CharField(_("code postal"), max_length=5)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="venues"
    )
    departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("département"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    position_is_approximate = models.BooleanField(
        _("position approximative"),
        default=False,
        help_text=_("Placé au centre de sa commune faute de coordonnées."),
    )
    grid_cell = models.IntegerField(null=True, blank=True, editable=False, db_index=True)
    itinerance = FlagsField(_("itinérance"), vocabulary=Itinerance, blank=True)

    # What it offers and to whom.
    summary = models.TextField(_("présentation résumée"), blank=True, max_length=280)
    description = models.TextField(_("présentation détaillée"), blank=True)
    services = FlagsField(_("services"), vocabulary=Service, blank=True)
    publics = FlagsField(_("publics spécifiquement adressés"), vocabulary=Public, blank=True)
    specific_support = FlagsField(
        _("prise en charge spécifique"), vocabulary=SpecificSupport, blank=True
    )
    fees = FlagsField(_("frais à charge"), vocabulary=Fee, blank=True)
    national_programmes = FlagsField(
        _("dispositifs et programmes nationaux"), vocabulary=NationalProgramme, blank=True
    )
    training_labels = FlagsField(_("formations et labels"), vocabulary=TrainingLabel, blank=True)
    other_labels = models.CharField(_("autres formations et labels"), max_length=500, blank=True)
    access_modes = FlagsField(_("modalités d'accès"), vocabulary=AccessMode, blank=True)
    support_modes = FlagsField(_("modalités d'accompagnement"), vocabulary=SupportMode, blank=True)
    accepts_pass_numerique = models.BooleanField(
        _("accepte le pass numérique (chèques APTIC)"), default=False
    )

    # When and how to come.
    opening_hours = models.CharField(
        _("horaires (format OpenStreetMap)"), max_length=500, blank=True
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    emails = models.CharField(_("courriels"), max_length=500, blank=True)
    websites = models.CharField(_("sites web"), max_length=1000, blank=True)
    booking_url = models.URLField(_("prise de rendez-vous"), max_length=500, blank=True)
    accessibility_url = models.URLField(_("fiche Accès Libre"), max_length=500, blank=True)

    updated_on = models.DateField(_("date de mise à jour (source)"))
    # When the venue itself, or its hub's coordinator, last said its data holds (or when its
    # hub accepted its corrections): ``directory.confirmation_service``.
    confirmed_at = models.DateTimeField(
        _("informations confirmées le"), null=True, blank=True, editable=False
    )
    confirmation_opt_out = models.BooleanField(
        _("ne plus envoyer de demande de confirmation"),
        default=False,
        help_text=_("Le lieu a demandé, par le lien de ses courriels, à ne plus en recevoir."),
    )
    status = models.CharField(
        _("qualification"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    is_demo = models.BooleanField(_("lieu de démonstration"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    hub_lookup = "departement__hub"
    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="unique_venue_source_id")
        ]
        indexes = [
            # Covers the nearest search (directory.search): the window on the grid cells of
            # qualified venues, the positions it ranks and their ids are read from the index
            # alone, on PostgreSQL as on SQLite.
            models.Index(
                fields=["status", "grid_cell", "latitude", "longitude", "id"],
                name="venue_status_cell_position",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.commune_name})"

    def save(self, *args, **kwargs):
        self.grid_cell = spatial.grid_cell(self.latitude, self.longitude)
        update_fields = kwargs.get("update_fields")
        hours_changed = (update_fields is None or "opening_hours" in update_fields) and (
            self._state.adding or getattr(self, "_stored_opening_hours", None) != self.opening_hours
        )
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding:
                write_source_ids([self])
            if hours_changed:
                write_opening_intervals([self])
        self._stored_opening_hours = self.opening_hours

    def get_absolute_url(self) -> str:
        """The venue's public page (answered only once it is qualified)."""
        return reverse("finder:venue", args=[self.pk, slugify(self.name) or "lieu"])

    @classmethod
    def from_db(cls, db, field_names, values):
        venue = super().from_db(db, field_names, values)
        # The hours as stored, so that save() rewrites the opening intervals only on a change.
        venue._stored_opening_hours = venue.__dict__.get("opening_hours")
        return venue

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def misplaced_by_km(self) -> float | None:
        """How far the venue stands from its commune's centre when that is beyond its
        neighbourhood (``geo.MAX_DISTANCE_FROM_COMMUNE_KM``); None when it is near."""
        if not (self.has_position and self.commune_id):
            return None
        return geo.too_far_from_commune(self.latitude, self.longitude, self.commune)

    def clean(self):
        super().clean()
        distance = self.misplaced_by_km()
        if distance is not None:
            raise ValidationError(
                {
                    "latitude": _(
                        "Cette position est à %(distance)d km de %(commune)s : un lieu se place "
                        "à %(max)d km au plus du centre de sa commune. Corrigez la position, ou "
                        "videz-la pour placer le lieu au centre de sa commune."
                    )
                    % {
                        "distance": distance,
                        "commune": self.commune.name,
                        "max": geo.MAX_DISTANCE_FROM_COMMUNE_KM,
                    }
                },
                code="far_from_commune",
            )

    @property
    def hub(self) -> Hub | None:
        return self.departement.hub if self.departement_id else None

    @property
    def is_confirmed_recently(self) -> bool:
        return self.confirmed_at is not None and self.confirmed_at >= confirmed_since()

    @property
    def contact_email(self) -> str:
        """The first of the venue's e-mail addresses: where confirmation requests go."""
        return next((e.strip() for e in self.emails.replace(";", "|").split("|") if e.strip()), "")

    @property
    def is_free(self) -> bool:
        return Fee.GRATUIT in self.fees


class OpeningInterval(models.Model):
    """One interval of a venue's week, read from its ``opening_hours``, so that SQL can answer
    "open now" and "open on Saturday" over any number of venues. Derived data: rewritten by
    :func:`write_opening_intervals` whenever the text changes (``Venue.save`` and the importer
    do it); a text outside the supported syntax has no interval, as it matches neither filter.
    """

    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="opening_intervals", db_index=False
    )
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday, in Paris time
    opens = models.PositiveSmallIntegerField()  # minutes since midnight
    closes = models.PositiveSmallIntegerField()  # exclusive, at most 1440

    class Meta:
        verbose_name = _("plage d'ouverture")
        indexes = [
            # A few venues (a search's window): their own intervals of the day.
            models.Index(fields=["venue", "weekday", "opens", "closes"], name="opening_venue_day"),
            # A whole region or France: the venues open at a given minute, read from the index.
            models.Index(fields=["weekday", "opens", "closes", "venue"], name="opening_day_time"),
        ]

    def __str__(self):
        return f"{self.venue_id}: {self.weekday} {self.opens}-{self.closes}"


@transaction.atomic
def bulk_create_venues(venues: list[Venue], *, batch_size: int = 1000) -> list[Venue]:
    """Insert ``venues`` at once with what ``Venue.save`` derives: their grid cell and their
    opening intervals (both supported databases return the new ids)."""
    for venue in venues:
        venue.grid_cell = spatial.grid_cell(venue.latitude, venue.longitude)
    created = Venue.objects.bulk_create(venues, batch_size=batch_size)
    write_source_ids(created)
    write_opening_intervals(created)
    return created


def write_source_ids(venues) -> None:
    """Record the (source, id) of new ``venues`` among the ids the importer matches on
    (``directory.models.duplicates.VenueSourceId``)."""
    source_id_model = Venue._meta.get_field("source_ids").related_model
    source_id_model.objects.bulk_create(
        [
            source_id_model(venue_id=venue.pk, source=venue.source, source_id=venue.source_id)
            for venue in venues
        ],
        batch_size=1000,
    )


@transaction.atomic
def write_opening_intervals(venues, *, batch_size: int = 500) -> None:
    """Rewrite the opening intervals of ``venues`` (saved, so with a pk) from their text.
    ``manage.py rebuild_opening_intervals`` runs it on every venue, for when the reading of
    the text changes (``directory.opening_hours``)."""
    remaining = iter(venues)  # read a batch at a time: a queryset's iterator() stays lazy
    while batch := list(itertools.islice(remaining, batch_size)):
        OpeningInterval.objects.filter(venue_id__in=[venue.pk for venue in batch]).delete()
        OpeningInterval.objects.bulk_create(
            [
                OpeningInterval(venue_id=venue.pk, weekday=day, opens=opens, closes=closes)
                for venue in batch
                for day, opens, closes in weekly_intervals(venue.opening_hours)
            ],
            batch_size=1000,
        )
