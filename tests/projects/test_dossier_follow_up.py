"""After approval, the hub reports its indicators and sends its reports; the national team
releases each tranche once its condition is met, and closes the dossier on the end report.
A hub sees what it owes and when; no one else's follow-up is reached."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hubsite import services as hub_services
from hubsite.roles import FUNDER_REVIEWERS
from projects import follow_up, services
from projects.models import DocumentKind, DossierStatus, FollowUpDocument, Indicator, Tranche
from tests.factories import UserFactory
from tests.projects.decision_factories import approve, dossier_in_committee, national_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ").replace("&#x27;", "'")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def national(hub_a):
    return national_user(username="equipe-nationale")


@pytest.fixture
def followed(hub_a, coordinator, national):
    """An approved dossier whose follow-up is open."""
    dossier = dossier_in_committee(hub_a)
    approve(dossier, national)
    hub_services.move(dossier, to=DossierStatus.FOLLOW_UP, by=national)
    return dossier


def pdf(name="rapport.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def release(client, dossier, tranche):
    return client.post(
        reverse("projects_follow_up_release", args=[dossier.pk]),
        {"tranche": tranche.pk},
        follow=True,
    )


def test_the_hub_reports_and_each_tranche_is_released_once_its_condition_is_met(
    client, followed, coordinator, national, django_capture_on_commit_callbacks
):
    first, second = Tranche.objects.filter(decision__dossier=followed)
    indicator = followed.indicators.get()
    url = reverse("projects_follow_up", args=[followed.pk])

    client.force_login(national)
    page = plain(release(client, followed, first).content.decode())
    assert "« Première tranche » attend : convention signée, qui n'a pas été reçu." in page
    first.refresh_from_db()
    assert not first.released

    client.force_login(coordinator)
    response = client.post(
        reverse("projects_follow_up_upload", args=[followed.pk]),
        {"kind": DocumentKind.AGREEMENT, "title": "Convention 2027", "file": pdf()},
    )
    assert response.status_code == 302 and response.url == url
    assert FollowUpDocument.objects.get().uploaded_by == coordinator

    client.force_login(national)
    with django_capture_on_commit_callbacks(execute=True):
        release(client, followed, first)
    first.refresh_from_db()
    assert first.released and first.released_by == national
    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert "Première tranche" in message.subject and "60 000 €" in plain(message.body)

    page = plain(release(client, followed, second).content.decode())
    assert (
        "« Deuxième tranche » attend l'indicateur « Personnes accompagnées » pour l'année 1, "
        "qui n'a pas été renseigné." in page
    )

    client.force_login(coordinator)
    response = client.post(
        reverse("projects_follow_up_indicator", args=[followed.pk]),
        {"indicator": indicator.pk, "year": "1", "value": "540", "comment": "Au-delà de la cible"},
    )
    assert response.status_code == 302
    assert indicator.reports.get(year=1).value == 540
    assert "500 / 540" in client.get(url).content.decode()

    client.force_login(national)
    release(client, followed, second)
    second.refresh_from_db()
    assert second.released
    assert "« Deuxième tranche » a déjà été versée le" in plain(
        release(client, followed, second).content.decode()
    )
    with pytest.raises(ValidationError, match="a déjà été versée"):
        services.release_tranche(tranche=second, by=national)


def test_the_hub_sees_what_it_owes_and_when(client, followed, coordinator):
    decided = timezone.localdate(followed.decision.decided_at)
    owed = follow_up.dues(followed.decision, follow_up.FollowUpState.of(followed))
    assert [(due.label.split(",")[0], due.due_on) for due in owed] == sorted(
        [
            ("Convention signée", datetime.date(2027, 6, 1)),
            ("Indicateur « Personnes accompagnées »", follow_up.anniversary(decided, 1)),
            ("Indicateur « Personnes accompagnées »", follow_up.anniversary(decided, 2)),
            ("Indicateur « Personnes accompagnées »", follow_up.anniversary(decided, 3)),
            ("Rapport final", follow_up.anniversary(decided, 3)),
        ],
        key=lambda item: (item[1], item[0]),
    )
    client.force_login(coordinator)
    page = plain(client.get(reverse("projects_follow_up", args=[followed.pk])).content.decode())
    assert "Ce que le hub doit envoyer, et quand" in page
    assert "1 juin 2027" in page and "Pas encore" in page
    assert "Indicateur « Personnes accompagnées », année 3 (cible : 800 personnes)" in page


def test_the_dossier_closes_on_its_end_report(client, followed, coordinator, national):
    with pytest.raises(ValidationError, match="Le rapport final n'a pas été reçu"):
        hub_services.move(followed, to=DossierStatus.CLOSED, by=national)
    services.add_follow_up_document(
        dossier=followed, kind=DocumentKind.END_REPORT, upload=pdf(), by=coordinator
    )
    hub_services.move(followed, to=DossierStatus.CLOSED, by=national)
    followed.refresh_from_db()
    assert followed.status == DossierStatus.CLOSED


def test_a_program_is_refused_with_a_french_message_and_nothing_stored(
    client, followed, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("projects_follow_up_upload", args=[followed.pk]),
        {
            "kind": DocumentKind.INTERIM_REPORT,
            "title": "Rapport intermédiaire",
            "file": SimpleUploadedFile("rapport.exe", b"MZ\x90\x00"),
        },
    )
    assert response.status_code == 200
    assert "Un programme ne peut pas être déposé." in response.content.decode()
    assert 'value="Rapport intermédiaire"' in response.content.decode()
    assert not FollowUpDocument.objects.exists()


def test_a_value_for_an_indicator_of_another_dossier_is_refused(
    client, followed, coordinator, hub_b
):
    theirs = dossier_in_committee(hub_b).indicators.get()
    client.force_login(coordinator)
    response = client.post(
        reverse("projects_follow_up_indicator", args=[followed.pk]),
        {"indicator": theirs.pk, "year": "1", "value": "3"},
    )
    assert response.status_code == 200
    assert "indicator" in response.context["indicator_form"].errors
    assert not theirs.reports.exists()


def test_a_reviewer_and_the_hub_cannot_release_a_tranche(client, followed, coordinator):
    services.add_follow_up_document(
        dossier=followed, kind=DocumentKind.AGREEMENT, upload=pdf(), by=coordinator
    )
    tranche = Tranche.objects.filter(decision__dossier=followed).first()
    reviewer = followed.reviews.first().reviewer
    client.force_login(reviewer)
    assert release(client, followed, tranche).status_code == 404
    assert client.get(reverse("projects_follow_up", args=[followed.pk])).status_code == 404
    outsider = UserFactory(groups=[Group.objects.get(name=FUNDER_REVIEWERS)])
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the service
        services.release_tranche(tranche=tranche, by=outsider)
    client.force_login(coordinator)
    response = client.post(
        reverse("projects_follow_up_release", args=[followed.pk]), {"tranche": tranche.pk}
    )
    assert response.status_code == 403 or response.url == "/admin/"
    tranche.refresh_from_db()
    assert not tranche.released


def test_another_hub_reaches_nothing_of_the_follow_up(client, followed, coordinator, hub_b):
    document = services.add_follow_up_document(
        dossier=followed, kind=DocumentKind.AGREEMENT, upload=pdf(), by=coordinator
    )
    client.force_login(coordinator)
    download = client.get(reverse("projects_follow_up_document", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    client.force_login(UserFactory(groups=[hub_b.group]))
    indicator = followed.indicators.get()
    for name, data in (
        ("projects_follow_up", None),
        ("projects_follow_up_indicator", {"indicator": indicator.pk, "year": "1", "value": "9"}),
        ("projects_follow_up_upload", {"kind": "minutes", "file": pdf()}),
    ):
        url = reverse(name, args=[followed.pk])
        response = client.post(url, data) if data else client.get(url)
        assert response.status_code == 404, name
    assert client.get(reverse("projects_follow_up_document", args=[document.pk])).status_code == 404
    assert not indicator.reports.exists() and FollowUpDocument.objects.count() == 1


def test_the_follow_up_page_s_queries_do_not_grow_with_its_content(
    client, followed, coordinator, national
):
    client.force_login(coordinator)
    url = reverse("projects_follow_up", args=[followed.pk])
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    decision = followed.decision
    for n in range(3):
        indicator = Indicator.objects.create(
            dossier=followed,
            label=f"Indicateur {n}",
            unit="ateliers",
            target_year1=1,
            target_year2=2,
            target_year3=3,
        )
        services.report_indicator(indicator=indicator, year=1, value=1, by=coordinator)
        Tranche.objects.create(
            decision=decision,
            label=f"Tranche {n}",
            amount=1,
            planned_on=datetime.date(2029, 1, 1),
            condition="indicator",
            indicator=indicator,
            year=2,
            released_at=timezone.now() if n else None,
            released_by=national,
        )
        services.add_follow_up_document(
            dossier=followed, kind=DocumentKind.COMMITTEE_MINUTES, upload=pdf(), by=coordinator
        )
    assert count() == before


def test_what_is_owed_counts_from_the_day_of_the_decision_in_france(followed):
    """Decided at half past midnight in Paris (still the day before in UTC): the first
    year's values are due a year after that French day, not the UTC one."""
    decision = followed.decision
    decision.decided_at = datetime.datetime(
        2027, 1, 1, 0, 30, tzinfo=timezone.get_default_timezone()
    )
    decision.save(update_fields=["decided_at"])
    decision.refresh_from_db()  # read back as the page reads it (in UTC)
    owed = follow_up.dues(decision, follow_up.FollowUpState.of(followed))
    indicator_dues = [due.due_on for due in owed if due.label.startswith("Indicateur")]
    assert indicator_dues == [
        datetime.date(2028, 1, 1),
        datetime.date(2029, 1, 1),
        datetime.date(2030, 1, 1),
    ]
