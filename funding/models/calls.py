"""Calls for proposals: when they close, how much they give, at what rate, to whom and where.

A call's next deadline is kept on its row (``next_deadline_on``), computed from its kind, so
that "open now" and "closing within N days" are plain indexed filters; the daily reminder
task refreshes it for recurring calls once a date has passed.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from funding.models.funders import Programme
from funding.vocabulary import Applicant, Cost, Theme
from hubsite.fields import FlagsField

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Schedule(models.TextChoices):
    ONE_OFF = "one_off", _("Date limite unique")
    ROLLING = "rolling", _("Au fil de l'eau")
    RECURRING = "recurring", _("Récurrent")
    ROUNDS = "rounds", _("Plusieurs vagues")


class Perimeter(models.TextChoices):
    FRANCE = "france", _("France entière")
    REGIONS = "regions", _("Régions")
    DEPARTEMENTS = "departements", _("Départements")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months``, kept within the month (31 January + 1 → 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    return min(
        day.replace(year=year, month=month, day=1) + datetime.timedelta(day.day - 1),
        next_month - datetime.timedelta(days=1),
    )


class CallQuerySet(models.QuerySet):
    def open_on(self, day: datetime.date) -> "CallQuerySet":
        """Calls one may answer on ``day``: opened, and rolling or not closed yet."""
        opened = models.Q(opens_on__isnull=True) | models.Q(opens_on__lte=day)
        not_closed = models.Q(deadline_kind=Schedule.ROLLING) | models.Q(next_deadline_on__gte=day)
        return self.filter(opened & not_closed)

    def closing_within(self, day: datetime.date, days: int) -> "CallQuerySet":
        return self.filter(
            next_deadline_on__gte=day, next_deadline_on__lte=day + datetime.timedelta(days=days)
        )

    def covering(self, hub) -> "CallQuerySet":
        """Calls whose perimeter includes one of ``hub``'s départements."""
        codes = hub.departements.values("code")
        return self.filter(
            models.Q(perimeter=Perimeter.FRANCE)
            | models.Q(perimeter=Perimeter.REGIONS, regions__departements__in=codes)
            | models.Q(perimeter=Perimeter.DEPARTEMENTS, departements__in=codes)
        ).distinct()


