"""Saved import mappings: a hub's is its coordinators', the national team's is shared with
every hub read-only; one name per target."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hubsite.mapping_services import save_import_mapping
from hubsite.models import ImportMapping
from hubsite.permissions import can_edit_mapping, can_use_mapping
from hubsite.roles import NATIONAL_TEAM, role_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TARGET = "directory.venue"
SPEC = {
    "fields": {
        name: {"column": name}
        for name in ("id", "nom", "commune", "code_postal", "adresse", "date_maj")
    }
}


@pytest.fixture
def national(db):
    return UserFactory(groups=[role_group(NATIONAL_TEAM)])


def test_a_coordinators_mapping_is_their_hubs_and_the_national_teams_is_shared(
    coordinator, hub_a, hub_b, national
):
    own = save_import_mapping(user=coordinator, target=TARGET, name="Hub A", spec=SPEC)
    shared = save_import_mapping(user=national, target=TARGET, name="Nationale", spec=SPEC)
    other = ImportMapping.objects.create(target=TARGET, name="Hub B", hub=hub_b, spec=SPEC)

    assert own.hub == hub_a and shared.hub is None
    assert set(ImportMapping.objects.usable_by(coordinator)) == {own, shared}
    assert can_use_mapping(coordinator, shared) and not can_use_mapping(coordinator, other)
    assert can_edit_mapping(coordinator, own)
    assert not can_edit_mapping(coordinator, shared)
    assert not can_edit_mapping(coordinator, other)
    assert can_edit_mapping(national, shared) and can_edit_mapping(national, other)


def test_a_name_taken_by_a_mapping_one_may_not_change_is_refused(coordinator, national):
    save_import_mapping(user=national, target=TARGET, name="Export", spec=SPEC)

    with pytest.raises(ValidationError, match="déjà pris"):
        save_import_mapping(
            user=coordinator, target=TARGET, name="Export", spec={**SPEC, "hours": []}
        )
    assert ImportMapping.objects.get().spec == SPEC


def test_saving_again_under_ones_own_name_replaces_the_spec(coordinator):
    first = save_import_mapping(user=coordinator, target=TARGET, name="Export", spec=SPEC)
    changed = {**SPEC, "values": {"services": {"AD": ["Aide aux démarches administratives"]}}}

    again = save_import_mapping(user=coordinator, target=TARGET, name="  Export ", spec=changed)

    assert again.pk == first.pk and ImportMapping.objects.get().spec == changed


def test_an_unfit_spec_or_a_user_of_no_hub_is_refused(coordinator):
    with pytest.raises(ValidationError, match="obligatoire"):
        save_import_mapping(user=coordinator, target=TARGET, name="X", spec={"fields": {}})
    with pytest.raises(PermissionDenied):
        save_import_mapping(user=UserFactory(), target=TARGET, name="X", spec=SPEC)
    assert not ImportMapping.objects.exists()


def test_the_listing_shows_a_coordinator_their_hubs_mappings_only(
    client, coordinator, hub_b, national
):
    save_import_mapping(user=coordinator, target=TARGET, name="Celle du hub A", spec=SPEC)
    save_import_mapping(user=national, target=TARGET, name="Celle de la nation", spec=SPEC)
    ImportMapping.objects.create(target=TARGET, name="Celle du hub B", hub=hub_b)
    client.force_login(coordinator)

    page = client.get(reverse("import_mappings:index")).content.decode()

    assert "Celle du hub A" in page
    assert "Celle du hub B" not in page and "Celle de la nation" not in page
    shared = ImportMapping.objects.get(name="Celle de la nation")
    assert client.get(reverse("import_mappings:edit", args=[shared.pk])).status_code == 404
