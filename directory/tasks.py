"""The directory's background tasks (django-tasks): the worker imports this module by path."""

from django_tasks import task

from directory import import_jobs


@task()
def run_import_job(job_id: int) -> None:
    import_jobs.run_import_job(job_id)


@task()
def send_confirmation_campaign(campaign_id: int) -> int:
    """The e-mails of a yearly confirmation campaign, at the configured pace."""
    from directory.confirmation_campaign import run_campaign

    return run_campaign(campaign_id)
