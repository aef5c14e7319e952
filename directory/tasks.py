"""The directory's background tasks (django-tasks): the worker imports this module by path."""

from django_tasks import task

from directory import duplicate_services, import_jobs


@task()
def run_import_job(job_id: int) -> None:
    import_jobs.run_import_job(job_id)


@task()
def refresh_duplicates(communes: list[str] | None = None) -> dict:
    """Find the likely duplicates again, after an import or a merge, or on demand."""
    result = duplicate_services.refresh_pairs(communes=communes)
    return {"created": result.created, "updated": result.updated, "removed": result.removed}


@task()
def send_confirmation_campaign(campaign_id: int) -> int:
    """The e-mails of a yearly confirmation campaign, at the configured pace."""
    from directory.confirmation_campaign import run_campaign

    return run_campaign(campaign_id)


@task()
def recompute_coverage() -> int | None:
    """Every commune's distance to the venues, once however many changes asked for it."""
    from directory import coverage

    return coverage.recompute_if_requested()
