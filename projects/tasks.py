"""projects' background tasks (django-tasks): the worker imports this module by path."""

from django_tasks import task

from projects import review_reminders


@task()
def send_review_reminders() -> int:
    """Today's reminders to reviewers, for a scheduler that queues tasks rather than running
    the ``send_review_reminders`` command."""
    return review_reminders.send_reminders()
