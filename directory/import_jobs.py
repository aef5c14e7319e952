"""Imports too large for one request: a job records who started which file, how far it has
gone and what came of it; a background task (``directory.tasks``) runs it.

A file up to ``inline_max_bytes()`` is imported in the request, as before; a larger one, or
its preview, becomes a job, so that no request outlives the server's timeout. The job's page
shows its counts and the first rejected rows; ``rejected_rows`` gives them all.
"""

import datetime
import logging
from collections.abc import Iterator

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory import services
from directory.forms import import_max_bytes
from directory.import_mapping import import_any_file
from directory.importer import ImportFileError, ImportReport
from directory.models import ImportJob, ImportJobStatus
from directory.permissions import editable_departements

logger = logging.getLogger(__name__)

# Rejected rows a job's page lists; the CSV has every one.
REJECTED_SHOWN = 50
# Finished jobs are deleted after this, when someone starts another.
JOB_LIFETIME = datetime.timedelta(days=30)
CONCURRENT_CHANGE = gettext_lazy(
    "Un autre import modifiait les mêmes lieux au même moment : rien n'a été enregistré, "
    "recommencez."
)


def inline_max_bytes() -> int:
    """The largest file imported within the request; larger ones become a job."""
    return settings.DIRECTORY_IMPORT_INLINE_MAX_BYTES


def start_import_job(
    *, user, filename: str, source: str, content: bytes, dry_run: bool, mapping=None
) -> ImportJob:
    """Record the job and queue its task, in one transaction: a worker never sees a task
    without its job. With the immediate backend the job has run when this returns."""
    from directory.tasks import run_import_job  # the task module imports this one

    ImportJob.objects.filter(
        created_at__lt=timezone.now() - JOB_LIFETIME,
        status__in=(ImportJobStatus.DONE, ImportJobStatus.FAILED),
    ).delete()
    with transaction.atomic():
        job = ImportJob.objects.create(
            user=user,
            filename=filename[:255],
            source=source,
            dry_run=dry_run,
            content=content,
            mapping=mapping,
        )
        run_import_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def recent_jobs(user, limit: int = 5):
    """``user``'s latest jobs, newest first, without their file or rows."""
    return ImportJob.objects.filter(user=user).only(
        "pk", "filename", "status", "dry_run", "created_at"
    )[:limit]


def run_import_job(job_id: int) -> None:
    """Run a queued job once (a second delivery of its task does nothing). The import is all
    or nothing; the job records its counts, or why it failed, in French."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("user", "mapping").get(pk=job_id)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_done=done, rows_total=total)

    try:
        report = import_any_file(
            bytes(job.content),
            mapping=job.mapping,
            filename=job.filename,
            source=job.source or None,
            dry_run=job.dry_run,
            allowed_departements=editable_departements(job.user),
            user=job.user,
            max_bytes=import_max_bytes(),
            progress=progress,
        )
    except ImportFileError as error:
        _fail(job, str(error))
    except IntegrityError:
        _fail(job, str(CONCURRENT_CHANGE))
    except Exception:
        # Whatever stopped it, the import's transaction left the database as it was.
        logger.exception("Import job %s failed", job_id)
        _fail(
            job,
            _(
                "L'import s'est arrêté en route sur une erreur : rien n'a été enregistré. "
                "Recommencez dans quelques minutes ; si l'erreur revient, signalez-la à "
                "l'équipe nationale."
            ),
        )
    else:
        _finish(job, report)


def _fail(job: ImportJob, message: str) -> None:
    job.status = ImportJobStatus.FAILED
    job.error = message
    job.content = b""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "content", "finished_at"])


def _finish(job: ImportJob, report: ImportReport) -> None:
    counts = report.counts
    if job.dry_run and (counts["created"] or counts["updated"]):
        job.pending = services.keep_import_for_confirmation(
            user=job.user,
            filename=job.filename,
            source=job.source,
            content=bytes(job.content),
            mapping=job.mapping,
        )
    elif not job.dry_run:
        services.forget_pending_imports(user=job.user)
    job.rows_done = job.rows_total = report.total
    job.created, job.updated = counts["created"], counts["updated"]
    job.unchanged, job.rejected = counts["unchanged"], counts["rejected"]
    job.warnings = len(report.warnings)
    job.rejected_rows = [[problem.row, problem.id, problem.message] for problem in report.rejected]
    job.status = ImportJobStatus.DONE
    job.content = b""
    job.finished_at = timezone.now()
    job.save()


def summary(job: ImportJob) -> str:
    text = _(
        "%(total)d lignes : %(created)d créées, %(updated)d mises à jour, "
        "%(unchanged)d inchangées, %(rejected)d rejetées, %(warnings)d avertissements."
    ) % {
        "total": job.rows_total,
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "rejected": job.rejected,
        "warnings": job.warnings,
    }
    if job.dry_run:
        text = _("Simulation (rien n'a été enregistré) — ") + text
    return text


def rejected_rows(job: ImportJob) -> Iterator[list]:
    """Every rejected row of ``job`` (line, id, reason), the heading first: the rows of the
    job's rejected-rows download (``hubsite.exports.csv_response``)."""
    yield [_("ligne"), _("id"), _("raison")]
    yield from job.rejected_rows
