"""Coverage: every commune's distance to the nearest qualified venue (and to the nearest
accepting the pass numérique or open on Saturday), the population left out, and when it is
recomputed."""

import csv
import io
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory import coverage, coverage_figures, services
from directory.models import CommuneCoverage, CoverageState, Status
from hubsite.models import Commune
from hubsite.models.territories import distance_km
from tests.directory.finder_data import territory, venue
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def brute_force(latitude, longitude, points, max_km=coverage.MAX_SEARCH_KM):
    best = min((distance_km(latitude, longitude, lat, lon) for lat, lon in points), default=None)
    return best if best is not None and best <= max_km else None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_point_index_finds_the_same_nearest_distance_as_brute_force(seed):
    rng = random.Random(seed)
    # Sparse and dense places, across cell edges, in the north and overseas.
    points = [(rng.uniform(42, 51), rng.uniform(-5, 8)) for _ in range(300)]
    points += [(rng.uniform(-21.4, -20.9), rng.uniform(55.2, 55.8)) for _ in range(5)]
    index = coverage.PointIndex(points)
    assert len(index) == len(points)
    for _ in range(400):
        if rng.random() < 0.1:
            latitude, longitude = rng.uniform(-21.5, -20.8), rng.uniform(55.1, 55.9)
        else:
            latitude, longitude = rng.uniform(41.5, 51.5), rng.uniform(-5.5, 9.5)
        expected = brute_force(latitude, longitude, points)
        found = index.nearest_km(latitude, longitude)
        if expected is None:
            assert found is None
        else:
            assert found == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("count", [3, 40, 2000])
def test_communes_of_one_cell_measured_together_as_each_alone(count):
    rng = random.Random(count)
    points = [(rng.uniform(44, 48), rng.uniform(-1, 3)) for _ in range(count)]
    index = coverage.PointIndex(points)
    row, column = 462, 1805  # 46.2..46.3 N, 0.5..0.6 E
    places = [
        ((row + rng.random()) * 0.1 - 90, (column + rng.random()) * 0.1 - 180) for _ in range(12)
    ]
    found = index.nearest_many(places)
    for (latitude, longitude), km in zip(places, found, strict=True):
        expected = brute_force(latitude, longitude, points)
        assert km == (None if expected is None else pytest.approx(expected, abs=1e-6))


def test_point_index_without_points_or_beyond_reach_answers_none():
    assert coverage.PointIndex([]).nearest_km(46.0, 2.0) is None
    far = coverage.PointIndex([(46.0, 2.0)])
    assert far.nearest_km(48.0, 2.0) is None  # 222 km: out of reach
    assert far.nearest_km(46.5, 2.0) == pytest.approx(55.6, abs=0.1)


@pytest.fixture
def places():
    return territory()


def stored(commune) -> CommuneCoverage:
    return CommuneCoverage.objects.get(commune=commune)


def test_recompute_stores_the_distance_of_every_commune_to_each_kind_of_venue(places):
    plain = venue(places.angouleme, opening_hours="Mo-Fr 09:00-12:00")
    with_pass = venue(places.cognac, accepts_pass_numerique=True, opening_hours="Mo-Fr 09:00-12:00")
    saturday = venue(places.rouillac, opening_hours="Sa 09:00-12:00")
    venue(places.poitiers, status=Status.PENDING, accepts_pass_numerique=True)

    coverage.recompute()

    kinds = {
        "nearest_km": [plain, with_pass, saturday],
        "pass_numerique_km": [with_pass],
        "saturday_km": [saturday],
    }
    communes = Commune.objects.filter(latitude__isnull=False)
    assert CommuneCoverage.objects.count() == communes.count()
    for commune in communes:
        row = stored(commune)
        for field, venues in kinds.items():
            expected = brute_force(
                commune.latitude, commune.longitude, [(v.latitude, v.longitude) for v in venues]
            )
            value = getattr(row, field)
            if expected is None:
                assert value is None, (commune, field)
            else:
                assert value == pytest.approx(expected, abs=0.01), (commune, field)
    # The pending venue in Poitiers does not count: the nearest is 100 km away in Charente.
    assert stored(places.poitiers).pass_numerique_km is None
    assert stored(places.saint_denis_974).nearest_km is None


def test_recompute_twice_writes_nothing_the_second_time(places):
    venue(places.angouleme)
    assert coverage.recompute() == Commune.objects.filter(latitude__isnull=False).count()
    assert coverage.recompute() == 0
    venue(places.cognac)
    assert coverage.recompute() >= 1


def test_qualification_queues_one_recomputation(places, django_capture_on_commit_callbacks):
    coverage.recompute()
    assert stored(places.cognac).nearest_km is None or stored(places.cognac).nearest_km > 1
    first = venue(places.cognac, status=Status.PENDING)
    second = venue(places.genac, status=Status.PENDING)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.bulk_qualify(venues=[first, second], by=None)
    assert len(callbacks) == 1
    assert stored(places.cognac).nearest_km == 0
    assert stored(places.genac).nearest_km == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.suspend(venue=first, by=None, reason="Fermé")
    assert stored(places.cognac).nearest_km > 0


def test_a_queued_computation_run_twice_computes_once(places):
    venue(places.angouleme)
    coverage.recompute()
    CoverageState.objects.update(requested_at=None)
    assert coverage.recompute_if_requested() is None  # nothing asked since

    CoverageState.objects.update(requested_at=timezone.now())
    assert coverage.recompute_if_requested() is not None
    assert coverage.recompute_if_requested() is None


