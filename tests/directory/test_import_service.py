"""An admin upload of venues as a service: in the request or as a job, previews kept for
confirmation, refusals as ValidationError (the view only renders them)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directory import import_service, services
from directory.models import ImportJobStatus, PendingImport, Venue
from tests.directory.factories import import_file
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def rows(commune, count: int = 2) -> bytes:
    return import_file(*[commune] * count)


def upload(user, content: bytes, *, dry_run: bool):
    return import_service.import_upload(
        user=user, filename="lieux.json", source="", content=content, dry_run=dry_run
    )


def test_a_preview_writes_nothing_and_is_kept_for_confirmation(coordinator, commune):
    outcome = upload(coordinator, rows(commune), dry_run=True)

    assert outcome.job is None
    assert outcome.report.dry_run and len(outcome.report.created) == 2
    assert not Venue.objects.exists()
    assert PendingImport.objects.get() == outcome.pending

    confirmed = import_service.import_previewed(user=coordinator, token=str(outcome.pending.token))

    assert len(confirmed.report.created) == 2
    assert Venue.objects.count() == 2
    assert not PendingImport.objects.exists()
    with pytest.raises(ValidationError) as refused:
        import_service.import_previewed(user=coordinator, token=str(outcome.pending.token))
    assert refused.value.code == "expired"
    assert Venue.objects.count() == 2


def test_an_import_forgets_the_users_earlier_preview(coordinator, commune):
    upload(coordinator, rows(commune), dry_run=True)

    outcome = upload(coordinator, rows(commune, 1), dry_run=False)

    assert outcome.pending is None
    assert not PendingImport.objects.exists()
    assert list(Venue.objects.values_list("source_id", flat=True)) == ["lieu-0"]


def test_a_file_too_large_for_the_request_becomes_a_job(coordinator, commune, settings):
    settings.DIRECTORY_IMPORT_INLINE_MAX_BYTES = 64

    outcome = upload(coordinator, rows(commune), dry_run=False)

    assert outcome.report is None
    assert outcome.job.user == coordinator
    # The immediate backend of the tests has run it already.
    assert outcome.job.status == ImportJobStatus.DONE
    assert Venue.objects.count() == 2


def test_an_unreadable_file_is_refused_with_its_reason(coordinator, commune):
    with pytest.raises(ValidationError) as refused:
        upload(coordinator, b"ceci n'est pas un fichier", dry_run=True)

    assert refused.value.code == "unreadable"
    assert not PendingImport.objects.exists()


def test_a_confirmed_preview_that_fails_is_kept_to_try_again(coordinator, commune):
    pending = services.keep_import_for_confirmation(
        user=coordinator, filename="lieux.json", source="", content=b"{"
    )

    with pytest.raises(ValidationError):
        import_service.import_previewed(user=coordinator, token=str(pending.token))

    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_someone_who_may_not_import_is_refused_by_the_service_itself(commune):
    visitor = UserFactory()

    with pytest.raises(PermissionDenied):
        upload(visitor, rows(commune), dry_run=False)
    with pytest.raises(PermissionDenied):
        import_service.import_previewed(user=visitor, token="anything")
    assert not Venue.objects.exists()
