"""A solution: a way of helping people with digital tools that works somewhere, described by
the organisation that runs it and vouched for by its hub.

It is a Wagtail snippet with drafts, revisions, locking and a moderation workflow: the row
holds the published version (what the public catalogue reads), the next version waits in
its latest revision until its hub approves it. Indicators and documents are children of the
cluster, so they are versioned with it.
"""

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)

from hubsite.fields import FlagsField
from hubsite.scoping import HubScopedQuerySet
from hubsite.vocabulary import Public, Service, SpecificSupport
from projects.models.organisations import Organisation


class Maturity(models.TextChoices):
    IDEA = "idea", _("Idée")
    PILOT = "pilot", _("Expérimentation")
    PROVEN = "proven", _("Éprouvée")
    SCALING = "scaling", _("En essaimage")


# The order of the maturity levels, for sorting and for "at least".
MATURITY_RANK = {level: rank for rank, level in enumerate(Maturity.values)}

# What "proven" and "scaling" take, stated on the public page and checked by the moderation.
PROVEN_MIN_MONTHS = 12
SCALING_MIN_DEPLOYMENTS = 3
SCALING_MIN_DEPARTEMENTS = 2


class Format(models.TextChoices):
    WORKSHOP = "atelier", _("Ateliers collectifs")
    ONE_TO_ONE = "individuel", _("Accompagnement individuel")
    ITINERANT = "itinerant", _("Itinérant")
    REMOTE = "distance", _("À distance")
    LENDING = "pret", _("Prêt de matériel")
    DROP_IN = "permanence", _("Permanence sans rendez-vous")
    CAREGIVERS = "aidants", _("Formation d'aidants ou de professionnels")


class ReuseTerms(models.TextChoices):
    OPEN = "open", _("Méthode et supports ouverts, libres de reprise")
    PARTNERSHIP = "partnership", _("Reprise en partenariat avec l'organisation")
    FRANCHISE = "franchise", _("Essaimage sous licence ou franchise")


class SolutionQuerySet(HubScopedQuerySet):
    def published(self) -> "SolutionQuerySet":
        return self.filter(live=True)


