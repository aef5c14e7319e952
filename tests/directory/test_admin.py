import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from directory.models import ErrorReport, PendingImport, Status, Venue
from directory.vocabulary import Fee, Service
from hubsite.roles import NATIONAL_TEAM, role_group
from tests.directory.factories import VenueFactory, import_file, venue_in
from tests.directory.history import qualification_entries
from tests.factories import CommuneFactory, UserFactory, coordinator_of

pytestmark = pytest.mark.django_db

ADMIN_HOME = "/admin/"


def form_data(venue: Venue, **overrides) -> dict:
    """What the venue's edit form posts, as a browser would send it."""
    data = {
        "name": venue.name,
        "pivot": venue.pivot,
        "typology": venue.typology,
        "parent_structure": venue.parent_structure,
        "summary": venue.summary,
        "description": venue.description,
        "address": venue.address,
        "address_complement": venue.address_complement,
        "postcode": venue.postcode,
        "commune_name": venue.commune_name,
        "insee_code": venue.insee_code,
        "latitude": "" if venue.latitude is None else str(venue.latitude),
        "longitude": "" if venue.longitude is None else str(venue.longitude),
        "itinerance": venue.itinerance,
        "services": venue.services,
        "publics": venue.publics,
        "specific_support": venue.specific_support,
        "fees": venue.fees,
        "access_modes": venue.access_modes,
        "support_modes": venue.support_modes,
        "national_programmes": venue.national_programmes,
        "training_labels": venue.training_labels,
        "other_labels": venue.other_labels,
        "opening_hours": venue.opening_hours,
        "phone": venue.phone,
        "emails": venue.emails,
        "websites": venue.websites,
        "booking_url": venue.booking_url,
        "accessibility_url": venue.accessibility_url,
    }
    if venue.accepts_pass_numerique:
        data["accepts_pass_numerique"] = "on"
    data.update(overrides)
    return data


def snapshot(venue: Venue) -> tuple:
    venue = Venue.objects.filter(pk=venue.pk).first()
    if venue is None:
        return ("deleted",)
    return (venue.name, venue.status, venue.latitude, venue.modified_at)


def assert_refused(response):
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert response.url == ADMIN_HOME


# --- Listing ---------------------------------------------------------------------------------


