"""Concurrent writers: SQLite is configured so that they wait for one another, and a lock
conflict that remains answers a French 503 "try again" page, never a 500."""

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.test import Client
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.models import ModelLogEntry

from directory.models import Status, Venue
from hubsite.middleware import is_lock_conflict
from hubsite.models import Region
from hubsite.views import server_error
from tests.directory.factories import VenueFactory
from tests.directory.history import QUALIFICATION_ACTIONS
from tests.factories import CommuneFactory, HubFactory, coordinator_of

ROOT = Path(__file__).resolve().parents[2]
BUSY = "Quelqu'un d'autre modifie ces données en ce moment ; réessayez dans un instant."


def locked_view(request):
    raise OperationalError("database is locked")


def other_error_view(request):
    raise OperationalError("no such table: nulle_part")


urlpatterns = [
    path("admin/verrou/", locked_view),
    path("verrou/", locked_view),
    path("autre-erreur/", other_error_view),
    path("admin/", include(wagtailadmin_urls)),
]


def text_of(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.urls("tests.hubsite.test_database_busy")
def test_a_lock_error_in_a_view_answers_503_with_a_message_to_try_again(db):
    client = Client(raise_request_exception=False)

    response = client.post(
        "/admin/verrou/", {"reason": "x"}, HTTP_REFERER="http://testserver/admin/formulaire/"
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = text_of(response)
    assert BUSY in html
    assert 'href="http://testserver/admin/formulaire/"' in html  # "Réessayer": back to the form
    assert "Retourner à l'administration" in html

    response = client.get("/verrou/?page=2")
    assert response.status_code == 503
    assert 'href="/verrou/?page=2"' in text_of(response)
    assert "Retourner à l'accueil" in text_of(response)


@pytest.mark.urls("tests.hubsite.test_database_busy")
def test_a_foreign_referer_is_not_offered_as_the_retry_link(db):
    client = Client(raise_request_exception=False)

    response = client.post("/verrou/", HTTP_REFERER="https://evil.example/piege")

    assert response.status_code == 503
    assert "evil.example" not in text_of(response)


@pytest.mark.urls("tests.hubsite.test_database_busy")
def test_another_database_error_is_still_a_500(db):
    client = Client(raise_request_exception=False)

    assert client.get("/autre-erreur/").status_code == 500


def test_a_lock_error_outside_a_view_gets_the_same_page(rf):
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(rf.get("/lieux/"))

    assert response.status_code == 503
    assert BUSY in text_of(response)


@pytest.mark.django_db
def test_a_postgresql_lock_timeout_is_a_lock_conflict():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's own lock errors")
    import psycopg2

    params = connection.get_connection_params()
    holder = psycopg2.connect(**params)
    try:
        with holder.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")
            cursor.execute(f"LOCK TABLE {Region._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(OperationalError) as raised, transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '100ms'")
            Region.objects.count()
    finally:
        holder.rollback()
        holder.close()

    assert is_lock_conflict(raised.value)
    assert not is_lock_conflict(OperationalError("no such table: nulle_part"))


def test_sqlite_is_configured_for_concurrent_writers():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite's options")
    options = settings.DATABASES["default"]["OPTIONS"]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


@pytest.fixture
def race(transactional_db, django_db_serialized_rollback, tmp_path):
    """A pending venue, two coordinators of its hub, all copied to an SQLite file (the
    serialized rollback gives the next tests back what migrations created)."""
    hub = HubFactory(name="Hub Course", slug="hub-course")
    departement = hub.departements.order_by("code").first()
    commune = CommuneFactory(departement=departement, postcodes=[f"{departement.code}100"])
    venue = VenueFactory(commune=commune, postcode=f"{departement.code}100", status="pending")
    for name in ("coord-un", "coord-deux"):
        coordinator_of(hub, username=name)
    database = tmp_path / "course.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(database)
    connection.connection.backup(copy)
    copy.close()
    return database, venue


# A mark, not a skip inside the fixture: on PostgreSQL the transactional fixtures must not
# even start, or their flush would take migrations' data from the tests that follow.
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite under concurrency")
def test_two_coordinators_qualifying_the_same_venue_at_once_get_no_error(race):
    database, venue = race
    rounds = 6

    arguments = [str(database), str(venue.pk), "coord-un", "coord-deux", str(rounds)]
    result = subprocess.run(
        [sys.executable, "-m", "tests.hubsite.sqlite_race", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    codes = json.loads(result.stdout.strip().splitlines()[-1])["codes"]
    assert all(len(per_user) == rounds for per_user in codes), codes
    for answers in zip(*codes, strict=True):
        # One of them moved the venue, the other was told it had already moved.
        assert sorted(answers) == [200, 302], (codes, result.stderr[-3000:])
    check = sqlite3.connect(database)
    try:
        (events,) = check.execute(
            f"SELECT count(*) FROM {ModelLogEntry._meta.db_table} WHERE object_id = ? "
            f"AND action IN ({', '.join('?' for _ in QUALIFICATION_ACTIONS)})",
            [str(venue.pk), *QUALIFICATION_ACTIONS],
        ).fetchone()
        (status,) = check.execute(
            f"SELECT status FROM {Venue._meta.db_table} WHERE id = ?", [venue.pk]
        ).fetchone()
    finally:
        check.close()
    assert events == rounds
    assert status == Status.SUSPENDED  # qualified, suspended, ... six moves


def test_writers_on_one_sqlite_file_wait_for_each_other(tmp_path, django_db_blocker):
    """Two transactions that read, then write: with SQLite's deferred transactions one of them
    fails at once with "database is locked"; IMMEDIATE makes the second wait for the first."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's options")
    from django.db.backends.sqlite3.base import DatabaseWrapper

    database = tmp_path / "deux.sqlite3"
    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE compteur (n integer)")
        setup.execute("INSERT INTO compteur VALUES (0)")
    file_settings = {**connections.settings["default"], "NAME": str(database)}
    first_has_read, errors = threading.Event(), []

    def add_one(alias: str) -> None:
        connections[alias] = DatabaseWrapper(file_settings, alias=alias)
        try:
            if alias == "second":
                first_has_read.wait(timeout=5)
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT n FROM compteur")
                if alias == "first":
                    first_has_read.set()
                    time.sleep(0.5)  # the other one reads (and writes) meanwhile
                cursor.execute("UPDATE compteur SET n = n + 1")
        except Exception as error:
            errors.append(error)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=add_one, args=(alias,)) for alias in ("first", "second")]
    with django_db_blocker.unblock():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT n FROM compteur").fetchone() == (2,)