class Solution(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="solutions",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("nom de la solution"), max_length=150)
    slug = models.SlugField(_("adresse"), max_length=160, unique=True)
    summary = models.CharField(
        _("en une phrase"),
        max_length=300,
        help_text=_("Ce que la solution apporte, en une phrase simple."),
    )
    problem = models.TextField(_("le problème auquel elle répond"))
    audience = models.TextField(_("pour qui"), blank=True)
    services = FlagsField(_("services"), vocabulary=Service, blank=True)
    publics = FlagsField(_("publics"), vocabulary=Public, blank=True)
    specific_support = FlagsField(
        _("accompagnements spécifiques"), vocabulary=SpecificSupport, blank=True
    )
    formats = FlagsField(_("formats"), vocabulary=Format, blank=True)
    how_it_works = models.TextField(_("comment elle fonctionne"))
    # What it takes.
    staff = models.CharField(_("personnel nécessaire"), max_length=300, blank=True)
    equipment = models.CharField(_("matériel nécessaire"), max_length=300, blank=True)
    cost_per_person = models.DecimalField(
        _("coût par personne accompagnée (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    cost_per_year = models.DecimalField(
        _("coût annuel (€)"), max_digits=10, decimal_places=0, null=True, blank=True
    )
    funding_sources = models.CharField(_("financements"), max_length=300, blank=True)
    # Results.
    started_on = models.DateField(
        _("en fonctionnement depuis"),
        null=True,
        blank=True,
        help_text=_("La date où les premières personnes ont été accompagnées."),
    )
    people_per_year = models.PositiveIntegerField(
        _("personnes accompagnées par an"), null=True, blank=True
    )
    maturity = models.CharField(
        _("maturité"), max_length=10, choices=Maturity.choices, default=Maturity.IDEA
    )
    # Reuse.
    reuse_terms = models.CharField(
        _("conditions de reprise"), max_length=20, choices=ReuseTerms.choices, blank=True
    )
    reuse_details = models.TextField(_("précisions sur la reprise"), blank=True)
    contact_name = models.CharField(_("personne à contacter"), max_length=150, blank=True)
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=20, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Normalised copies of the published text, what the catalogue's search reads; written
    # whenever the row, i.e. the published version, is saved (projects.search).
    search_title = models.CharField(max_length=400, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="solution")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="solution",
        for_concrete_model=False,
    )

    hub_lookup = "organisation__commune__departement__hub"
    # Its organisation's members reach it whatever their hub (hubsite.scoping).
    member_lookup = "organisation__memberships__user"
    objects = SolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        ordering = ["title"]
        indexes = [models.Index(fields=["live", "maturity"], name="solution_live_maturity")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.free_slug()
        super().save(*args, **kwargs)

    def free_slug(self) -> str:
        """A slug from the title that no other solution holds: mediators never type one."""
        base = slugify(self.title)[:150] or "solution"
        slug, number = base, 1
        while Solution.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    @property
    def revisions(self):
        return self._revisions

    @property
    def hub(self):
        return self.organisation.hub

    def approval_refusals(self) -> list[str]:
        """Why this version cannot be published by the moderation (``HubReviewTask``): the
        maturity it claims and does not meet."""
        return self.maturity_shortfalls(self.maturity)

    def months_running(self, today: datetime.date | None = None) -> int:
        if self.started_on is None:
            return 0
        today = today or timezone.localdate()
        months = (today.year - self.started_on.year) * 12 + today.month - self.started_on.month
        if today.day < self.started_on.day:
            months -= 1
        return max(months, 0)

    def has_evidence(self) -> bool:
        """At least one measured indicator or one evaluation document."""
        return any(i.value is not None for i in self.indicators.all()) or any(
            d.kind == SolutionDocument.Kind.EVALUATION for d in self.documents.all()
        )

    def maturity_shortfalls(self, level: str, *, deployments=None) -> list[str]:
        """What ``level`` still takes, in French (empty when the solution meets it). Idea and
        pilot are anyone's word; proven and scaling are earned. ``deployments`` (active
        deployments, each with a ``departement_id``) defaults to the stored ones."""
        shortfalls = []
        if MATURITY_RANK[level] >= MATURITY_RANK[Maturity.PROVEN]:
            months = self.months_running()
            if months < PROVEN_MIN_MONTHS:
                shortfalls.append(
                    _(
                        "Elle doit fonctionner depuis au moins %(min)d mois "
                        "(%(months)d mois à ce jour)."
                    )
                    % {"min": PROVEN_MIN_MONTHS, "months": months}
                )
            if not self.has_evidence():
                shortfalls.append(
                    _("Elle doit avoir au moins un indicateur mesuré ou une évaluation.")
                )
        if level == Maturity.SCALING:
            if deployments is None:
                deployments = list(self.deployments.active()) if self.pk else []
            places = {d.departement_id for d in deployments}
            if len(deployments) < SCALING_MIN_DEPLOYMENTS or len(places) < SCALING_MIN_DEPARTEMENTS:
                today = ngettext(
                    "%(count)d déploiement", "%(count)d déploiements", len(deployments)
                ) % {"count": len(deployments)}
                spread = ngettext(
                    "%(count)d département", "%(count)d départements", len(places)
                ) % {"count": len(places)}
                shortfalls.append(
                    _(
                        "Elle doit être déployée à au moins %(min)d endroits, dans au moins "
                        "%(deps)d départements (aujourd'hui : %(today)s, %(spread)s)."
                    )
                    % {
                        "min": SCALING_MIN_DEPLOYMENTS,
                        "deps": SCALING_MIN_DEPARTEMENTS,
                        "today": today,
                        "spread": spread,
                    }
                )
        return shortfalls


class SolutionIndicator(Orderable):
    """A measured result: its value, when it was measured and where the figure comes from."""

    solution = ParentalKey(Solution, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("indicateur"), max_length=200)
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unité"), max_length=50, blank=True)
    measured_on = models.DateField(_("mesuré le"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")

    def __str__(self):
        return self.label


class SolutionDocument(Orderable):
    """An evaluation of the solution, or material others can reuse to deploy it."""

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Évaluation")
        MATERIAL = "material", _("Support à réutiliser")

    solution = ParentalKey(Solution, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fichier"),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title