def test_an_import_changing_a_published_venue_queues_a_recomputation(
    places, django_capture_on_commit_callbacks
):
    from directory.importer import import_file
    from tests.directory.factories import import_file as venues_file

    with django_capture_on_commit_callbacks(execute=True):
        import_file(venues_file(places.cognac, id_prefix="c"), filename="lieux.json", source="s")
    assert not CommuneCoverage.objects.exists()  # a new venue waits for its qualification
    from directory.models import Venue

    Venue.objects.filter(source="s").update(status=Status.QUALIFIED)
    moved = venues_file(places.cognac, id_prefix="c", latitude=45.70, longitude=-0.33)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file(moved, filename="lieux.json", source="s")
    assert report.updated
    assert stored(places.cognac).nearest_km == pytest.approx(
        distance_km(45.6958, -0.3287, 45.70, -0.33), abs=0.01
    )


def test_population_beyond_each_threshold_per_departement(places):
    # Angoulême has a venue; Soyaux is 3.5 km away, Rouillac about 20 km, Cognac 38 km.
    venue(places.angouleme)
    coverage.recompute()
    figures = {area.code: area for area in coverage_figures.departement_figures(["16", "86"])}
    charente = figures["16"]
    assert charente.population == 41_423 + 9_600 + 18_700 + 1_800 + 750
    by_km = dict(zip(coverage_figures.THRESHOLDS_KM, charente.beyond, strict=True))
    distances = {
        c: stored(c).nearest_km
        for c in (places.soyaux, places.cognac, places.rouillac, places.genac)
    }
    for km, population in by_km.items():
        assert population == sum(c.population for c, d in distances.items() if d > km), km
    assert figures["86"].beyond == [88_665] * 3  # Poitiers: no venue within 100 km
    unserved = coverage_figures.most_populous_unserved(["16", "86"])
    assert [row["commune_id"] for row in unserved][:2] == ["86194", "16102"]


def test_coverage_page_shows_map_table_and_communes_left_out(client, places):
    venue(places.angouleme)
    coverage.recompute()
    response = client.get(f"/lieux/couverture/{places.hub.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and "<desc" in html and "<caption>" in html
    assert "Poitiers" in html and "Cognac" in html
    assert "communes.csv" in html


def test_coverage_page_query_count_does_not_grow_with_communes(client, places):
    venue(places.angouleme)
    coverage.recompute()
    url = f"/lieux/couverture/{places.hub.slug}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(60):
        CommuneFactory(
            insee_code=f"16{500 + number}",
            departement=places.charente,
            latitude=45.3 + number / 100,
            longitude=0.5,
            population=100 + number,
        )
    coverage.recompute()
    client.get(url)  # the new computation's map drawn and cached
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_coverage_csv_lists_every_commune_defused(client, places):
    CommuneFactory(
        insee_code="16999",
        name='=HYPERLINK("http://x")',
        departement=places.charente,
        latitude=45.9,
        longitude=0.1,
    )
    venue(places.angouleme)
    coverage.recompute()
    response = client.get(f"/lieux/couverture/{places.hub.slug}/communes.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == list(coverage_figures.CSV_HEADER)
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["16999"][1].startswith("'=")
    assert by_code["16015"][4] == "0.0"
    assert "93066" not in by_code  # another territory's commune


def test_hub_page_and_home_page_show_coverage_once_computed(client, places):
    hub_url = places.hub.page.url
    assert "Les territoires éloignés" not in client.get(hub_url).content.decode()
    venue(places.angouleme)
    coverage.recompute()
    assert "Les territoires éloignés" in client.get(hub_url).content.decode()
    home = client.get("/").content.decode()
    assert "à plus de 10 km d&#x27;un lieu qualifié" in home or "à plus de 10 km d'un lieu" in home


def test_finder_outside_any_hub_gives_the_nearest_venues_and_the_help_line(client, places):
    # A venue listed 5.5 km from Saint-Denis, in a département that no hub covers.
    venue(places.saint_denis_93, name="Espace numérique de la Plaine", latitude=48.886)
    response = client.get("/lieux/", {"q": "93200"})
    html = response.content.decode()
    assert "Aucun hub ne couvre encore ce territoire" in html
    assert "Espace numérique de la Plaine" in html  # the nearest all the same
    assert "le premier est à 5,6 km" in html
    assert "01 70 772 372" in html and 'href="tel:+33170772372"' in html


def test_finder_near_venues_of_a_hub_says_nothing_of_the_kind(client, places):
    venue(places.angouleme)
    html = client.get("/lieux/", {"q": "16000"}).content.decode()
    assert "Aucun hub ne couvre" not in html
    assert "01 70 772 372" not in html


def test_help_line_is_configurable(client, places, settings):
    settings.NATIONAL_HELP_LINE_PHONE = "09 00 00 00 00"
    html = client.get("/lieux/", {"q": "16100"}).content.decode()  # Cognac: no venue at all
    assert "Aucun lieu qualifié à moins de 20 km" in html
    assert "09 00 00 00 00" in html


def test_desk_counts_the_populous_communes_left_out(places):
    from hubsite.desk import count_items, desk_items
    from hubsite.models import Hub

    venue(places.angouleme)
    coverage.recompute()
    item = next(item for item in desk_items() if item.name == "communes_unserved")
    counts = count_items(Hub.objects.filter(pk=places.hub.pk), [item])
    # Cognac (38 km), Rouillac (20 km) and Poitiers (none); Genac-Bignac has 750 people.
    assert counts[(places.hub.pk, "communes_unserved")] == 3
    assert item.url(places.hub) == f"/lieux/couverture/{places.hub.slug}/"


def test_compute_coverage_command(places):
    from django.core.management import call_command

    venue(places.angouleme)
    out = io.StringIO()
    call_command("compute_coverage", stdout=out)
    assert "communes mises à jour" in out.getvalue()
    assert stored(places.angouleme).nearest_km == 0
