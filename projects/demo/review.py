"""The review's demo: the hubs' call of the demo year, its grid, one dossier per demo hub at
every stage of the path with a plausible budget and indicators, three reviewers and their
reviews; the decided dossiers with the committee's decision (tranches for the approved
ones), the one in follow-up with its agreement, its first tranche released and a figure.

Figures are plausible, not real: a hub's yearly costs of €300k-450k (two to four people,
equipment, training, communication, overheads), this call's €250k per hub over three years
(the 2020-21 call's amount), EU funds (FSE+), local authorities, private funders and own
revenues growing as the hub sells training and services.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from hubsite import services as hub_services
from hubsite.demo.data import DEMO_HUBS
from hubsite.models import Hub
from hubsite.roles import FUNDER_REVIEWERS, role_group
from projects import services
from projects.economics import RuleKind, SourceKind
from projects.models import (
    ConflictOfInterest,
    Criterion,
    DocumentKind,
    Dossier,
    DossierAction,
    DossierPartner,
    DossierStatus,
    EconomicRule,
    ExpenseCategory,
    ExpenseLine,
    FinancingLine,
    GridSection,
    Indicator,
    Outcome,
    PartnerKind,
    ProjectCall,
    Recommendation,
    Scale,
    ScoringGrid,
    Solution,
    TrancheCondition,
)

CALL_SLUG = "appel-hubs-2026"
REVIEWERS = (
    ("relecteur-1", "Claire", "Morel"),
    ("relecteur-2", "Yannick", "Le Gall"),
    ("relecteur-3", "Samia", "Benali"),
)
GRID = (
    (
        "Ancrage territorial",
        (
            (
                "Couverture des départements du hub",
                "Tous les départements sont-ils couverts ?",
                3,
                Scale.ZERO_TO_FIVE,
            ),
            (
                "Partenariats locaux",
                "Collectivités, CAF, France services, associations engagées.",
                2,
                Scale.ZERO_TO_FIVE,
            ),
            (
                "Quartiers prioritaires ciblés",
                "Le projet vise-t-il des quartiers prioritaires ?",
                1,
                Scale.YES_NO,
            ),
        ),
    ),
    (
        "Solutions essaimées",
        (
            (
                "Solutions éprouvées reprises",
                "Des solutions du catalogue, éprouvées ailleurs.",
                2,
                Scale.ZERO_TO_FIVE,
            ),
            ("Plan d'action daté", "Actions, dates et responsables.", 1, Scale.ZERO_TO_FIVE),
        ),
    ),
    (
        "Soutenabilité économique à trois ans",
        (
            (
                "Recettes propres en année 3",
                "Part des coûts couverte par les recettes propres.",
                3,
                Scale.ZERO_TO_FIVE,
            ),
            ("Diversité des financeurs", "Dépendance à un seul financeur.", 2, Scale.ZERO_TO_FIVE),
        ),
    ),
    (
        "Évaluation",
        (
            (
                "Indicateurs et cibles",
                "Des indicateurs mesurables avec une cible par année.",
                2,
                Scale.ZERO_TO_FIVE,
            ),
        ),
    ),
)
# One stage per demo hub, in the order of DEMO_HUBS.
STAGES = (
    DossierStatus.COMMITTEE,
    DossierStatus.IN_REVIEW,
    DossierStatus.DRAFT,
    DossierStatus.SUBMITTED,
    DossierStatus.ELIGIBLE,
    DossierStatus.CHANGES_REQUESTED,
    DossierStatus.RESUBMITTED,
    DossierStatus.APPROVED,
    DossierStatus.REJECTED,
    DossierStatus.FOLLOW_UP,
)
REVIEWED = {
    DossierStatus.IN_REVIEW,
    DossierStatus.CHANGES_REQUESTED,
    DossierStatus.RESUBMITTED,
    DossierStatus.COMMITTEE,
    DossierStatus.APPROVED,
    DossierStatus.REJECTED,
    DossierStatus.FOLLOW_UP,
}


DECIDED = {DossierStatus.APPROVED, DossierStatus.REJECTED, DossierStatus.FOLLOW_UP}


def _grid() -> ScoringGrid:
    grid, created = ScoringGrid.objects.get_or_create(title="Grille des hubs 2026")
    if created:
        for s, (section_title, criteria) in enumerate(GRID):
            section = GridSection.objects.create(grid=grid, title=section_title, position=s)
            for c, (title, guidance, weight, scale) in enumerate(criteria):
                Criterion.objects.create(
                    section=section,
                    title=title,
                    guidance=guidance,
                    weight=weight,
                    scale=scale,
                    position=c,
                )
    return grid


def _call() -> ProjectCall:
    call, created = ProjectCall.objects.get_or_create(
        slug=CALL_SLUG,
        defaults={
            "title": "Appel à projets des hubs territoriaux 2026",
            "envelope": 2_500_000,
            "opens_on": datetime.date(2026, 9, 1),
            "closes_on": datetime.date(2027, 1, 31),
            "review_deadline": datetime.date(2027, 3, 15),
            "eligibility": "Les hubs territoriaux pour un numérique inclusif reconnus.",
            "required_documents": "Statuts\nBudget prévisionnel signé\nLettres de soutien",
            "grid": _grid(),
            "reviewers_per_dossier": 2,
        },
    )
    if created:
        EconomicRule.objects.create(call=call, kind=RuleKind.FUNDER_SHARE_MAX, threshold=50)
        EconomicRule.objects.create(call=call, kind=RuleKind.OWN_REVENUE_MIN, threshold=30)
        EconomicRule.objects.create(call=call, kind=RuleKind.BALANCED_EACH_YEAR)
    return call


def _budget(dossier: Dossier, rng: random.Random, *, weak: bool) -> None:
    staff = rng.randrange(180, 260) * 1000
    lines = {
        ExpenseCategory.STAFF: (staff, staff + 8000, staff + 16000),
        ExpenseCategory.EQUIPMENT: (40_000, 15_000, 10_000),
        ExpenseCategory.TRAINING: (20_000, 20_000, 15_000),
        ExpenseCategory.COMMUNICATION: (12_000, 8_000, 8_000),
        ExpenseCategory.OVERHEADS: (30_000, 30_000, 32_000),
    }
    for category, amounts in lines.items():
        ExpenseLine.objects.create(
            dossier=dossier, category=category, year1=amounts[0], year2=amounts[1], year3=amounts[2]
        )
    costs = [sum(amounts[y] for amounts in lines.values()) for y in range(3)]
    funder = (100_000, 85_000, 65_000)
    own3 = round(costs[2] * (0.18 if weak else rng.uniform(0.31, 0.4)), -3)
    own = (round(costs[0] * 0.12, -3), round((costs[0] * 0.12 + own3) / 2, -3), own3)
    eu = (60_000, 60_000, 50_000)
    private = (20_000, 20_000, 25_000)
    local = [costs[y] - funder[y] - own[y] - eu[y] - private[y] for y in range(3)]
    for source, label, amounts, secured in (
        (SourceKind.FUNDER, "Banque des territoires", funder, False),
        (SourceKind.EU, "FSE+ (programme national)", eu, True),
        (SourceKind.LOCAL, "Région et départements", local, rng.random() < 0.5),
        (SourceKind.PRIVATE, "Fondation d'entreprise", private, False),
        (SourceKind.OWN, "Formations et prestations vendues", own, True),
    ):
        FinancingLine.objects.create(
            dossier=dossier,
            source=source,
            label=label,
            secured=secured,
            year1=amounts[0],
            year2=amounts[1],
            year3=amounts[2],
        )


ACTIONS = (
    ("Recruter et former deux médiateurs", (1, 1), (3, 31), "La direction du hub"),
    ("Ouvrir les permanences itinérantes", (4, 1), (12, 31), "Les associations partenaires"),
    ("Former les aidants des France services", (9, 1), (6, 30), "Le centre de formation"),
)
PARTNERS = (
    ("Conseil départemental", PartnerKind.LOCAL_AUTHORITY, "Cofinance les permanences", True),
    ("Fédération des centres sociaux", PartnerKind.ASSOCIATION, "Accueille les ateliers", True),
    ("Préfecture (France services)", PartnerKind.STATE, "Oriente les usagers", False),
)


def _plan(dossier: Dossier) -> None:
    """The dossier's action plan over its three years, and its partners."""
    start = dossier.call.closes_on.year
    for position, (title, begins, ends, owner) in enumerate(ACTIONS):
        DossierAction.objects.create(
            dossier=dossier,
            sort_order=position,
            title=title,
            starts_on=datetime.date(start, *begins),
            ends_on=datetime.date(start + position, *ends),
            owner=owner,
        )
    for position, (name, kind, role, committed) in enumerate(PARTNERS):
        DossierPartner.objects.create(
            dossier=dossier,
            sort_order=position,
            name=name,
            kind=kind,
            role=role,
            committed=committed,
        )