def test_coordinators_list_only_their_hubs_venues(client, coordinator, own, foreign):
    client.force_login(coordinator)

    response = client.get(reverse("venues:list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert own.name in html
    assert foreign.name not in html


def test_the_national_team_lists_every_venue(client, own, foreign):
    client.force_login(UserFactory(groups=[role_group(NATIONAL_TEAM)]))

    html = client.get(reverse("venues:list")).content.decode()

    assert own.name in html and foreign.name in html


def test_the_listing_filters_by_status_and_departement_and_searches(client, coordinator, hub_a):
    second = hub_a.departements.order_by("code").last()
    pending = venue_in(hub_a, name="Médiathèque en attente", status=Status.PENDING)
    qualified = venue_in(hub_a, name="Tiers-lieu qualifié", status=Status.QUALIFIED)
    elsewhere = VenueFactory(
        name="Centre social du second département",
        commune=CommuneFactory(departement=second),
        status=Status.QUALIFIED,
    )
    client.force_login(coordinator)
    url = reverse("venues:list")

    by_status = client.get(url, {"status": "pending"}).content.decode()
    by_departement = client.get(url, {"departement": second.code}).content.decode()
    by_search = client.get(url, {"q": "tiers-lieu"}).content.decode()

    assert pending.name in by_status and qualified.name not in by_status
    assert elsewhere.name in by_departement and pending.name not in by_departement
    assert qualified.name in by_search and pending.name not in by_search


def test_the_departement_filter_offers_only_the_hubs_departements(client, coordinator, hub_b):
    client.force_login(coordinator)

    response = client.get(reverse("venues:list"))

    choices = response.context["filters"].form.fields["departement"].queryset
    assert not set(choices) & set(hub_b.departements.all())


def test_people_without_a_hub_cannot_reach_the_venues_admin(client, own):
    client.force_login(UserFactory())

    response = client.get(reverse("venues:list"))

    assert response.status_code == 302


# --- Forged URLs: every admin view refuses another hub's venue --------------------------------


def _get(url_name):
    return lambda client, venue: client.get(reverse(url_name, args=[venue.pk]))


def _post_edit(client, venue):
    return client.post(
        reverse("venues:edit", args=[venue.pk]), form_data(venue, name="Nom modifié")
    )


def _post_delete(client, venue):
    return client.post(reverse("venues:delete", args=[venue.pk]))


def _post_qualify(client, venue):
    return client.post(reverse("venues:qualify", args=[venue.pk]), {"reason": "Vu"})


def _post_suspend(client, venue):
    return client.post(reverse("venues:suspend", args=[venue.pk]), {"reason": "Fermé"})


def _post_copy(client, venue):
    # The copy form is the add form, prefilled: what it saves must stay in the user's hub.
    return client.post(reverse("venues:add"), form_data(venue, name="Copie"))


FORGEABLE = {
    "edit (GET)": _get("venues:edit"),
    "edit (POST)": _post_edit,
    "delete (GET)": _get("venues:delete"),
    "delete (POST)": _post_delete,
    "inspect": _get("venues:inspect"),
    "history": _get("venues:history"),
    "usage": _get("venues:usage"),
    "copy (GET)": _get("venues:copy"),
    "copy (POST)": _post_copy,
    "qualify (GET)": _get("venues:qualify"),
    "qualify (POST)": _post_qualify,
    "suspend (POST)": _post_suspend,
}


@pytest.mark.parametrize("view", FORGEABLE)
def test_a_coordinator_cannot_reach_another_hubs_venue_by_forging_its_url(
    client, coordinator, foreign, view
):
    client.force_login(coordinator)
    before = snapshot(foreign)
    count = Venue.objects.count()

    response = FORGEABLE[view](client, foreign)

    if view == "copy (POST)":
        assert response.status_code == 200  # the form, with its error
        assert "hors de votre hub" in response.content.decode()
    else:
        assert_refused(response)
    assert snapshot(foreign) == before
    assert Venue.objects.count() == count
    assert not qualification_entries().exists()


@pytest.mark.parametrize("view", FORGEABLE)
def test_a_coordinator_reaches_their_own_venue_through_the_same_urls(
    client, coordinator, own, view
):
    client.force_login(coordinator)
    if view == "suspend (POST)":
        Venue.objects.filter(pk=own.pk).update(status=Status.QUALIFIED)

    response = FORGEABLE[view](client, own)

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url != ADMIN_HOME
    expected = {
        "edit (POST)": lambda: Venue.objects.get(pk=own.pk).name == "Nom modifié",
        "delete (POST)": lambda: not Venue.objects.filter(pk=own.pk).exists(),
        "copy (POST)": lambda: Venue.objects.filter(name="Copie", source="maillage").exists(),
        "qualify (POST)": lambda: Venue.objects.get(pk=own.pk).status == Status.QUALIFIED,
        "suspend (POST)": lambda: Venue.objects.get(pk=own.pk).status == Status.SUSPENDED,
    }.get(view, lambda: True)
    assert expected()


def test_bulk_qualify_leaves_another_hubs_venues_alone(client, coordinator, own, foreign):
    client.force_login(coordinator)
    url = reverse("wagtail_bulk_action", args=["directory", "venue", "qualify"])
    query = f"?id={own.pk}&id={foreign.pk}"

    page = client.get(url + query)
    response = client.post(url + query, {"reason": "Tournée"})

    assert [item["item"] for item in page.context["items"]] == [own]
    # Another hub's venue is dropped without being named (issue 7, item 4).
    assert page.context["items_with_no_access"] == []
    assert response.status_code == 302
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert (own.status, foreign.status) == (Status.QUALIFIED, Status.PENDING)
    assert qualification_entries().get().data["reason"] == "Tournée"


def test_bulk_qualify_of_a_forged_foreign_id_alone_changes_nothing(client, coordinator, foreign):
    client.force_login(coordinator)
    url = reverse("wagtail_bulk_action", args=["directory", "venue", "qualify"])

    client.post(f"{url}?id={foreign.pk}", {"reason": "x"})
    client.post(f"{url}?id=all", {"reason": "x"})

    foreign.refresh_from_db()
    assert foreign.status == Status.PENDING


def test_bulk_delete_leaves_another_hubs_venues_alone(client, coordinator, own, foreign):
    client.force_login(coordinator)
    url = reverse("wagtail_bulk_action", args=["directory", "venue", "delete"])

    client.post(f"{url}?id={own.pk}&id={foreign.pk}")

    assert list(Venue.objects.all()) == [foreign]


def test_resolving_an_error_report_of_another_hub_is_refused(client, coordinator, own, foreign):
    client.force_login(coordinator)
    theirs = ErrorReport.objects.create(venue=foreign, message="Adresse fausse")
    mine = ErrorReport.objects.create(venue=own, message="Horaires faux")

    refused = client.post(reverse("venues:resolve_report", args=[theirs.pk]))
    accepted = client.post(reverse("venues:resolve_report", args=[mine.pk]))

    assert_refused(refused)
    assert accepted.url == reverse("venues:inspect", args=[own.pk])
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.resolved_at is None
    assert mine.resolved_by == coordinator


def test_the_chooser_offers_only_the_hubs_venues(client, coordinator, own, foreign):
    client.force_login(coordinator)
    namespace = "wagtailsnippetchoosers_directory_venue"

    listing = client.get(reverse(f"{namespace}:choose")).content.decode()
    foreign_chosen = client.get(reverse(f"{namespace}:chosen", args=[foreign.pk]))
    own_chosen = client.get(reverse(f"{namespace}:chosen", args=[own.pk]))

    assert own.name in json.loads(listing)["html"]
    assert foreign.name not in json.loads(listing)["html"]
    assert foreign_chosen.status_code == 404
    assert own_chosen.status_code == 200


# --- Editing, placing, qualifying, history ----------------------------------------------------


def test_editing_a_venue_is_in_its_history(client, coordinator, own):
    client.force_login(coordinator)

    client.post(
        reverse("venues:edit", args=[own.pk]),
        form_data(own, name="Espace numérique rénové", services=[Service.SECURITE]),
    )

    own.refresh_from_db()
    assert own.name == "Espace numérique rénové"
    assert own.services == [Service.SECURITE]
    assert ModelLogEntry.objects.for_instance(own).filter(action="wagtail.edit").exists()
    history = client.get(reverse("venues:history", args=[own.pk])).content.decode()
    assert "Espace numérique rénové" in history


def test_moving_the_marker_sets_an_exact_position(client, coordinator, own):
    Venue.objects.filter(pk=own.pk).update(position_is_approximate=True)
    own.refresh_from_db()
    client.force_login(coordinator)

    client.post(
        reverse("venues:edit", args=[own.pk]), form_data(own, latitude="46.25", longitude="2.21")
    )

    own.refresh_from_db()
    assert (own.latitude, own.longitude, own.position_is_approximate) == (46.25, 2.21, False)
    assert own.grid_cell is not None


def test_emptying_the_position_places_the_venue_at_its_communes_centre(client, coordinator, own):
    client.force_login(coordinator)

    client.post(reverse("venues:edit", args=[own.pk]), form_data(own, latitude="", longitude=""))

    own.refresh_from_db()
    assert own.position_is_approximate is True
    assert (own.latitude, own.longitude) == (own.commune.latitude, own.commune.longitude)


def test_changing_the_address_moves_an_approximately_placed_venue_to_its_new_commune(
    client, coordinator, own, hub_a
):
    departement = hub_a.departements.order_by("code").first()
    new = CommuneFactory(
        departement=departement, postcodes=[f"{departement.code}400"], latitude=47.1, longitude=3.3
    )
    Venue.objects.filter(pk=own.pk).update(position_is_approximate=True)
    own.refresh_from_db()
    client.force_login(coordinator)

    client.post(
        reverse("venues:edit", args=[own.pk]),
        form_data(own, postcode=f"{departement.code}400", commune_name=new.name),
    )

    own.refresh_from_db()
    assert (own.commune_id, own.insee_code) == (new.pk, new.pk)
    assert (own.latitude, own.longitude, own.position_is_approximate) == (47.1, 3.3, True)


def test_the_edit_form_carries_the_map_widget_from_the_projects_static_files(
    client, coordinator, own
):
    client.force_login(coordinator)

    html = client.get(reverse("venues:edit", args=[own.pk])).content.decode()

    assert 'data-venue-map="latitude"' in html and 'data-venue-map="longitude"' in html
    assert "/static/leaflet/leaflet.js" in html
    assert "/static/directory/admin/venue_map.js" in html
    assert "unpkg.com" not in html and "cdn" not in html.lower().replace("cdnjs", "cdn")


def test_the_edit_form_refuses_moving_a_venue_to_another_hubs_departement(
    client, coordinator, own, hub_b
):
    other = hub_b.departements.first()
    commune = CommuneFactory(departement=other, postcodes=[f"{other.code}200"])
    client.force_login(coordinator)

    response = client.post(
        reverse("venues:edit", args=[own.pk]),
        form_data(own, postcode=f"{other.code}200", commune_name=commune.name, insee_code=""),
    )

    assert response.status_code == 200
    own.refresh_from_db()
    assert own.departement_id != other.code


def test_a_coordinator_adds_a_venue_in_their_hub(client, coordinator, hub_a):
    departement = hub_a.departements.first()
    commune = CommuneFactory(departement=departement, postcodes=[f"{departement.code}300"])
    template = VenueFactory.build(commune=commune, name="Nouveau lieu", fees=[Fee.GRATUIT])
    client.force_login(coordinator)

    response = client.post(
        reverse("venues:add"),
        form_data(
            template,
            postcode=f"{departement.code}300",
            latitude="",
            longitude="",
            phone="05 45 00 00 00",
        ),
    )

    assert response.status_code == 302
    venue = Venue.objects.get(name="Nouveau lieu")
    assert venue.source == "maillage" and venue.source_id
    assert venue.departement == departement
    assert venue.status == Status.PENDING
    assert venue.position_is_approximate is True
    assert venue.phone == "+33545000000"


def test_qualifying_with_a_reason_shows_in_the_history(client, coordinator, own):
    client.force_login(coordinator)

    response = client.post(reverse("venues:qualify", args=[own.pk]), {"reason": "Visite du 12 mai"})

    assert response.url == reverse("venues:inspect", args=[own.pk])
    own.refresh_from_db()
    assert own.status == Status.QUALIFIED
    history = client.get(reverse("venues:history", args=[own.pk])).content.decode()
    assert "Lieu qualifié" in history and "Visite du 12 mai" in history


def test_suspending_without_a_reason_is_refused_with_a_message(client, coordinator, own):
    Venue.objects.filter(pk=own.pk).update(status=Status.QUALIFIED)
    client.force_login(coordinator)

    response = client.post(reverse("venues:suspend", args=[own.pk]), {"reason": ""})

    assert response.status_code == 200
    assert response.context["form"].errors
    own.refresh_from_db()
    assert own.status == Status.QUALIFIED


def test_a_refused_transition_is_explained_not_applied(client, coordinator, own):
    Venue.objects.filter(pk=own.pk).update(status=Status.QUALIFIED)
    client.force_login(coordinator)

    page = client.get(reverse("venues:qualify", args=[own.pk]))
    response = client.post(reverse("venues:qualify", args=[own.pk]), {"reason": ""})

    assert page.context["allowed"] is False
    assert response.status_code == 200
    assert not qualification_entries().exists()


def test_error_reports_are_listed_on_the_venue_and_can_be_resolved(client, coordinator, own):
    ErrorReport.objects.create(venue=own, message="Le lieu a déménagé", email="a@b.example")
    client.force_login(coordinator)

    edit = client.get(reverse("venues:edit", args=[own.pk])).content.decode()
    inspect = client.get(reverse("venues:inspect", args=[own.pk])).content.decode()

    assert "1 signalement du public à traiter" in edit
    assert "Le lieu a déménagé" in inspect
    assert reverse("venues:resolve_report", args=[own.error_reports.get().pk]) in inspect


# --- Import upload ----------------------------------------------------------------------------


def upload(content: bytes, name: str = "lieux.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")


def rows_for(*communes) -> bytes:
    return import_file(*communes, id_prefix="import", name_prefix="Lieu importé")


def test_an_upload_previews_then_imports_only_the_hubs_departements(
    client, coordinator, hub_a, hub_b
):
    mine = CommuneFactory(departement=hub_a.departements.first())
    theirs = CommuneFactory(departement=hub_b.departements.first())
    client.force_login(coordinator)
    data = rows_for(mine, theirs)

    preview = client.post(reverse("venues:import"), {"file": upload(data), "preview": "1"})
    assert preview.status_code == 200
    assert not Venue.objects.exists()
    report = preview.context["report"]
    assert (len(report.created), len(report.rejected)) == (1, 1)
    assert "n'est pas dans votre hub" in report.rejected[0].message

    imported = client.post(
        reverse("venues:import"), {"file": upload(data), "source": "tableur", "import": "1"}
    )
    assert imported.status_code == 200
    venue = Venue.objects.get()
    assert (venue.source, venue.commune_id, venue.status) == ("tableur", mine.pk, Status.PENDING)
    assert "Ligne 2" in imported.content.decode()
    entry = ModelLogEntry.objects.for_instance(venue).get()
    assert entry.user == coordinator


def preview(client, data: bytes, **fields):
    response = client.post(
        reverse("venues:import"), {"file": upload(data), "preview": "1", **fields}
    )
    assert response.status_code == 200
    return response


def confirm(client, token):
    return client.post(reverse("venues:import"), {"token": str(token), "confirm": "1"}, follow=True)


def test_a_preview_is_confirmed_without_choosing_the_file_again(client, coordinator, commune):
    client.force_login(coordinator)
    pending = preview(client, rows_for(commune, commune), source="tableur").context["pending"]
    assert not Venue.objects.exists()
    second = preview(client, rows_for(commune), source="tableur")
    assert 'name="token"' in second.content.decode()

    # A second preview replaced the first: only the latest file can be confirmed.
    assert PendingImport.objects.filter(user=coordinator).count() == 1
    assert confirm(client, pending.token).redirect_chain
    assert not Venue.objects.exists()
    latest = PendingImport.objects.get(user=coordinator)

    response = confirm(client, latest.token)

    assert response.status_code == 200
    venue = Venue.objects.get()
    assert (venue.source, venue.commune_id) == ("tableur", commune.pk)
    assert "Ligne 1" in response.content.decode()
    assert not response.context["form"].is_bound  # a new, empty form: no error on it
    assert not PendingImport.objects.exists()
    # Confirming twice imports nothing more.
    assert confirm(client, latest.token).redirect_chain == [(reverse("venues:import"), 302)]


def test_a_direct_import_makes_the_earlier_preview_obsolete(client, coordinator, commune):
    client.force_login(coordinator)
    pending = preview(client, rows_for(commune, commune)).context["pending"]

    client.post(reverse("venues:import"), {"file": upload(rows_for(commune)), "import": "1"})

    assert Venue.objects.count() == 1
    assert confirm(client, pending.token).redirect_chain == [(reverse("venues:import"), 302)]
    assert Venue.objects.count() == 1


def test_nobody_confirms_someone_elses_preview(client, coordinator, hub_a, commune):
    client.force_login(coordinator)
    pending = preview(client, rows_for(commune)).context["pending"]
    colleague = coordinator_of(hub_a)
    client.force_login(colleague)

    response = confirm(client, pending.token)

    assert "pas la vôtre" in response.content.decode()
    assert not Venue.objects.exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()
    for forged in ("", "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        assert confirm(client, forged).redirect_chain == [(reverse("venues:import"), 302)]
    assert not Venue.objects.exists()


def test_an_expired_preview_is_not_imported_and_is_deleted_later(
    client, coordinator, hub_a, commune
):
    client.force_login(coordinator)
    pending = preview(client, rows_for(commune)).context["pending"]
    PendingImport.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - PendingImport.LIFETIME - datetime.timedelta(minutes=1)
    )

    assert "a expiré" in confirm(client, pending.token).content.decode()
    assert not Venue.objects.exists()
    client.force_login(coordinator_of(hub_a))
    preview(client, rows_for(commune))
    assert not PendingImport.objects.filter(pk=pending.pk).exists()


def test_a_confirmed_preview_keeps_to_the_departements_the_user_has_then(
    client, coordinator, hub_a
):
    departement = hub_a.departements.first()
    commune = CommuneFactory(departement=departement)
    client.force_login(coordinator)
    pending = preview(client, rows_for(commune)).context["pending"]
    departement.hub = None
    departement.save()

    response = confirm(client, pending.token)

    assert not Venue.objects.exists()
    assert len(response.context["report"].rejected) == 1


def test_a_preview_with_nothing_to_import_keeps_no_file(client, coordinator, hub_b):
    client.force_login(coordinator)
    theirs = CommuneFactory(departement=hub_b.departements.first())

    response = preview(client, rows_for(theirs))

    assert response.context["pending"] is None
    assert not PendingImport.objects.exists()


def test_an_upload_that_is_not_utf8_is_refused_with_a_clear_message(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("venues:import"),
        {"file": upload("id;nom\n1;Médiathèque\n".encode("latin-1"), "l.csv"), "import": "1"},
    )

    assert response.status_code == 200
    assert "UTF-8" in str(response.context["form"].errors["file"])


def test_an_oversized_upload_is_refused(client, coordinator, settings):
    settings.DIRECTORY_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(coordinator)

    response = client.post(
        reverse("venues:import"), {"file": upload(b" " * (1024 * 1024 + 1)), "import": "1"}
    )

    assert response.context["form"].errors["file"]


def test_people_without_a_hub_cannot_import(client):
    client.force_login(UserFactory())

    response = client.get(reverse("venues:import"))

    assert response.status_code == 302
