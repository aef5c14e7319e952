"""Likely duplicates: found within a commune, recorded, dismissed or merged; a merged venue
keeps every source id and both histories; an import flags rows that resemble a venue."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from directory import duplicates
from directory.duplicate_services import (
    LOG_MERGED,
    dismiss_pair,
    merge_pair,
    refresh_pairs,
)
from directory.importer import import_file
from directory.models import (
    DuplicatePair,
    ErrorReport,
    MergedVenue,
    OpeningInterval,
    PairStatus,
    Status,
    Venue,
    VenueSourceId,
)
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory


@pytest.fixture
def town(hub_a):
    return CommuneFactory(departement=hub_a.departements.first(), name="Cognac")


def at(commune, **fields):
    fields.setdefault("latitude", 45.6958)
    fields.setdefault("longitude", -0.3287)
    return VenueFactory(commune=commune, **fields)


def pairs() -> set[frozenset[str]]:
    return {
        frozenset({pair.first.name, pair.second.name})
        for pair in DuplicatePair.objects.open().select_related("first", "second")
    }


# --- Detection --------------------------------------------------------------------------------


def test_true_duplicates_are_found_with_a_score_and_reasons(town):
    apej = at(town, name="APEJ", address="12 rue Henri Fichon", phone="05 45 36 00 00")
    desk = at(
        town,
        name="Espace France Services APEJ",
        address="12, r. Henri-Fichon",
        phone="+33 5 45 36 00 00",
        latitude=45.69582,
    )
    typo = at(town, name="Médiathèque Jules Verne", emails="media@cognac.fr", latitude=45.70)
    other = at(town, name="Mediatheque Jules Vernes", emails="MEDIA@cognac.fr", latitude=45.71)

    refresh_pairs()

    assert pairs() == {frozenset({apej.name, desk.name}), frozenset({typo.name, other.name})}
    pair = DuplicatePair.objects.get(first=min(apej.pk, desk.pk))
    assert pair.score >= 90
    assert {"même nom", "même adresse", "même téléphone"} <= set(pair.reasons)
    assert any(
        reason.startswith("à ") and reason.endswith(" m l'un de l'autre") for reason in pair.reasons
    )


def test_distinct_places_in_the_same_building_are_not_proposed(town):
    at(town, name="Médiathèque de Cognac", address="Place de l'Hôtel de Ville", phone="0545000000")
    at(town, name="CCAS de Cognac", address="place de l'hotel de ville", phone="0545000000")
    at(town, name="Mairie de Cognac", address="place de l'hotel de ville", phone="0545000000")

    refresh_pairs()

    assert pairs() == set()


def test_venues_of_other_communes_are_never_compared(town, hub_a):
    elsewhere = CommuneFactory(departement=hub_a.departements.first(), name="Jarnac")
    at(town, name="APEJ", address="12 rue Henri Fichon", phone="0545360000")
    at(elsewhere, name="APEJ", address="12 rue Henri Fichon", phone="0545360000")

    refresh_pairs()

    assert pairs() == set()


def test_a_common_word_alone_does_not_make_a_duplicate(town):
    at(town, name="Centre social Les Alizés", latitude=45.70)
    at(town, name="Centre social du Champ de Foire", latitude=45.71)

    refresh_pairs()

    assert pairs() == set()


def test_comparisons_stay_within_blocks_of_a_shared_key():
    # 300 venues of one commune sharing only a common word are never compared two by two.
    group = [
        duplicates.sketch(pk=n, commune_id="16102", name=f"Médiathèque {word}")
        for n, word in enumerate(f"lieu{n:03d}x" for n in range(300))
    ]
    compared = []
    original = duplicates.compare

    def counting(a, b):
        compared.append((a.pk, b.pk))
        return original(a, b)

    duplicates.compare = counting
    try:
        found = duplicates.find_in_commune(group)
    finally:
        duplicates.compare = original
    assert len(compared) < 300 * 20
    assert found == [] or all(c.score for c in found)


def test_a_dismissed_pair_is_not_proposed_again_and_open_pairs_follow_the_data(town, coordinator):
    first = at(town, name="APEJ", phone="0545360000")
    second = at(town, name="A.P.E.J.", phone="0545360000")
    refresh_pairs()
    pair = DuplicatePair.objects.get()

    dismiss_pair(pair=pair, by=coordinator)
    result = refresh_pairs()

    assert result.created == 0
    assert DuplicatePair.objects.get().status == PairStatus.DISMISSED
    assert pairs() == set()

    # An open pair whose venues no longer look alike goes.
    third = at(town, name="Tiers-lieu La Fabrique", phone="0545111111")
    fourth = at(town, name="La Fabrique tiers lieu", phone="0545111111")
    refresh_pairs()
    assert pairs() == {frozenset({third.name, fourth.name})}
    Venue.objects.filter(pk=fourth.pk).update(name="Bureau de poste", phone="")
    assert refresh_pairs().removed == 1
    assert pairs() == set()
    assert first.pk and second.pk


def test_the_command_finds_the_duplicates(town):
    at(town, name="APEJ", phone="0545360000")
    at(town, name="APEJ", phone="0545360000", latitude=45.75)
    out = []

    class Out:
        def write(self, text):
            out.append(text)

    call_command("find_duplicates", stdout=Out())

    assert "1 nouveaux" in "".join(out)
    assert DuplicatePair.objects.open().count() == 1


# --- Merging ---------------------------------------------------------------------------------


@pytest.fixture
def pair_of(town):
    def make():
        older = at(
            town,
            source="cartographie",
            source_id="carto-1",
            name="APEJ",
            phone="0545360000",
            opening_hours="Mo 09:00-12:00",
            status=Status.QUALIFIED,
        )
        newer = at(
            town,
            source="conseil-departemental",
            source_id="cd16-7",
            name="Espace France Services APEJ",
            phone="0545360000",
            emails="apej@example.org",
            opening_hours="Tu 14:00-17:00",
            status=Status.PENDING,
        )
        refresh_pairs()
        return DuplicatePair.objects.get(), older, newer

    return make


def test_a_merge_keeps_the_chosen_values_every_source_id_and_both_histories(pair_of, coordinator):
    pair, kept, absorbed = pair_of()
    content_type = ContentType.objects.get_for_model(Venue)
    ModelLogEntry.objects.create(
        content_type=content_type,
        object_id=str(absorbed.pk),
        label=str(absorbed),
        action="directory.import",
        data={"created": True, "file": "cd16.csv"},
        timestamp=timezone.now(),
    )
    report = ErrorReport.objects.create(venue=absorbed, message="Fermé le lundi")

    survivor = merge_pair(
        pair=pair, keep=kept.pk, choices={"opening_hours": absorbed.pk}, by=coordinator
    )

    assert survivor.pk == kept.pk
    assert not Venue.objects.filter(pk=absorbed.pk).exists()
    survivor.refresh_from_db()
    assert survivor.name == "APEJ"
    assert survivor.opening_hours == "Tu 14:00-17:00"
    assert survivor.emails == ""  # not chosen: the kept venue's value stays
    assert list(OpeningInterval.objects.filter(venue=survivor).values_list("weekday", "opens")) == [
        (1, 14 * 60)
    ]
    assert set(VenueSourceId.objects.filter(venue=survivor).values_list("source", "source_id")) == {
        ("cartographie", "carto-1"),
        ("conseil-departemental", "cd16-7"),
    }
    report.refresh_from_db()
    assert report.venue_id == survivor.pk
    history = ModelLogEntry.objects.filter(content_type=content_type, object_id=str(survivor.pk))
    assert set(history.values_list("action", flat=True)) >= {"directory.import", LOG_MERGED}
    merged = history.get(action=LOG_MERGED)
    assert merged.data["absorbed"] == absorbed.pk and merged.user == coordinator
    pair.refresh_from_db()
    assert (pair.status, pair.first_id, pair.second_id) == (PairStatus.MERGED, kept.pk, None)


def test_a_reimport_of_either_source_updates_the_survivor(pair_of, coordinator, town):
    pair, kept, _absorbed = pair_of()
    merge_pair(pair=pair, keep=kept.pk, choices={}, by=coordinator)
    venues = Venue.objects.count()

    for source, identifier in (("cartographie", "carto-1"), ("conseil-departemental", "cd16-7")):
        data = json.dumps(
            [
                {
                    "id": identifier,
                    "nom": "APEJ",
                    "commune": town.name,
                    "code_postal": town.postal_codes.first().code,
                    "code_insee": town.insee_code,
                    "adresse": f"Adresse de {source}",
                    "date_maj": "2025-05-01",
                }
            ]
        ).encode()
        report = import_file(data, filename="lieux.json", source=source)
        assert report.counts["created"] == 0 and report.counts["updated"] == 1, report.summary()
        kept.refresh_from_db()
        assert kept.address == f"Adresse de {source}"
    assert Venue.objects.count() == venues


def test_the_absorbed_venues_public_url_leads_to_the_survivor(pair_of, client, coordinator):
    pair, kept, absorbed = pair_of()
    old_url = absorbed.get_absolute_url()
    merge_pair(pair=pair, keep=kept.pk, choices={}, by=coordinator)

    response = client.get(old_url)
    assert response.status_code == 301
    assert response.url == kept.get_absolute_url()
    assert (
        client.get(reverse("finder:venue_short", args=[absorbed.pk])).url == kept.get_absolute_url()
    )
    assert MergedVenue.objects.get(old_id=absorbed.pk).into_id == kept.pk
    assert client.get(reverse("finder:venue_short", args=[absorbed.pk + 1000])).status_code == 404


def test_a_decided_pair_cannot_be_merged_or_dismissed_again(pair_of, coordinator):
    from django.core.exceptions import ValidationError

    pair, kept, absorbed = pair_of()
    dismiss_pair(pair=pair, by=coordinator)
    with pytest.raises(ValidationError):
        merge_pair(pair=pair, keep=kept.pk, choices={}, by=coordinator)
    with pytest.raises(ValidationError):
        dismiss_pair(pair=pair, by=coordinator)
    assert Venue.objects.filter(pk__in=[kept.pk, absorbed.pk]).count() == 2


def test_another_hubs_coordinator_may_not_merge(pair_of, hub_b):
    from django.core.exceptions import PermissionDenied

    from tests.factories import coordinator_of

    pair, kept, _absorbed = pair_of()
    with pytest.raises(PermissionDenied):
        merge_pair(pair=pair, keep=kept.pk, choices={}, by=coordinator_of(hub_b))


# --- Imports ---------------------------------------------------------------------------------


def test_an_import_flags_a_row_that_looks_like_an_existing_venue(town, coordinator):
    existing = at(town, name="APEJ", address="12 rue Henri Fichon", phone="0545360000")
    data = json.dumps(
        [
            {
                "id": "cd16-7",
                "nom": "Espace France Services APEJ",
                "commune": town.name,
                "code_postal": town.postal_codes.first().code,
                "code_insee": town.insee_code,
                "adresse": "12 r. Henri Fichon",
                "telephone": "05 45 36 00 00",
                "date_maj": "2024-05-01",
            },
            {
                "id": "cd16-8",
                "nom": "Ludothèque",
                "commune": town.name,
                "code_postal": town.postal_codes.first().code,
                "code_insee": town.insee_code,
                "adresse": "3 rue Haute",
                "date_maj": "2024-05-01",
            },
        ]
    ).encode()

    preview = import_file(data, filename="cd16.json", dry_run=True)
    assert [w.row for w in preview.warnings if "ressemble" in w.message] == [1]
    assert not DuplicatePair.objects.exists()

    report = import_file(data, filename="cd16.json", user=coordinator)

    flagged = [w for w in report.warnings if "ressemble" in w.message]
    assert len(flagged) == 1 and "« APEJ »" in flagged[0].message
    new = Venue.objects.get(source_id="cd16-7")
    pair = DuplicatePair.objects.get()
    assert {pair.first_id, pair.second_id} == {existing.pk, new.pk}
    assert pair.status == PairStatus.OPEN


def test_every_new_venue_answers_to_its_own_source_id(town):
    venue = at(town, source="a", source_id="1")
    assert list(venue.source_ids.values_list("source", "source_id")) == [("a", "1")]


def test_flagging_an_import_costs_the_same_queries_whatever_its_size(town):
    postcode = town.postal_codes.first().code

    def rows(count):
        return json.dumps(
            [
                {
                    "id": f"x-{n}",
                    "nom": f"Lieu {n}",
                    "commune": town.name,
                    "code_postal": postcode,
                    "code_insee": town.insee_code,
                    "adresse": "1 rue Haute",
                    "telephone": "05 45 00 00 00",
                    "date_maj": "2024-05-01",
                }
                for n in range(count)
            ]
        ).encode()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (3, 30):
        at(town, name=f"Lieu {size - 1}", address="1 rue Haute", phone="0545000000")
        data = rows(size)
        with CaptureQueriesContext(connection) as captured:
            report = import_file(data, filename="x.json", dry_run=True)
        assert any("ressemble" in w.message for w in report.warnings)
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- Demo ------------------------------------------------------------------------------------


def test_the_demo_has_duplicates_to_merge_and_loading_it_again_adds_none(home):
    import io

    from tests.directory.charente import load_charente
    from tests.factories import DepartementFactory, HubFactory

    charente = load_charente()
    other = DepartementFactory(code="17")
    CommuneFactory(departement=other, name="Grande-Ville", population=20_000)
    HubFactory(departements=[charente, other])

    call_command("load_demo_venues", stdout=io.StringIO(), stderr=io.StringIO())

    twins = Venue.objects.filter(source="demo", source_id__endswith="-bis")
    assert twins.filter(departement=other).count() == 2
    flagged = DuplicatePair.objects.open()
    for twin in twins:
        assert flagged.filter(first=twin).exists() or flagged.filter(second=twin).exists(), twin
    counts = (Venue.objects.count(), DuplicatePair.objects.count())

    call_command("load_demo_venues", stdout=io.StringIO(), stderr=io.StringIO())

    assert (Venue.objects.count(), DuplicatePair.objects.count()) == counts
