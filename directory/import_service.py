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
from directory.import_files import MissingColumnsError
from directory.import_mapping import import_any_file
from directory.importer import ImportFileError, ImportReport
from directory.models import ImportJob, PendingImport
from directory.permissions import can_import, editable_departements
from hubsite.models import ImportMapping
from hubsite.permissions import can_use_mapping


@dataclass
class ImportOutcome:
    """What came of an upload: a report (imported within the request) or a job (running in
    the background, its page follows it); a preview with changes also has its ``pending``."""

    filename: str
    report: ImportReport | None = None
    job: ImportJob | None = None
    pending: PendingImport | None = None
    mapping: ImportMapping | None = None


class NotInStandardError(ValidationError):
    """The file is readable but not in the standard's columns; ``pending`` keeps it for its
    user to build a mapping on it."""

    def __init__(self, message: str, pending: PendingImport):
        super().__init__(message, code="missing_columns")
        self.pending = pending


def import_upload(
    *,
    user,
    filename: str,
    source: str,
    content: bytes,
    dry_run: bool,
    mapping: ImportMapping | None = None,
) -> ImportOutcome:
    """Import ``content`` for ``user`` (``dry_run``: preview it), in the request or as a job,
    read through ``mapping`` if given. ValidationError when the file cannot be read or the
    import could not be saved (NotInStandardError, keeping the file, when a mapping could
    read it)."""
    _check_can_import(user)
    _check_can_use(user, mapping)
    if len(content) > import_jobs.inline_max_bytes():
        return _start_job(
            user=user,
            filename=filename,
            source=source,
            content=content,
            dry_run=dry_run,
            mapping=mapping,
        )
    try:
        report = _run(
            user=user,
            filename=filename,
            source=source,
            content=content,
            dry_run=dry_run,
            mapping=mapping,
        )
    except NotInStandardError as error:
        error.pending = services.keep_import_for_confirmation(
            user=user, filename=filename, source=source, content=content
        )
        raise
    pending = None
    if not dry_run:
        services.forget_pending_imports(user=user)
    elif report.created or report.updated:
        pending = services.keep_import_for_confirmation(
            user=user, filename=filename, source=source, content=content, mapping=mapping
        )
    return ImportOutcome(filename=filename, report=report, pending=pending, mapping=mapping)


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
                mapping=pending.mapping,
            )
        else:
            try:
                report = _run(
                    user=user,
                    filename=pending.filename,
                    source=pending.source,
                    content=bytes(pending.content),
                    dry_run=False,
                    mapping=pending.mapping,
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


def _check_can_use(user, mapping: ImportMapping | None) -> None:
    if mapping is not None and not can_use_mapping(user, mapping):
        raise PermissionDenied(_("Vous ne pouvez pas utiliser cette correspondance."))


def _start_job(
    *, user, filename: str, source: str, content: bytes, dry_run: bool, mapping=None
) -> ImportOutcome:
    job = import_jobs.start_import_job(
        user=user,
        filename=filename,
        source=source,
        content=content,
        dry_run=dry_run,
        mapping=mapping,
    )
    return ImportOutcome(filename=filename, job=job, mapping=mapping)


def _run(
    *, user, filename: str, source: str, content: bytes, dry_run: bool, mapping=None
) -> ImportReport:
    """The import's report; the user's départements are read again at each run."""
    try:
        return import_any_file(
            content,
            mapping=mapping,
            filename=filename,
            source=source or None,
            dry_run=dry_run,
            allowed_departements=editable_departements(user),
            user=user,
            max_bytes=import_max_bytes(),
        )
    except MissingColumnsError as error:
        raise NotInStandardError(str(error), pending=None) from error
    except ImportFileError as error:
        raise ValidationError(str(error), code="unreadable") from error
    except IntegrityError as error:
        raise ValidationError(
            _("Un autre import modifiait les mêmes lieux au même moment : recommencez."),
            code="concurrent",
        ) from error
