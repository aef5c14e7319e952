"""funding's background tasks (django-tasks): the worker imports this module by path."""

from django_tasks import task

from funding import deadlines, searches


@task()
def send_deadline_reminders() -> int:
    """Today's deadline reminders, for a scheduler that queues tasks rather than running the
    ``send_funding_reminders`` command."""
    return deadlines.send_reminders()


@task()
def send_saved_search_alerts() -> int:
    """The saved searches' alerts, for a scheduler that queues tasks rather than running the
    ``send_saved_search_alerts`` command."""
    return searches.send_search_alerts()
