"""Each step of a solution's moderation tells whom it concerns: Wagtail's workflow signals,
for solutions only. Connected in ``ProjectsConfig.ready``.

Wagtail's own moderation e-mails would tell the same people a second time, in their words
and regardless of their notification preferences: they are kept for everything but
solutions.
"""

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from projects import services
from projects.models import Solution


def _solution_of(state):
    obj = state.workflow_state.content_object if hasattr(state, "workflow_state") else None
    if obj is None:
        obj = getattr(state, "content_object", None)
    return obj if isinstance(obj, Solution) else None


def on_task_submitted(sender, instance, user=None, **kwargs):
    solution = _solution_of(instance)
    if solution is None:
        return
    task = instance.task.specific
    reviewers = task.reviewers(solution) if hasattr(task, "reviewers") else []
    services.tell_reviewers(solution=solution, reviewers=reviewers, submitted_by=user)


def on_task_rejected(sender, instance, user=None, **kwargs):
    solution = _solution_of(instance)
    if solution is not None:
        services.tell_changes_requested(solution=solution, comment=instance.comment, by=user)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    solution = _solution_of(instance)
    if solution is None:
        return
    last = instance.task_states.order_by("-finished_at").first()
    services.tell_published(
        solution=solution, comment=last.comment if last is not None else "", by=user
    )


def _except_solutions(notifier):
    def notify_unless_solution(sender, instance, **kwargs):
        if _solution_of(instance) is None:
            return notifier(sender=sender, instance=instance, **kwargs)
        return None

    return notify_unless_solution


def _keep_wagtail_mail_for_the_rest() -> None:
    from wagtail.admin import signal_handlers as wagtail_mail

    # Same dispatch_uid as Wagtail's: whichever app is ready first, one receiver stays.
    for signal, notifier, sender, uid in (
        (
            task_submitted,
            wagtail_mail.task_submission_email_notifier,
            TaskState,
            "group_approval_task_submitted_email_notification",
        ),
        (
            workflow_submitted,
            wagtail_mail.workflow_submission_email_notifier,
            WorkflowState,
            "workflow_state_submitted_email_notification",
        ),
        (
            workflow_rejected,
            wagtail_mail.workflow_rejection_email_notifier,
            WorkflowState,
            "workflow_state_rejected_email_notification",
        ),
        (
            workflow_approved,
            wagtail_mail.workflow_approval_email_notifier,
            WorkflowState,
            "workflow_state_approved_email_notification",
        ),
    ):
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(_except_solutions(notifier), sender=sender, dispatch_uid=uid, weak=False)


def connect() -> None:
    _keep_wagtail_mail_for_the_rest()
    task_submitted.connect(on_task_submitted, dispatch_uid="projects.task_submitted")
    task_rejected.connect(on_task_rejected, dispatch_uid="projects.task_rejected")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="projects.workflow_approved")
