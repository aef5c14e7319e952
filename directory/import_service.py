"""What an upload of venues in the admin does: a file small enough is imported (or previewed)
within the request, a larger one becomes a background job (``import_jobs``); a preview with
changes is kept for its user to confirm without choosing the file again. The import itself
(checking, planning, the atomic write) is ``importer``'s.

The views only parse the request and render an ``ImportOutcome``; a refused upload raises
ValidationError with the French reason to show.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from directory import import_jobs, services
from directory.forms import import_max_bytes
from directory.importer import ImportFileError, ImportReport, import_file
from directory.models import ImportJob, PendingImport
from directory.permissions import can_import, editable_departements


@dataclass
class ImportOutcome:
    """What came of an upload: a report (imported within the request) or a job (running in
    the background, its page follows it); a preview with changes also has its ``pending``."""

    filename: str
    report: ImportReport | None = None
    job: ImportJob | None = None
    pending: PendingImport | None = None


def import_upload(
    *, user, filename: str, source: str, content: bytes, dry_run: bool
) -> ImportOutcome:
    """Import ``content`` for ``user`` (``dry_run``: preview it), in the request or as a job.
    ValidationError when the file cannot be read or the import could not be saved."""
    _check_can_import(user)
    if len(content) > import_jobs.inline_max_bytes():
        return _start_job(
            user=user, filename=filename, source=source, content=content, dry_run=dry_run
        )
    report = _run(user=user, filename=filename, source=source, content=content, dry_run=dry_run)
    pending = None
    if not dry_run:
        services.forget_pending_imports(user=user)
    elif report.created or report.updated:
        pending = services.keep_import_for_confirmation(
            user=user, filename=filename, source=source, content=content
        )
    return ImportOutcome(filename=filename, report=report, pending=pending)


def import_previewed(*, user, token: str) -> ImportOutcome:
    """Import the file this very user previewed (``token`` names the preview), once however
    often it is submitted. ValidationError when the preview expired or is not theirs, or when
    the import failed: the preview is then kept, to try again."""
    _check_can_import(user)
    refusal: ValidationError | None = None
    with transaction.atomic():
        pending = services.claim_pending_import(user=user, token=token)
        if pending is None:
            refusal = ValidationError(
                _("Cette prévisualisation a expiré ou n'est pas la vôtre : choisissez le fichier."),
                code="expired",
            )
        elif len(pending.content) > import_jobs.inline_max_bytes():
            content = bytes(pending.content)
            pending.delete()
            return _start_job(
                user=user,
                filename=pending.filename,
                source=pending.source,
                content=content,
                dry_run=False,
            )
        else:
            try:
                report = _run(
                    user=user,
                    filename=pending.filename,
                    source=pending.source,
                    content=bytes(pending.content),
                    dry_run=False,
                )
            except ValidationError as error:
                # Raised once the transaction ends, which keeps the preview.
                refusal = error
            else:
                pending.delete()
    if refusal is not None:
        raise refusal
    return ImportOutcome(filename=pending.filename, report=report)


def _check_can_import(user) -> None:
    if not can_import(user):
        raise PermissionDenied(_("Vous ne pouvez pas importer de lieux."))


def _start_job(*, user, filename: str, source: str, content: bytes, dry_run: bool) -> ImportOutcome:
    job = import_jobs.start_import_job(
        user=user, filename=filename, source=source, content=content, dry_run=dry_run
    )
    return ImportOutcome(filename=filename, job=job)


def _run(*, user, filename: str, source: str, content: bytes, dry_run: bool) -> ImportReport:
    """The import's report; the user's départements are read again at each run."""
    try:
        return import_file(
            content,
            filename=filename,
            source=source or None,
            dry_run=dry_run,
            allowed_departements=editable_departements(user),
            user=user,
            max_bytes=import_max_bytes(),
        )
    except ImportFileError as error:
        raise ValidationError(str(error), code="unreadable") from error
    except IntegrityError as error:
        raise ValidationError(
            _("Un autre import modifiait les mêmes lieux au même moment : recommencez."),
            code="concurrent",
        ) from error
