"""The funding dashboards' charts (``hubsite.charts``), drawn from ``funding.dashboards``.

Chart labels are kept short, so that they fit under their bars; each chart's description
and the table beside it say in full what is drawn.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from funding.dashboards import Figures
from funding.models import FunderType, SourceType, Status
from hubsite.charts import BarChart, Series

# The pipeline's stages, gathered into phases for the chart (the table lists every stage).
PHASES = (
    (gettext_lazy("Projet"), (Status.IDEA, Status.PREPARING)),
    (gettext_lazy("Déposé"), (Status.SUBMITTED, Status.INSTRUCTION)),
    (gettext_lazy("Accordé"), (Status.GRANTED, Status.PARTLY_GRANTED, Status.AGREEMENT_SIGNED)),
    (gettext_lazy("Versements"), (Status.PAYMENTS, Status.FINAL_REPORT)),
    (gettext_lazy("Clôturé"), (Status.CLOSED,)),
    (gettext_lazy("Refusé, retiré"), (Status.REJECTED, Status.WITHDRAWN)),
)
FUNDER_SHORT = {
    FunderType.EU: gettext_lazy("UE"),
    FunderType.STATE: gettext_lazy("État"),
    FunderType.REGION: gettext_lazy("Région"),
    FunderType.DEPARTEMENT: gettext_lazy("Département"),
    FunderType.MUNICIPALITY: gettext_lazy("Commune"),
    FunderType.FOUNDATION: gettext_lazy("Fondation"),
    FunderType.COMPANY: gettext_lazy("Entreprise"),
}
SOURCE_SHORT = {
    SourceType.EU: gettext_lazy("UE"),
    SourceType.STATE: gettext_lazy("État"),
    SourceType.LOCAL: gettext_lazy("Collectivités"),
    SourceType.PRIVATE: gettext_lazy("Privés"),
    SourceType.OWN: gettext_lazy("Autofinancement"),
}
GROUP_WIDTH = 96  # pixels per group of the hubs' comparison
MARGINS = 88


def pipeline_amounts(figures: Figures) -> BarChart:
    by_status = {stage.status: stage for stage in figures.stages}
    groups = [str(label) for label, _statuses in PHASES]

    def phase_sum(attribute):
        return [
            sum((getattr(by_status[s.value], attribute) for s in statuses), start=0)
            for _label, statuses in PHASES
        ]

    return BarChart(
        title=_("Montants des candidatures par phase"),
        desc=_(
            "Montants demandés, accordés et reçus (versements encaissés) des candidatures, "
            "par phase du parcours, en euros."
        ),
        groups=groups,
        series=[
            Series(_("Demandé"), phase_sum("requested")),
            Series(_("Accordé"), phase_sum("granted")),
            Series(_("Reçu"), phase_sum("received")),
        ],
        unit="€",
        width=640,
    )


def pipeline_counts(figures: Figures) -> BarChart:
    by_status = {stage.status: stage for stage in figures.stages}
    return BarChart(
        title=_("Nombre de candidatures par phase"),
        desc=_("Nombre de candidatures à chaque phase du parcours."),
        groups=[str(label) for label, _statuses in PHASES],
        series=[
            Series(
                _("Candidatures"),
                [sum(by_status[s.value].count for s in statuses) for _label, statuses in PHASES],
            )
        ],
        width=640,
    )


def success_by_funder_type(figures: Figures) -> BarChart:
    rates = figures.rate_by_funder_type()
    types = [funder_type for funder_type in FunderType if funder_type.value in rates]
    return BarChart(
        title=_("Taux de réussite par type de financeur"),
        desc=_(
            "Part des candidatures accordées (en tout ou en partie) parmi les candidatures "
            "décidées (accordées ou refusées), par type de financeur de l'appel, en pourcentage."
        ),
        groups=[str(FUNDER_SHORT[t]) for t in types],
        series=[Series(_("Taux de réussite"), [rates[t.value].percent for t in types])],
        unit="%",
        width=680,
    )


def raised_by_source(figures: Figures) -> BarChart:
    years = figures.years
    totals = figures.raised_by_year_and_source()
    return BarChart(
        title=_("Fonds levés par année et par origine"),
        desc=_(
            "Montants accordés par les financeurs des appels et autres lignes acquises des "
            "plans de financement des candidatures accordées, par année de décision et par "
            "origine des fonds, en euros."
        ),
        groups=[str(year) for year in years],
        series=[
            Series(str(SOURCE_SHORT[source]), [totals.get((year, source.value)) for year in years])
            for source in SourceType
        ],
        unit="€",
        width=640,
    )


def raised_by_hub(figures: Figures, hubs) -> BarChart:
    years = figures.years
    totals = figures.raised_by_hub_and_year()
    return BarChart(
        title=_("Fonds levés par hub et par année"),
        desc=_("Fonds levés par chaque hub (candidatures qu'il porte), par année, en euros."),
        groups=[hub.name for hub in hubs],
        series=[Series(str(year), [totals.get((hub.pk, year)) for hub in hubs]) for year in years],
        unit="€",
        width=max(640, MARGINS + GROUP_WIDTH * len(hubs)),
    )


def success_by_hub(figures: Figures, hubs) -> BarChart:
    rates = figures.rate_by_hub()
    return BarChart(
        title=_("Taux de réussite par hub"),
        desc=_(
            "Part des candidatures accordées parmi les candidatures décidées de chaque hub, "
            "en pourcentage."
        ),
        groups=[hub.name for hub in hubs],
        series=[
            Series(
                _("Taux de réussite"),
                [rates[hub.pk].percent if hub.pk in rates else None for hub in hubs],
            )
        ],
        unit="%",
        width=max(640, MARGINS + GROUP_WIDTH * len(hubs)),
    )


def hub_charts(figures: Figures) -> list[BarChart]:
    return [
        pipeline_amounts(figures),
        pipeline_counts(figures),
        success_by_funder_type(figures),
        raised_by_source(figures),
    ]


def comparison_charts(figures: Figures, hubs) -> list[BarChart]:
    return [raised_by_hub(figures, hubs), success_by_hub(figures, hubs)]
