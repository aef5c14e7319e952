"""What an upload of calls in the admin does: the file is kept for its uploader between the
steps (mapping, preview, confirmation), previewed as a dry run, then imported once however
often the confirmation is sent. The import itself is ``importer``'s."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from funding.import_files import CallFileError, read_calls_file
from funding.importer import CallImportReport, import_calls_file
from funding.models import PendingCallImport
from funding.permissions import can_import_calls
from hubsite.models import ImportMapping
from hubsite.permissions import can_use_mapping


def check_can_import(user) -> None:
    if not can_import_calls(user):
        raise PermissionDenied(_("Vous ne pouvez pas importer d'appels à projets."))


def keep_upload(
    *, user, filename: str, content: bytes, mapping: ImportMapping | None = None
) -> PendingCallImport:
    """Keep ``content`` for ``user`` once it is readable (ValidationError, in French, if not);
    their expired uploads are dropped."""
    check_can_import(user)
    if mapping is not None and not can_use_mapping(user, mapping):
        raise PermissionDenied(_("Vous ne pouvez pas utiliser cette correspondance."))
    try:
        read_calls_file(content, filename=filename)
    except CallFileError as error:
        raise ValidationError(str(error), code="unreadable") from None
    with transaction.atomic():
        PendingCallImport.objects.expired().delete()
        return PendingCallImport.objects.create(
            user=user, filename=filename[:255], content=content, mapping=mapping
        )


def pending_upload(*, user, token: str) -> PendingCallImport | None:
    """``user``'s live upload named ``token``; None for anyone else's, or an expired one."""
    if not token or not user.is_authenticated:
        return None
    try:
        return (
            PendingCallImport.objects.live()
            .select_related("mapping")
            .filter(user=user, token=token)
            .first()
        )
    except ValidationError:  # not a UUID
        return None


def use_mapping(*, user, pending: PendingCallImport, mapping: ImportMapping) -> None:
    if not can_use_mapping(user, mapping):
        raise PermissionDenied(_("Vous ne pouvez pas utiliser cette correspondance."))
    pending.mapping = mapping
    pending.save(update_fields=["mapping"])


def _run(pending: PendingCallImport, *, dry_run: bool) -> CallImportReport:
    try:
        return import_calls_file(
            bytes(pending.content),
            spec=pending.mapping.spec,
            filename=pending.filename,
            source=pending.mapping.name,
            dry_run=dry_run,
        )
    except CallFileError as error:
        raise ValidationError(str(error), code="unreadable") from None
    except IntegrityError:
        raise ValidationError(
            _("Un autre import modifiait les mêmes appels au même moment : recommencez."),
            code="concurrent",
        ) from None


def preview(*, user, pending: PendingCallImport) -> CallImportReport:
    check_can_import(user)
    return _run(pending, dry_run=True)


def confirm(*, user, token: str) -> tuple[str, CallImportReport]:
    """Import the upload ``user`` previewed (its filename and report), once: a second
    confirmation finds it gone. ValidationError when it expired or is another's."""
    check_can_import(user)
    with transaction.atomic():
        pending = pending_upload(user=user, token=token)
        if pending is not None:
            pending = PendingCallImport.objects.select_for_update().filter(pk=pending.pk).first()
        if pending is None or pending.mapping is None:
            raise ValidationError(
                _("Ce fichier n'est plus gardé ou n'est pas le vôtre : choisissez-le de nouveau."),
                code="expired",
            )
        if not can_use_mapping(user, pending.mapping):
            raise PermissionDenied(_("Vous ne pouvez pas utiliser cette correspondance."))
        report = _run(pending, dry_run=False)
        filename = pending.filename
        pending.delete()
    return filename, report
