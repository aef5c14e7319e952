"""Hub rules: two to five départements, one hub per département, what creating a hub makes."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from hubsite.models import Departement, EventIndexPage, Hub, HubPage, NewsIndexPage
from hubsite.roles import NATIONAL_TEAM, PAGE_PERMISSIONS, coordinators_group_name
from hubsite.services import (
    create_hub,
    delete_hub,
    hub_content,
    set_hub_departements,
    update_hub,
    validate_departements,
)
from tests.factories import (
    DepartementFactory,
    HubFactory,
    UserFactory,
    add_news,
    add_standard_page,
)


def departements(count):
    return [DepartementFactory() for _ in range(count)]


@pytest.fixture
def hub(home):
    return HubFactory(name="Bretagne", slug="bretagne", departements=departements(3))


@pytest.mark.parametrize("count", [0, 1, 6])
def test_hub_needs_two_to_five_departements(home, count):
    with pytest.raises(ValidationError) as error:
        create_hub(name="Trop ou trop peu", slug="hub", departements=departements(count))
    assert error.value.messages == [f"Un hub couvre de 2 à 5 départements ({count} choisis)."]
    assert not Hub.objects.exists()
    assert not Page.objects.filter(slug="hub").exists()


@pytest.mark.parametrize("count", [2, 5])
def test_hub_accepts_two_and_five_departements(home, count):
    hub = create_hub(name="Juste", slug="juste", departements=departements(count))
    assert hub.departements.count() == count


def test_departement_belongs_to_at_most_one_hub(hub):
    finistere = hub.departements.first()
    with pytest.raises(ValidationError) as error:
        create_hub(name="Voisin", slug="voisin", departements=[finistere, DepartementFactory()])
    assert error.value.messages == [f"{finistere} appartient déjà au hub Bretagne."]
    assert Departement.objects.get(pk=finistere.pk).hub == hub
    assert not Hub.objects.filter(slug="voisin").exists()


def test_validate_departements_lets_a_hub_keep_its_own(hub):
    own = list(hub.departements.all())
    assert validate_departements(hub, own) == own
    with pytest.raises(ValidationError):
        validate_departements(None, own)


def test_set_hub_departements_frees_those_no_longer_covered(hub):
    kept, dropped, _third = hub.departements.order_by("code")
    added = DepartementFactory()
    set_hub_departements(hub=hub, departements=[kept, added])
    assert set(hub.departements.all()) == {kept, added}
    dropped.refresh_from_db()
    assert dropped.hub is None
    # A freed département can go to another hub.
    other = create_hub(name="Voisin", slug="voisin", departements=[dropped, DepartementFactory()])
    assert Departement.objects.get(pk=dropped.pk).hub == other


def test_set_hub_departements_refuses_another_hubs_departement(hub):
    other = HubFactory(name="Normandie", slug="normandie")
    taken = other.departements.first()
    with pytest.raises(ValidationError, match="appartient déjà au hub Normandie"):
        set_hub_departements(hub=hub, departements=[taken, *hub.departements.all()[:1]])
    assert Departement.objects.get(pk=taken.pk).hub == other
    assert hub.departements.count() == 3


def test_create_hub_builds_page_section_group_and_collection(hub):
    page = HubPage.objects.get(hub=hub)
    assert page.live and page.url == "/bretagne/"
    children = {type(child.specific): child for child in page.get_children()}
    assert set(children) == {NewsIndexPage, EventIndexPage}
    assert children[NewsIndexPage].slug == "actualites" and children[NewsIndexPage].live
    assert children[EventIndexPage].slug == "evenements" and children[EventIndexPage].live
    assert children[NewsIndexPage].specific.hub == hub

    assert hub.group.name == coordinators_group_name("Bretagne")
    assert hub.collection.name == "Bretagne"
    assert hub.collection.get_parent() == Collection.get_first_root_node()


def test_create_hub_grants_its_group_rights_on_its_section_only(hub):
    page_permissions = GroupPagePermission.objects.filter(group=hub.group)
    assert {p.page_id for p in page_permissions} == {hub.page.pk}
    assert {p.permission.codename for p in page_permissions} == set(PAGE_PERMISSIONS)

    collection_permissions = GroupCollectionPermission.objects.filter(group=hub.group)
    assert {p.collection_id for p in collection_permissions} == {hub.collection_id}
    assert {p.permission.codename for p in collection_permissions} == {
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    }
    assert set(hub.group.permissions.values_list("codename", flat=True)) == {"access_admin"}


def test_create_hub_creates_the_role_groups(hub):
    assert Group.objects.filter(name=NATIONAL_TEAM).exists()


def test_create_hub_refuses_a_slug_already_used_by_a_page(home):
    add_standard_page(home, title="Contact", slug="contact")
    with pytest.raises(ValidationError, match="/contact/"):
        create_hub(name="Autre", slug="contact", departements=departements(2))
    assert not Hub.objects.exists()


def test_create_hub_refuses_a_slug_or_name_of_another_hub(hub):
    with pytest.raises(ValidationError) as error:
        create_hub(name="Bretagne", slug="bretagne", departements=departements(2))
    assert set(error.value.message_dict) == {"name", "slug"}


def test_create_hub_refuses_a_slug_reserved_by_the_portal(home):
    with pytest.raises(ValidationError, match="réservée"):
        create_hub(name="Recherche", slug="recherche", departements=departements(2))
    with pytest.raises(ValidationError, match="réservée"):
        create_hub(name="Admin", slug="admin", departements=departements(2))


def test_create_hub_refuses_a_user_outside_the_national_team(home):
    with pytest.raises(PermissionDenied):
        create_hub(name="X", slug="x", departements=departements(2), user=UserFactory())


def test_update_hub_renames_group_and_collection_and_moves_section(hub):
    news = add_news(hub, title="Lancement")
    update_hub(hub=hub, name="Bretagne numérique", slug="bzh")
    hub.refresh_from_db()
    assert hub.group.name == coordinators_group_name("Bretagne numérique")
    assert hub.collection.name == "Bretagne numérique"
    assert HubPage.objects.get(hub=hub).url == "/bzh/"
    news.refresh_from_db()
    assert news.url.startswith("/bzh/actualites/")


def test_update_hub_lets_a_coordinator_change_presentation_but_not_territory(hub):
    coordinator = UserFactory(groups=[hub.group])
    update_hub(hub=hub, user=coordinator, presentation="Nouveau texte", contact_phone="01 02")
    hub.refresh_from_db()
    assert hub.presentation == "Nouveau texte"
    with pytest.raises(PermissionDenied):
        update_hub(hub=hub, user=coordinator, slug="ailleurs")
    with pytest.raises(PermissionDenied):
        update_hub(hub=hub, user=coordinator, departements=departements(2))
    hub.refresh_from_db()
    assert hub.slug == "bretagne"


def test_delete_hub_removes_section_group_collection_and_frees_departements(hub):
    codes = list(hub.departements.values_list("code", flat=True))
    group_pk, collection_pk, page_pk = hub.group_id, hub.collection_id, hub.page.pk
    delete_hub(hub=hub)
    assert not Hub.objects.filter(pk=hub.pk).exists()
    assert not Page.objects.filter(pk=page_pk).exists()
    assert not Page.objects.filter(url_path__startswith="/accueil/bretagne/").exists()
    assert not Group.objects.filter(pk=group_pk).exists()
    assert not Collection.objects.filter(pk=collection_pk).exists()
    assert not Departement.objects.filter(code__in=codes, hub__isnull=False).exists()


def test_delete_hub_refuses_a_hub_with_content(hub):
    add_news(hub, title="Une actualité")
    get_document_model().objects.create(title="Compte rendu", collection=hub.collection)
    with pytest.raises(ValidationError) as error:
        delete_hub(hub=hub)
    assert "1 page(s)" in error.value.messages[0]
    assert "1 document(s)" in error.value.messages[0]
    assert Hub.objects.filter(pk=hub.pk).exists()
    assert hub_content(hub)


def test_delete_hub_is_for_the_national_team(hub):
    with pytest.raises(PermissionDenied):
        delete_hub(hub=hub, user=UserFactory(groups=[hub.group]))
    assert Hub.objects.filter(pk=hub.pk).exists()
