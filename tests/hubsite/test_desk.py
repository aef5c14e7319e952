"""The coordinator's desk on the admin home: what needs doing in each hub, each count linking to
the venue listing filtered accordingly, at a query cost that does not grow with the data."""

import datetime
import re
import uuid
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import ConfirmationRequest, ErrorReport, ProposalStatus, Status
from hubsite.desk import DeskPanel, desk_items, desk_rows
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory, HubFactory, UserFactory, coordinator_of

pytestmark = pytest.mark.django_db

ADMIN_HOME = "/admin/"
RECENT = datetime.date.today()


def venue_in(hub, **fields):
    departement = hub.departements.order_by("code").first()
    commune = CommuneFactory(departement=departement)
    fields.setdefault("updated_on", RECENT)
    return VenueFactory(commune=commune, **fields)


def fill(hub, *, scale: int = 1):
    """``scale`` times: 2 pending venues, 1 open report (and 1 resolved), 1 approximate, 1 stale
    venue (confirmed two years ago), 1 with corrections to review (and 1 reviewed), and 1
    qualified venue needing nothing."""
    made = {"pending": [], "reported": [], "approximate": [], "stale": [], "proposals": []}
    for _ in range(scale):
        made["pending"] += [venue_in(hub, status=Status.PENDING) for _ in range(2)]
        reported = venue_in(hub)
        ErrorReport.objects.create(venue=reported, message="Fermé")
        ErrorReport.objects.create(venue=reported, message="Déjà vu", resolved_at=timezone.now())
        made["reported"].append(reported)
        made["approximate"].append(venue_in(hub, position_is_approximate=True))
        made["stale"].append(
            venue_in(hub, confirmed_at=timezone.now() - datetime.timedelta(days=800))
        )
        proposing = venue_in(hub)
        for status in (ProposalStatus.PENDING, ProposalStatus.REFUSED):
            ConfirmationRequest.objects.create(
                venue=proposing,
                token_hash=uuid.uuid4().hex,
                email="lieu@example.org",
                expires_at=timezone.now(),
                proposal={"phone": "+33545000000"},
                proposal_status=status,
            )
        made["proposals"].append(proposing)
        venue_in(hub)
    return made


@pytest.fixture
def hub_a(home):
    return HubFactory(name="Hub A", slug="hub-a")


@pytest.fixture
def hub_b(home):
    return HubFactory(name="Hub B", slug="hub-b")


def desk_text(response) -> str:
    html = response.content.decode()
    start = html.index('id="maillage-desk-section"')
    section = html[start : html.index("</section>", start)]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", section)).split()), section


def test_a_coordinator_sees_what_needs_doing_in_their_hub_only(client, hub_a, hub_b):
    fill(hub_a)
    fill(hub_b, scale=3)
    client.force_login(coordinator_of(hub_a))

    text, html = desk_text(client.get(ADMIN_HOME))

    assert "À traiter" in text and "Hub A" in text and "Hub B" not in text
    assert "2 lieux en attente de qualification" in text
    assert "1 signalements d'erreur à traiter" in text
    assert "1 lieux à la position approximative" in text
    assert "1 lieux non confirmés depuis un an" in text
    assert "1 corrections proposées à examiner" in text
    listing = reverse("venues:list")
    assert f'href="{listing}?status=pending&amp;hub={hub_a.pk}"' in html


def test_each_count_links_to_the_listing_of_exactly_those_venues(client, hub_a, hub_b):
    made = fill(hub_a)
    fill(hub_b)
    coordinator = coordinator_of(hub_a)
    client.force_login(coordinator)
    row = desk_rows(coordinator)[0]

    # The items that list venues, in their order; other items (duplicates, coverage) link
    # to listings of their own.
    expected_of = {
        "venues_pending": "pending",
        "error_reports_open": "reported",
        "venues_approximate": "approximate",
        "venues_stale": "stale",
        "confirmation_proposals": "proposals",
    }
    venue_cells = [cell for cell in row.cells if cell.item.name in expected_of]
    assert [expected_of[cell.item.name] for cell in venue_cells] == list(expected_of.values())
    for cell in venue_cells:
        expected = expected_of[cell.item.name]
        listed = client.get(cell.url).context["object_list"]
        assert {venue.pk for venue in listed} == {venue.pk for venue in made[expected]}, cell.url
        # The coordinator's count for reports is of reports; one venue each here.
        assert cell.count == len(made[expected])


def test_the_national_team_sees_every_hub_in_a_table(client, hub_a, hub_b):
    fill(hub_a)
    fill(hub_b, scale=2)
    client.force_login(UserFactory(is_superuser=True))

    text, html = desk_text(client.get(ADMIN_HOME))

    assert "<table" in html and 'scope="row"' in html
    # Pending, reports, approximate, unconfirmed, uncovered communes, proposals, solutions to
    # review, duplicates: the venue items filled, the other apps' items empty.
    assert "Hub A 2 1 1 1 0 1 0 0" in text
    assert "Hub B 4 2 2 2 0 2 0 0" in text
    assert f"hub={hub_b.pk}" in html


def test_someone_without_a_hub_sees_no_desk(client, home):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(ADMIN_HOME)

    assert response.status_code == 200
    assert "maillage-desk" not in response.content.decode()


def test_the_hub_filter_refuses_a_hub_the_coordinator_does_not_coordinate(client, hub_a, hub_b):
    fill(hub_b)
    client.force_login(coordinator_of(hub_a))

    listed = client.get(f"{reverse('venues:list')}?hub={hub_b.pk}").context["object_list"]

    assert list(listed) == []


def _desk_queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        html = DeskPanel(user).render_html({})
    assert "maillage-desk" in html
    return len(queries)


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ADMIN_HOME).status_code == 200
    return len(queries)


def test_the_desk_costs_the_same_queries_for_n_and_3n_hubs_and_venues(client, home):
    national = UserFactory(is_superuser=True)
    for index in range(2):
        fill(HubFactory(name=f"Hub {index}"))
    client.force_login(national)
    client.get(ADMIN_HOME)  # the session and caches, once
    few_desk, few_home = _desk_queries(national), _home_queries(client)

    for index in range(2, 6):
        fill(HubFactory(name=f"Hub {index}"), scale=3)
    many_desk, many_home = _desk_queries(national), _home_queries(client)

    assert len(desk_rows(national)) == 6
    assert many_desk == few_desk
    assert many_home == few_home
    # The hubs, and one grouped count per model the items count (venues, reports, requests…).
    assert few_desk <= 1 + len({item.model for item in desk_items()})


def test_a_coordinators_desk_costs_the_same_queries_whatever_the_data(hub_a):
    coordinator = coordinator_of(hub_a)
    fill(hub_a)
    few = _desk_queries(coordinator)
    fill(hub_a, scale=3)
    for index in range(3):
        fill(HubFactory(name=f"Autre hub {index}"))

    assert _desk_queries(coordinator_of(hub_a)) == few
