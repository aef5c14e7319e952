"""hubsite's background tasks (django-tasks): the worker imports this module by path."""

from django_tasks import task

from hubsite import notifications


@task()
def send_emails(messages: list[dict]) -> int:
    """Send messages written by ``hubsite.notifications.notify``."""
    return notifications.send_messages(messages)


@task()
def send_notification_digests() -> int:
    """Today's digests, for a scheduler that queues tasks rather than running the command."""
    return notifications.send_digests()
