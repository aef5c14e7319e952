"""A hub's dossier beyond its budget: its action plan, partners and the documents its call
asks for (checked, scanned, required before sending); each version keeps them, and reviewers
and the national team see what changed between two versions."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hubsite.roles import FUNDER_REVIEWERS, NATIONAL_TEAM
from projects import services
from projects.economics import SourceKind
from projects.models import (
    DossierAction,
    DossierDocument,
    DossierPartner,
    DossierStatus,
    PartnerKind,
)
from tests.factories import UserFactory, coordinator_of
from tests.projects.dossier_forms import edit_post
from tests.projects.review_factories import DossierFactory, ProjectCallFactory, budget

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\nstatuts de l'association"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def call():
    return ProjectCallFactory(
        opens_on="2026-01-01",
        closes_on="2099-12-31",
        required_documents="Statuts\n\nBudget prévisionnel signé\nStatuts\n",
    )


@pytest.fixture
def dossier(call, hub_a):
    dossier = DossierFactory(call=call, hub=hub_a, summary="Des ateliers itinérants.")
    budget(dossier, (100, 100, 100), (SourceKind.OWN, (100, 100, 100)))
    return dossier


def pdf(name="statuts.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_call_s_documents_are_its_lines_once_each(call):
    assert call.required_document_kinds() == ["Statuts", "Budget prévisionnel signé"]


def test_the_hub_writes_its_action_plan_partners_and_documents(client, coordinator, dossier):
    client.force_login(coordinator)
    url = reverse("dossiers:edit", args=[dossier.pk])
    form = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form
    assert "Budget prévisionnel signé" in form and "Pièces manquantes" in form

    data = edit_post(
        dossier,
        actions=[
            {
                "title": "Recruter deux médiateurs",
                "starts_on": "2027-01-04",
                "ends_on": "2027-03-31",
                "owner": "La directrice du hub",
                "description": "Fiches de poste avec la mission locale.",
            }
        ],
        partners=[
            {
                "name": "Mairie de Cognac",
                "kind": PartnerKind.LOCAL_AUTHORITY,
                "role": "Prête une salle",
                "committed": "on",
            }
        ],
        documents=[{"kind": "Statuts", "file": pdf()}],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == url
    [action] = dossier.actions.all()
    assert action.owner == "La directrice du hub" and action.ends_on.isoformat() == "2027-03-31"
    [partner] = dossier.partners.all()
    assert partner.committed and partner.get_kind_display() == "Collectivité territoriale"
    [document] = dossier.documents.all()
    assert document.kind == "Statuts"
    assert document.file.name == f"projects/dossiers/{dossier.hub_id}/{dossier.pk}/statuts.pdf"
    assert document.file.read() == PDF

    page = client.get(reverse("dossiers:inspect", args=[dossier.pk])).content.decode()
    assert "Recruter deux médiateurs" in page and "Mairie de Cognac" in page
    assert "Budget prévisionnel signé" in page and "manque encore" in page

    # Saving again without a new file keeps the stored one.
    assert client.post(url, edit_post(dossier)).status_code == 302
    assert dossier.documents.get().file.read() == PDF


@pytest.mark.parametrize(
    "line, message",
    [
        ({"kind": "Statuts", "file": pdf("statuts.pdf", b"MZ\x90\x00")}, "Un programme"),
        ({"kind": "Statuts", "file": pdf("notes.pdf", b"du texte")}, "Déposez un PDF"),
        ({"kind": "Extrait de casier", "file": pdf()}, "Sélectionnez un choix valide"),
    ],
)
def test_a_bad_document_is_refused_in_french_and_nothing_is_saved(
    client, coordinator, dossier, line, message
):
    client.force_login(coordinator)
    data = edit_post(dossier, actions=[{"title": "Une action"}], documents=[line])
    data["summary"] = "Un résumé réécrit"
    response = client.post(reverse("dossiers:edit", args=[dossier.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.summary == "Des ateliers itinérants."
    assert not DossierDocument.objects.exists() and not DossierAction.objects.exists()


def test_the_site_s_virus_scanner_refuses_a_document(client, coordinator, dossier, settings):
    settings.UPLOAD_VIRUS_SCANNER = "tests.hubsite.test_uploads.refuse_everything"
    client.force_login(coordinator)
    data = edit_post(dossier, documents=[{"kind": "Statuts", "file": pdf()}])
    response = client.post(reverse("dossiers:edit", args=[dossier.pk]), data)
    assert response.status_code == 200
    assert "Un virus a été trouvé dans ce fichier." in response.content.decode()
    assert not DossierDocument.objects.exists()


def test_an_action_cannot_end_before_it_starts(client, coordinator, dossier):
    client.force_login(coordinator)
    data = edit_post(
        dossier,
        actions=[{"title": "À l'envers", "starts_on": "2027-05-01", "ends_on": "2027-04-01"}],
    )
    response = client.post(reverse("dossiers:edit", args=[dossier.pk]), data)
    assert response.status_code == 200
    assert "finit avant d&#x27;avoir commencé" in response.content.decode()
    assert not DossierAction.objects.exists()


def test_sending_is_refused_while_a_required_document_is_missing(client, coordinator, dossier):
    client.force_login(coordinator)
    DossierDocument.objects.create(dossier=dossier, kind="Statuts", file=pdf())
    refused = client.post(reverse("dossiers:submit", args=[dossier.pk]), {"reason": ""})
    assert refused.status_code == 200
    assert (
        "La pièce « Budget prévisionnel signé », demandée par l&#x27;appel, manque au dossier."
        in refused.content.decode()
    )
    assert "Statuts »" not in refused.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and not dossier.versions.exists()

    DossierDocument.objects.create(dossier=dossier, kind="Budget prévisionnel signé", file=pdf())
    sent = client.post(reverse("dossiers:submit", args=[dossier.pk]), {"reason": ""})
    assert sent.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_a_version_keeps_the_action_plan_partners_and_documents(dossier):
    DossierAction.objects.create(dossier=dossier, title="Former", owner="Emmaüs Connect")
    DossierPartner.objects.create(dossier=dossier, name="CAF", kind=PartnerKind.STATE)
    DossierDocument.objects.create(dossier=dossier, kind="Statuts", file=pdf())
    content = services.record_version(dossier=dossier, by=None).content
    assert [a["owner"] for a in content["actions"]] == ["Emmaüs Connect"]
    assert content["partners"][0] | {"id": None} == {
        "id": None,
        "name": "CAF",
        "kind": "state",
        "role": "",
        "committed": False,
    }
    assert content["documents"][0]["file"] == "statuts.pdf"
    assert content["expenses"][0]["id"] == dossier.expenses.get().pk


@pytest.fixture
def resubmitted(dossier):
    """A dossier sent once, then again with its year 3 and a partner changed."""
    partner = DossierPartner.objects.create(dossier=dossier, name="CAF", kind=PartnerKind.STATE)
    services.record_version(dossier=dossier, by=None)
    dossier.expenses.update(year3=250)
    partner.committed = True
    partner.save()
    dossier.summary = "Des ateliers itinérants et une permanence."
    dossier.save()
    services.record_version(dossier=dossier, by=None)
    dossier.status = DossierStatus.IN_REVIEW
    dossier.save()
    return dossier


def test_the_national_team_sees_what_changed_since_the_previous_version(client, resubmitted):
    client.force_login(UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)]))
    url = reverse("dossiers:inspect", args=[resubmitted.pk])
    page = client.get(url).content.decode()
    assert "Modifications depuis la version 1 (dans la version 2)" in page
    assert "Des ateliers itinérants. → Des ateliers itinérants et une permanence." in page
    assert "année 3 : 100 € → 250 €" in page
    assert "engagement acquis : non → oui" in page

    services.record_version(dossier=resubmitted, by=None)
    third = client.get(url).content.decode()
    assert "Modifications depuis la version 2 (dans la version 3)" in third
    assert "Aucune modification entre ces deux versions." in third
    chosen = client.get(url, {"depuis": "1"}).content.decode()
    assert "Modifications depuis la version 1 (dans la version 3)" in chosen
    assert "engagement acquis : non → oui" in chosen
    assert "Modifications depuis la version 2" in client.get(url, {"depuis": "9"}).content.decode()


def test_a_reviewer_sees_what_changed_on_their_review_page(client, resubmitted):
    reviewer = UserFactory(groups=[Group.objects.get(name=FUNDER_REVIEWERS)])
    review = services.assign_reviewer(dossier=resubmitted, reviewer=reviewer, by=None)
    client.force_login(reviewer)
    page = client.get(reverse("projects_review", args=[review.pk])).content.decode()
    assert "Modifications depuis la version 1 (dans la version 2)" in page
    assert "année 3 : 100 € → 250 €" in page
    assert "CAF" in page


def test_a_dossier_sent_once_shows_no_changes(client, coordinator, dossier):
    services.record_version(dossier=dossier, by=None)
    client.force_login(coordinator)
    page = client.get(reverse("dossiers:inspect", args=[dossier.pk])).content.decode()
    assert "Version 1" in page and "Modifications depuis" not in page


def test_a_document_is_downloaded_by_whom_may_read_the_dossier_only(
    client, coordinator, dossier, call, hub_b
):
    document = DossierDocument.objects.create(dossier=dossier, kind="Statuts", file=pdf())
    url = reverse("dossiers:document", args=[dossier.pk, document.pk])
    group = Group.objects.get(name=FUNDER_REVIEWERS)
    assigned, other_reviewer = UserFactory(groups=[group]), UserFactory(groups=[group])
    services.assign_reviewer(dossier=dossier, reviewer=assigned, by=None)
    national = UserFactory(groups=[Group.objects.get(name=NATIONAL_TEAM)])
    for reader in (coordinator, national, assigned):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"] == 'attachment; filename="statuts.pdf"'
    for stranger in (coordinator_of(hub_b), other_reviewer):
        client.force_login(stranger)
        assert client.get(url).status_code == 404

    # Another dossier's document is not found under this dossier's address.
    elsewhere = DossierFactory(call=call, hub=hub_b)
    foreign = DossierDocument.objects.create(dossier=elsewhere, kind="Statuts", file=pdf())
    client.force_login(coordinator)
    assert (
        client.get(reverse("dossiers:document", args=[dossier.pk, foreign.pk])).status_code == 404
    )
    page = client.get(reverse("dossiers:inspect", args=[dossier.pk])).content.decode()
    assert f'href="{url}"' in page
