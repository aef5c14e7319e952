"""France's administrative geography, loaded from INSEE, La Poste and IGN open data."""

import math

from django.db import connections, models
from django.utils.translation import gettext_lazy as _

from hubsite.scoping import HubScopedQuerySet
from hubsite.text import normalize_name


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departements", verbose_name=_("région")
    )
    # A département belongs to at most one hub: the foreign key makes it so by construction.
    hub = models.ForeignKey(
        "hubsite.Hub",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="departements",
        verbose_name=_("hub"),
    )
    boundary = models.JSONField(_("contour (GeoJSON simplifié)"), null=True, blank=True)
    min_latitude = models.FloatField(null=True, blank=True)
    min_longitude = models.FloatField(null=True, blank=True)
    max_latitude = models.FloatField(null=True, blank=True)
    max_longitude = models.FloatField(null=True, blank=True)

    # Reference data that every hub reads; visible_to(user) gives a coordinator's own.
    hub_lookup = "hub"
    objects = HubScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def is_overseas(self) -> bool:
        return self.code.startswith("97")


class CommuneQuerySet(models.QuerySet):
    """Lookups that stay on an index on PostgreSQL and on SQLite, whatever the data size."""

    def name_starts_with(self, prefix: str) -> "CommuneQuerySet":
        """Communes whose normalised name starts with ``prefix`` (already normalised)."""
        condition = models.Q(search_name__startswith=prefix)
        if connections[self.db].vendor == "sqlite":
            # SQLite's LIKE is case-insensitive and so cannot use the index; the same prefix
            # as a range can (search names hold [a-z0-9 ] only, which sort before "~").
            condition &= models.Q(search_name__gte=prefix, search_name__lt=prefix + "~")
        return self.filter(condition)

    def with_code(self, code: str) -> "CommuneQuerySet":
        """Communes served by the postcode ``code``, or whose INSEE code it is (Paris, Lyon
        and Marseille are also found by their arrondissements' codes). A subquery rather than
        a join: no duplicates to remove, so no DISTINCT over the communes."""
        code = code.strip().upper()
        served = PostalCode.objects.filter(code=code).values("commune_id")
        return self.filter(models.Q(pk__in=served) | models.Q(pk=commune_code_for(code)))

    def matching(self, query: str) -> "CommuneQuerySet":
        """Communes whose postcode or INSEE code is ``query``, whose postcode starts with it
        (a partial code), or whose name starts with it."""
        query = query.strip()
        if query.isdigit() or (len(query) == 5 and query[:2].upper() in {"2A", "2B"}):
            if len(query) == 5:
                return self.with_code(query)
            # Digits sort before ":" : a range, which any index serves, instead of LIKE.
            served = PostalCode.objects.filter(code__gte=query, code__lt=query + ":")
            return self.filter(pk__in=served.values("commune_id"))
        normalized = normalize_name(query)
        if not normalized:
            return self.none()
        return self.name_starts_with(normalized)

    def by_relevance(self) -> "CommuneQuerySet":
        return self.order_by(models.F("population").desc(nulls_last=True), "name")


class Commune(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        related_name="communes",
        verbose_name=_("département"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population légale"), null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.departement_id})"

    def save(self, *args, **kwargs):
        self.search_name = normalize_name(self.name)
        super().save(*args, **kwargs)

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PostalCode(models.Model):
    """A La Poste postcode serving a commune: a commune may have several, and a code several."""

    code = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="unique_postcode_commune")
        ]

    def __str__(self):
        return self.code


# Paris, Lyon and Marseille are split into municipal arrondissements that carry INSEE codes of
# their own; INSEE's population file and La Poste list the arrondissements, not the commune.
MUNICIPAL_ARRONDISSEMENTS = {
    "75056": ("75101", "75120"),
    "69123": ("69381", "69389"),
    "13055": ("13201", "13216"),
}


def commune_code_for(insee_code: str) -> str:
    """The commune's INSEE code for ``insee_code``: an arrondissement's code gives its commune's."""
    code = insee_code.strip().upper()
    for commune, (first, last) in MUNICIPAL_ARRONDISSEMENTS.items():
        if len(code) == len(first) and first <= code <= last:
            return commune
    return code


def departement_code_for(insee_code: str) -> str:
    """The département of a commune from its INSEE code (overseas codes have three digits)."""
    code = insee_code.strip().upper()
    return code[:3] if code.startswith("97") else code[:2]


EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
