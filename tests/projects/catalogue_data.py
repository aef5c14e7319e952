"""A solution as its page shows it: indicators, documents (real files), deployments."""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from projects.models import Maturity, SolutionDocument
from tests.factories import CommuneFactory
from tests.projects.factories import DeploymentFactory, IndicatorFactory, SolutionFactory


def document(title: str, name: str, size: int = 2048):
    return get_document_model().objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4\n" + b"x" * (size - 9), name=name),
        collection=Collection.get_first_root_node(),
    )


def documented_solution(organisation, **fields):
    """A proven solution running for two years, with two measured indicators, an evaluation
    and a material, deployed twice in its organisation's département."""
    fields.setdefault("maturity", Maturity.PROVEN)
    fields.setdefault("started_on", datetime.date.today() - datetime.timedelta(days=800))
    solution = SolutionFactory(organisation=organisation, **fields)
    IndicatorFactory(solution=solution, label="Personnes autonomes après six mois", value=64)
    IndicatorFactory(solution=solution, label="Démarches abouties", value=310, unit="démarches")
    SolutionDocument.objects.create(
        solution=solution,
        kind=SolutionDocument.Kind.EVALUATION,
        title="Évaluation 2025",
        document=document("Évaluation", "evaluation.pdf", size=3072),
    )
    SolutionDocument.objects.create(
        solution=solution,
        kind=SolutionDocument.Kind.MATERIAL,
        title="Guide de l'animateur",
        document=document("Guide", "guide.odt"),
    )
    departement = organisation.commune.departement
    for number, started in enumerate((datetime.date(2023, 3, 1), datetime.date(2024, 9, 1))):
        DeploymentFactory(
            solution=solution,
            commune=CommuneFactory(departement=departement, name=f"Bourg {number}"),
            started_on=started,
            people_reached=40 + number,
        )
    return solution