def _complete(dossier: Dossier) -> None:
    """What a hub asked for more changes between its two versions."""
    dossier.partners.filter(kind=PartnerKind.STATE).update(committed=True)
    DossierAction.objects.create(
        dossier=dossier,
        sort_order=len(ACTIONS),
        title="Évaluer l'essaimage avec les partenaires",
        owner="Le hub et le Conseil départemental",
    )


INDICATORS = (
    ("Personnes accompagnées", "personnes", 0, (600, 1_000, 1_400)),
    ("Aidants formés", "aidants", 0, (40, 50, 60)),
    ("Permanences ouvertes", "lieux", 4, (10, 16, 20)),
)
# A signed agreement, as the demo's hub sends it (a minimal PDF).
AGREEMENT_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _indicators(dossier: Dossier) -> None:
    for label, unit, baseline, targets in INDICATORS:
        Indicator.objects.create(
            dossier=dossier,
            label=label,
            unit=unit,
            baseline=baseline,
            target_year1=targets[0],
            target_year2=targets[1],
            target_year3=targets[2],
        )


def _decide(dossier: Dossier, stage: str) -> None:
    """The committee's decision on a decided demo dossier; the one in follow-up has sent its
    agreement and its first year's figure, and got its first tranche."""
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.COMMITTEE)
    dossier.status = DossierStatus.COMMITTEE
    if stage == DossierStatus.REJECTED:
        services.record_decision(
            dossier=dossier,
            by=None,
            outcome=Outcome.REJECTED,
            motivation="Le comité salue l'ancrage du hub mais ne peut pas retenir le projet.",
            reasons="Le modèle économique dépend trop de l'appel en année 3.",
        )
        return
    amount = dossier.economic_model().total_funder
    today = timezone.localdate()
    first = round(amount * 4 / 10, -3)
    indicator = dossier.indicators.order_by("pk").first()
    specs = [
        ("Versement à la signature", first, 30, TrancheCondition.AGREEMENT, None),
        ("Deuxième versement", (amount - first) // 2, 395, TrancheCondition.INDICATOR, 1),
        ("Solde", amount - first - (amount - first) // 2, 1_125, TrancheCondition.END_REPORT, None),
    ]
    services.record_decision(
        dossier=dossier,
        by=None,
        outcome=Outcome.APPROVED,
        motivation=(
            "Un projet bien ancré, des partenaires engagés, un modèle qui tient à trois ans."
        ),
        amount_granted=amount,
        conditions="Réunir un comité de suivi avec les départements chaque semestre.",
        tranches=[
            services.TrancheSpec(
                label=label,
                amount=value,
                planned_on=today + datetime.timedelta(days=days),
                condition=condition,
                indicator=indicator if condition == TrancheCondition.INDICATOR else None,
                year=year,
            )
            for label, value, days, condition, year in specs
        ],
    )
    if stage != DossierStatus.FOLLOW_UP:
        return
    hub_services.move(dossier, to=DossierStatus.FOLLOW_UP, by=None)
    services.add_follow_up_document(
        dossier=dossier,
        kind=DocumentKind.AGREEMENT,
        title="Convention signée",
        upload=ContentFile(AGREEMENT_PDF, name="convention-signee.pdf"),
        by=None,
    )
    services.release_tranche(tranche=dossier.decision.tranches.get(position=0), by=None)
    services.report_indicator(indicator=indicator, year=1, value=640, by=None)


def _reviewers(password: str) -> list:
    users = []
    for username, first, last in REVIEWERS:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@banque.example",
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(role_group(FUNDER_REVIEWERS))
        users.append(user)
    return users


def _review(dossier: Dossier, reviewers: list, rng: random.Random, *, sent: int) -> None:
    criteria = list(Criterion.objects.filter(section__grid_id=dossier.call.grid_id))
    free = [
        r
        for r in reviewers
        if not ConflictOfInterest.objects.filter(reviewer=r, hub=dossier.hub).exists()
    ]
    for index, reviewer in enumerate(free[:2]):
        review = services.assign_reviewer(dossier=dossier, reviewer=reviewer, by=None)
        if review.is_submitted or index >= sent:
            continue
        services.save_review(
            review=review,
            by=reviewer,
            scores={
                c.pk: rng.randrange(0, c.maximum + 1) if c.maximum == 1 else rng.randrange(2, 6)
                for c in criteria
            },
            recommendation=rng.choice(Recommendation.values),
            shared_comment="Un projet bien ancré ; précisez les recettes propres de l'année 3.",
            private_note="À comparer avec les dossiers voisins pour la part des collectivités.",
            submit=True,
        )


@transaction.atomic
def load(password: str) -> list[tuple[str, str]]:
    """The review's demo, loaded once; returns the reviewers' logins (username, label)."""
    call = _call()
    reviewers = _reviewers(password)
    hubs = {hub.slug: hub for hub in Hub.objects.filter(slug__in=[spec.slug for spec in DEMO_HUBS])}
    if hubs:
        ConflictOfInterest.objects.get_or_create(
            reviewer=reviewers[2],
            hub=hubs.get(DEMO_HUBS[0].slug) or next(iter(hubs.values())),
            defaults={"note": "Ancienne salariée d'une association du hub"},
        )
    solutions = list(Solution.objects.published()[:20])
    for index, spec in enumerate(DEMO_HUBS):
        hub = hubs.get(spec.slug)
        if hub is None or Dossier.objects.filter(call=call, hub=hub).exists():
            continue
        rng = random.Random(f"dossier-{spec.slug}")
        stage = STAGES[index % len(STAGES)]
        dossier = Dossier.objects.create(
            call=call,
            hub=hub,
            title=f"Le numérique pour tous en {hub.name}",
            summary=(
                f"Former les aidants et ouvrir des permanences itinérantes dans les communes "
                f"rurales de {hub.name}, avec les partenaires du hub."
            ),
            objectives="Accompagner 3 000 personnes en trois ans ; former 150 aidants.",
            priority_neighbourhoods="",
            status=DossierStatus.DRAFT,
        )
        dossier.departements.set(hub.departements.all())
        if solutions:
            dossier.solutions.set(rng.sample(solutions, min(3, len(solutions))))
        _budget(dossier, rng, weak=stage == DossierStatus.DRAFT)
        _plan(dossier)
        _indicators(dossier)
        if stage != DossierStatus.DRAFT:
            services.record_version(dossier=dossier, by=None)
        if stage == DossierStatus.RESUBMITTED:
            _complete(dossier)
            services.record_version(dossier=dossier, by=None)
        Dossier.objects.filter(pk=dossier.pk).update(status=stage)
        dossier.status = stage
        if stage in REVIEWED:
            _review(dossier, reviewers, rng, sent=1 if stage == DossierStatus.IN_REVIEW else 2)
        if stage in DECIDED:
            _decide(dossier, stage)
    return [
        (user.username, "Relecteur ou relectrice, Banque des territoires") for user in reviewers
    ]