class Call(ClusterableModel):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    title = models.CharField(_("intitulé"), max_length=255)
    summary = models.TextField(_("résumé"), blank=True)
    url = models.URLField(_("lien vers l'appel"), blank=True)
    reference = models.CharField(
        _("référence"), max_length=100, blank=True, help_text=_("Celle du financeur, s'il en a.")
    )

    opens_on = models.DateField(_("ouverture"), null=True, blank=True)
    deadline_kind = models.CharField(
        _("calendrier"), max_length=20, choices=Schedule.choices, default=Schedule.ONE_OFF
    )
    deadline_on = models.DateField(
        _("date limite"),
        null=True,
        blank=True,
        help_text=_("Pour un appel récurrent : la première date limite."),
    )
    recurrence_months = models.PositiveSmallIntegerField(
        _("récurrence (mois)"),
        null=True,
        blank=True,
        help_text=_("Pour un appel récurrent : tous les combien de mois il revient."),
    )
    next_deadline_on = models.DateField(
        _("prochaine date limite"), null=True, blank=True, editable=False, db_index=True
    )

    amount_min = models.DecimalField(
        _("montant minimum (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        _("montant maximum (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    lump_sums = models.JSONField(
        _("montants forfaitaires (€)"),
        default=list,
        blank=True,
        help_text=_("Par exemple [30000, 60000] : le financement est l'un de ces forfaits."),
    )
    rate_cap = models.DecimalField(
        _("taux maximal d'aide du financeur (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    eu_rate_cap = models.DecimalField(
        _("part européenne maximale (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text=_("Taux de cofinancement européen selon la catégorie de région."),
    )
    public_aid_cap = models.DecimalField(
        _("aides publiques maximales (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text=_("Plafond de l'ensemble des aides publiques, par exemple 80 % pour LEADER."),
    )
    eligible_costs = FlagsField(_("dépenses éligibles"), vocabulary=Cost, blank=True)
    eligible_applicants = FlagsField(_("porteurs éligibles"), vocabulary=Applicant, blank=True)
    themes = FlagsField(_("thématiques"), vocabulary=Theme, blank=True)

    perimeter = models.CharField(
        _("périmètre"), max_length=20, choices=Perimeter.choices, default=Perimeter.FRANCE
    )
    regions = models.ManyToManyField(
        "hubsite.Region", blank=True, related_name="+", verbose_name=_("régions")
    )
    departements = models.ManyToManyField(
        "hubsite.Departement", blank=True, related_name="+", verbose_name=_("départements")
    )
    documents_asked = models.TextField(
        _("pièces demandées"), blank=True, help_text=_("Une pièce par ligne.")
    )
    # Where an imported call came from, and its id there: a re-import updates it.
    source = models.CharField(_("source d'import"), max_length=100, blank=True, editable=False)
    external_id = models.CharField(
        _("identifiant dans la source"), max_length=100, blank=True, editable=False
    )
    is_demo = models.BooleanField(_("appel de démonstration"), default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["next_deadline_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="funding_call_unique_external_id",
            )
        ]
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")

    def __str__(self):
        return self.title

    @property
    def funder(self):
        return self.programme.funder

    def documents(self) -> list[str]:
        return [line.strip() for line in self.documents_asked.splitlines() if line.strip()]

    def clean(self):
        errors = {}
        if self.deadline_kind in (Schedule.ONE_OFF, Schedule.RECURRING) and not (self.deadline_on):
            errors["deadline_on"] = _("Indiquez la date limite de l'appel.")
        if self.deadline_kind == Schedule.RECURRING and not self.recurrence_months:
            errors["recurrence_months"] = _("Indiquez tous les combien de mois l'appel revient.")
        if self.amount_min and self.amount_max and self.amount_min > self.amount_max:
            errors["amount_max"] = _("Le montant maximum est inférieur au minimum.")
        if not isinstance(self.lump_sums, list) or not all(
            isinstance(value, int | float) and value > 0 for value in self.lump_sums
        ):
            errors["lump_sums"] = _("Une liste de montants positifs, par exemple [30000, 60000].")
        if errors:
            raise ValidationError(errors)

    def next_deadline(self, today: datetime.date | None = None) -> datetime.date | None:
        """The next date by which to apply, on or after ``today``; None when rolling, or
        when every date has passed (the last one then, for a one-off call)."""
        today = today or timezone.localdate()
        if self.deadline_kind == Schedule.ONE_OFF:
            return self.deadline_on
        if self.deadline_kind == Schedule.RECURRING:
            if not (self.deadline_on and self.recurrence_months):
                return self.deadline_on
            day, step = self.deadline_on, 0
            while day < today:
                step += self.recurrence_months
                day = add_months(self.deadline_on, step)
            return day
        if self.deadline_kind == Schedule.ROUNDS:
            days = sorted(r.deadline_on for r in self.rounds.all())
            upcoming = [day for day in days if day >= today]
            return upcoming[0] if upcoming else (days[-1] if days else None)
        return None

    def save(self, *args, **kwargs):
        self.next_deadline_on = self.next_deadline()
        super().save(*args, **kwargs)
        # The rounds are written after the call: read them now that they are.
        if self.deadline_kind == Schedule.ROUNDS:
            day = self.next_deadline()
            if day != self.next_deadline_on:
                self.next_deadline_on = day
                Call.objects.filter(pk=self.pk).update(next_deadline_on=day)


class CallRound(models.Model):
    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="rounds")
    label = models.CharField(_("vague"), max_length=100, blank=True)
    deadline_on = models.DateField(_("date limite"))

    class Meta:
        ordering = ["deadline_on"]
        verbose_name = _("vague")
        verbose_name_plural = _("vagues")

    def __str__(self):
        return self.label or str(self.deadline_on)
