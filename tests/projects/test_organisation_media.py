"""Each organisation's media are its members' only: a mediator's choosers, uploads and
edit pages reach their organisations' collection, never another organisation's images or
documents (an evaluation report of a draft, say), and a member who leaves loses them."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from hubsite.permissions import choosable
from projects import membership_services, organisation_media
from projects.models import Membership
from tests.factories import CommuneFactory, UserFactory
from tests.hubsite.two_hubs import Document, Image, png
from tests.projects.factories import mediator_of, organisation_in


def image_of(organisation, title):
    collection, _group = organisation_media.media_of(organisation)
    return Image.objects.create(title=title, file=png(), collection=collection)


def document_of(organisation, title):
    collection, _group = organisation_media.media_of(organisation)
    return Document.objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4 rapport", name="rapport.pdf"),
        collection=collection,
    )


@pytest.fixture
def two_organisations(hub_a):
    ours, theirs = organisation_in(hub_a, name="Les Ateliers"), organisation_in(hub_a, name="Autre")
    return ours, theirs, mediator_of(ours), mediator_of(theirs)


def test_an_organisation_gets_its_collection_and_group_once(hub_a):
    organisation = organisation_in(hub_a, name="Les Ateliers")
    collection, group = organisation_media.media_of(organisation)
    assert organisation_media.media_of(organisation) == (collection, group)
    assert collection.name == "Les Ateliers"
    assert collection.get_parent().name == organisation_media.LIBRARY
    organisation.refresh_from_db()
    assert (organisation.collection, organisation.media_group) == (collection, group)


def test_creating_an_organisation_puts_its_founder_in_its_media_group(hub_a):
    founder = UserFactory()
    organisation = membership_services.create_organisation(
        user=founder,
        name="Numérique pour tous",
        legal_form="association",
        siret="",
        rna="W163000123",
        address="1 rue de la Gare",
        postcode="16000",
        commune=CommuneFactory(departement=hub_a.departements.first()),
    )
    organisation.refresh_from_db()
    assert founder.groups.filter(pk=organisation.media_group_id).exists()


def test_choosers_offer_a_mediator_their_organisations_media_only(two_organisations):
    ours, theirs, mediator, _other = two_organisations
    our_image, their_image = image_of(ours, "Affiche"), image_of(theirs, "Photo privée")
    our_doc, their_doc = document_of(ours, "Guide"), document_of(theirs, "Évaluation brouillon")
    assert list(choosable(mediator, Image)) == [our_image]
    assert list(choosable(mediator, Document)) == [our_doc]
    assert their_image not in choosable(mediator, Image)
    assert their_doc not in choosable(mediator, Document)


def test_another_organisations_media_are_out_of_reach_by_url(client, two_organisations):
    ours, theirs, mediator, _other = two_organisations
    image_of(ours, "Affiche des ateliers")
    their_image, their_doc = image_of(theirs, "Photo privée"), document_of(theirs, "Brouillon")
    client.force_login(mediator)
    chooser = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert "Affiche des ateliers" in chooser and "Photo privée" not in chooser
    documents = client.get(reverse("wagtaildocs_chooser:choose")).content.decode()
    assert "Brouillon" not in documents
    for url in (
        reverse("wagtailimages:edit", args=[their_image.pk]),
        reverse("wagtailimages:delete", args=[their_image.pk]),
        reverse("wagtaildocs:edit", args=[their_doc.pk]),
        reverse("wagtailimages_chooser:chosen", args=[their_image.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Photo privée" not in response.content.decode()
        assert "Brouillon" not in response.content.decode()


def test_an_upload_lands_in_the_organisations_collection(client, two_organisations):
    ours, _theirs, mediator, _other = two_organisations
    client.force_login(mediator)
    upload = png("affiche.png")
    upload.seek(0)
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {"image-chooser-upload-title": "Nouvelle affiche", "image-chooser-upload-file": upload},
    )
    assert response.status_code == 200
    image = Image.objects.get(title="Nouvelle affiche")
    assert image.collection_id == ours.collection_id


def test_a_member_who_leaves_loses_the_organisations_media(two_organisations):
    ours, _theirs, mediator, _other = two_organisations
    image_of(ours, "Affiche")
    colleague = mediator_of(ours, is_admin=True)
    membership_services.leave(
        membership=Membership.objects.get(organisation=ours, user=colleague), by=colleague
    )
    assert not choosable(colleague, Image).exists()
    assert choosable(mediator, Image).count() == 1
