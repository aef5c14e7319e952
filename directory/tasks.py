"""The directory's background tasks (django-tasks): the worker imports this module by path."""

from django_tasks import task

from directory import import_jobs


@task()
def run_import_job(job_id: int) -> None:
    import_jobs.run_import_job(job_id)


@task()
def recompute_coverage() -> int | None:
    """Every commune's distance to the venues, once however many changes asked for it."""
    from directory import coverage

    return coverage.recompute_if_requested()
