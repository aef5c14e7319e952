"""Posting the admin's forms of the catalogue as a browser would."""

from django.urls import reverse

from projects.models import Solution

FORMSETS = ("indicators", "documents")


def solution_data(organisation, **fields) -> dict:
    """The solution form's fields, with its empty formsets' management forms."""
    data = {
        "organisation": organisation.pk,
        "title": "Les ateliers du mardi",
        "summary": "Un atelier par semaine pour faire ses démarches en ligne.",
        "problem": "Les habitants n'arrivent plus à faire leurs démarches seuls.",
        "how_it_works": "Un médiateur reçoit six personnes chaque mardi matin.",
        "maturity": "idea",
    }
    for prefix in FORMSETS:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(fields)
    return data


def edit_data(solution: Solution, **fields) -> dict:
    """The edit form of ``solution``'s latest version, with its indicators kept."""
    version = solution.get_latest_revision_as_object()
    data = solution_data(
        solution.organisation,
        title=version.title,
        summary=version.summary,
        problem=version.problem,
        how_it_works=version.how_it_works,
        maturity=version.maturity,
        started_on=version.started_on.isoformat() if version.started_on else "",
    )
    indicators = list(version.indicators.all())
    data["indicators-TOTAL_FORMS"] = str(len(indicators))
    data["indicators-INITIAL_FORMS"] = str(len(indicators))
    for index, indicator in enumerate(indicators):
        data.update(
            {
                f"indicators-{index}-id": indicator.pk or "",
                f"indicators-{index}-label": indicator.label,
                f"indicators-{index}-value": indicator.value,
                f"indicators-{index}-ORDER": index + 1,
            }
        )
    data.update(fields)
    return data


def task_action_url(solution: Solution, action: str) -> str:
    state = solution.current_workflow_task_state
    return reverse("solutions_admin:workflow_action", args=(solution.pk, action, state.pk))
