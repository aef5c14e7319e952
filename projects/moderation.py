"""Where a solution stands in its moderation and what the hub said, read from Wagtail's
workflow states: for the edit view's banner, the listing's column and the mediator's home."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

from projects.models import Solution


@dataclass(frozen=True)
class ReviewStatus:
    label: str
    comment: str = ""
    level: str = "info"  # "info", "warning" (the hub asks for changes), "success"
    since: object = None


def _states(solutions) -> tuple[dict, dict]:
    """The current workflow state of each solution, and the last comment of its hub on it
    (of a request for changes or an approval), in two queries."""
    ids = [str(solution.pk) for solution in solutions]
    if not ids:
        return {}, {}
    content_type = ContentType.objects.get_for_model(Solution)
    current = {
        state.object_id: state
        for state in WorkflowState.objects.filter(
            base_content_type=content_type, object_id__in=ids
        ).active()
    }
    comments = {}
    finished = (
        TaskState.objects.filter(
            workflow_state__base_content_type=content_type,
            workflow_state__object_id__in=ids,
            status__in=[TaskState.STATUS_REJECTED, TaskState.STATUS_APPROVED],
        )
        .exclude(comment="")
        .order_by("finished_at")
        .values_list("workflow_state__object_id", "comment")
    )
    for object_id, comment in finished:
        comments[object_id] = comment
    return current, comments


def review_statuses(solutions) -> dict[int, ReviewStatus]:
    """{solution id: its status}, whatever the number of solutions in two queries."""
    current, comments = _states(solutions)
    statuses = {}
    for solution in solutions:
        state = current.get(str(solution.pk))
        comment = comments.get(str(solution.pk), "")
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            status = ReviewStatus(
                _("Le hub demande des modifications"), comment, "warning", state.created_at
            )
        elif state is not None:
            label = (
                _("En relecture par le hub ; la version publiée reste en ligne")
                if solution.live
                else _("En relecture par le hub")
            )
            status = ReviewStatus(label, "", "info", state.created_at)
        elif solution.live and solution.has_unpublished_changes:
            status = ReviewStatus(_("Publiée ; des modifications restent à envoyer au hub"))
        elif solution.live:
            status = ReviewStatus(_("Publiée"), comment, "success")
        else:
            status = ReviewStatus(_("Brouillon, pas encore envoyé au hub"))
        statuses[solution.pk] = status
    return statuses


def review_status(solution: Solution) -> ReviewStatus:
    return review_statuses([solution])[solution.pk]
