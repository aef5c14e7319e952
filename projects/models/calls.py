"""Calls for projects of the Banque des territoires: their rules for a dossier's economic
model, and their scoring grid, which is data (sections of weighted criteria)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from projects.economics import Rule, RuleKind


class ScoringGrid(models.Model):
    """Criteria grouped in sections. A grid can be copied from an earlier call's; it is
    frozen once a review of a call using it has started."""

    title = models.CharField(_("titre"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("grille de notation")
        verbose_name_plural = _("grilles de notation")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def is_frozen(self) -> bool:
        """A call using this grid has a review started (a mark given, or a review sent):
        changing the grid would change what reviewers scored."""
        return self.calls.filter(
            models.Q(reviews__scores__isnull=False) | models.Q(reviews__status="submitted")
        ).exists()


class GridSection(models.Model):
    grid = models.ForeignKey(ScoringGrid, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("section"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("section de la grille")
        verbose_name_plural = _("sections de la grille")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Scale(models.TextChoices):
    ZERO_TO_FIVE = "0-5", _("De 0 à 5, ou « sans objet »")
    YES_NO = "yes-no", _("Oui ou non")


class Criterion(models.Model):
    section = models.ForeignKey(GridSection, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("critère"), max_length=200)
    guidance = models.TextField(_("ce que le relecteur regarde"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("poids"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    scale = models.CharField(
        _("échelle"), max_length=10, choices=Scale.choices, default=Scale.ZERO_TO_FIVE
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    @property
    def maximum(self) -> int:
        """The highest score on this criterion's scale (yes counts as the top of the scale)."""
        return 5 if self.scale == Scale.ZERO_TO_FIVE else 1


class ProjectCallQuerySet(models.QuerySet):
    def open_on(self, day=None) -> "ProjectCallQuerySet":
        day = day or timezone.localdate()
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class ProjectCall(ClusterableModel):
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=200, unique=True)
    envelope = models.DecimalField(_("enveloppe (€)"), max_digits=12, decimal_places=0)
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("clôture des dépôts"))
    review_deadline = models.DateField(_("date limite des relectures"), null=True, blank=True)
    eligibility = models.TextField(_("éligibilité"), blank=True)
    required_documents = models.TextField(
        _("pièces demandées"), blank=True, help_text=_("Une pièce par ligne.")
    )
    grid = models.ForeignKey(
        ScoringGrid,
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("grille de notation"),
    )
    reviewers_per_dossier = models.PositiveSmallIntegerField(
        _("relecteurs par dossier"), default=2, validators=[MinValueValidator(1)]
    )
    blind_review = models.BooleanField(
        _("relecture à l'aveugle"),
        default=True,
        help_text=_(
            "Un relecteur ne voit les notes et commentaires des autres qu'après avoir envoyé "
            "les siens."
        ),
    )
    reviewer_names_shared = models.BooleanField(
        _("noms des relecteurs communiqués aux hubs"), default=False
    )

    objects = ProjectCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.title

    def required_document_kinds(self) -> list[str]:
        """The documents the call asks of every dossier, one per line of its list."""
        return list(
            dict.fromkeys(
                line.strip() for line in self.required_documents.splitlines() if line.strip()
            )
        )

    def economic_rules(self) -> list[Rule]:
        """The call's rules in the form ``projects.economics.check`` takes."""
        return [Rule(kind=r.kind, threshold=r.threshold) for r in self.rules.all()]


class EconomicRule(models.Model):
    """A rule a dossier's three-year economic model must meet, with its threshold."""

    # A ParentalKey, so that the call's admin form edits its rules as an inline list.
    call = ParentalKey(ProjectCall, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("règle"), max_length=30, choices=RuleKind.choices)
    threshold = models.DecimalField(
        _("seuil"),
        max_digits=6,
        decimal_places=2,
        default=0,
        help_text=_("Un pourcentage, ou un numéro d'année pour l'équilibre ; 0 si sans objet."),
    )

    class Meta:
        verbose_name = _("règle du modèle économique")
        verbose_name_plural = _("règles du modèle économique")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="economic_rule_once_per_call")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.threshold}"
