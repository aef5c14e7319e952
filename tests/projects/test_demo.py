"""The catalogue's demo: thirty solutions and more across the ten demo hubs, every maturity
(the earned ones meeting the rule), deployments, indicators, documents, two mediators, one
solution waiting for its hub and one with changes requested; run twice, the same."""

import io

from django.contrib.auth import authenticate
from django.core.management import call_command
from wagtail.models import WorkflowState

from hubsite.models import Hub
from projects.models import Deployment, Maturity, Solution, SolutionDocument, TakeUpRequest
from tests.factories import CommuneFactory
from tests.hubsite.test_demo import load_regions_and_departements


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_demo_catalogue_is_complete_and_idempotent(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_regions_and_departements()
    run("load_demo", "--no-extensions")
    for hub in Hub.objects.all():
        for departement in hub.departements.all():
            for number, population in enumerate((90_000, 12_000, 3_000), start=1):
                # Five characters, for the overseas départements' three-digit codes too.
                insee = f"{departement.code}{number:03d}"[:2] + f"{number:03d}"
                if len(departement.code) == 3:
                    insee = f"{departement.code}{number:02d}"
                CommuneFactory(departement=departement, population=population, insee_code=insee)

    output = run("load_demo_solutions")
    solutions = Solution.objects.all()
    assert solutions.count() >= 30
    assert not solutions.filter(is_demo=False).exists()
    assert set(solutions.values_list("maturity", flat=True)) == set(Maturity.values)
    assert {s.organisation.hub for s in solutions} == set(Hub.objects.all())
    for solution in solutions.filter(maturity__in=[Maturity.PROVEN, Maturity.SCALING]):
        assert solution.maturity_shortfalls(solution.maturity) == [], solution
    assert Deployment.objects.filter(is_demo=True).count() >= 20
    documents = SolutionDocument.objects.select_related("document")
    assert documents.filter(kind=SolutionDocument.Kind.EVALUATION).exists()
    assert all(d.document.file.read(5) == b"%PDF-" for d in documents[:5])

    states = WorkflowState.objects.filter(base_content_type__model="solution").active()
    assert sorted(states.values_list("status", flat=True)) == [
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    ]
    assert TakeUpRequest.objects.count() == 1
    for username in ("mediatrice-bretagne", "mediateur-provence"):
        assert username in output
        assert authenticate(username=username, password="maillage-demo") is not None

    counts = (
        Solution.objects.count(),
        Deployment.objects.count(),
        SolutionDocument.objects.count(),
    )
    again = run("load_demo_solutions")
    assert "créées : 0" in again
    assert counts == (
        Solution.objects.count(),
        Deployment.objects.count(),
        SolutionDocument.objects.count(),
    )
    assert states.count() == 2 and TakeUpRequest.objects.count() == 1
