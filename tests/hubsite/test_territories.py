"""France's territories: boundary simplification, the build from raw open data, the loader."""

import gzip
import io
import json
import math
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from hubsite import territories_data
from hubsite.geometry import douglas_peucker_indices, simplify_line
from hubsite.models import Commune, Departement, PostalCode, Region
from hubsite.models.territories import commune_code_for
from hubsite.territories_data import proper_case_name, simplify_geometry
from tests.factories import HubFactory

# --- Simplification --------------------------------------------------------------------------


def _distance_to_segment(point, start, end):
    """Distance from ``point`` to the segment, computed independently of the code under test."""
    (px, py), (ax, ay), (bx, by) = point, start, end
    length = math.dist(start, end)
    projection = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length**2
    if projection <= 0:
        return math.dist(point, start)
    if projection >= 1:
        return math.dist(point, end)
    return abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length


def test_simplification_keeps_both_ends_and_drops_points_within_tolerance():
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, -0.01), (3.0, 0.005), (4.0, 0.0)]

    assert simplify_line(line, 0.1) == [(0.0, 0.0), (4.0, 0.0)]


def test_simplification_keeps_a_point_beyond_tolerance():
    line = [(0.0, 0.0), (1.0, 0.52), (2.0, 1.0), (3.0, 0.48), (4.0, 0.0)]

    assert simplify_line(line, 0.1) == [(0.0, 0.0), (2.0, 1.0), (4.0, 0.0)]
    assert simplify_line(line, 0.001) == line


def test_simplification_reduces_points_and_every_dropped_point_stays_within_tolerance():
    line = [(x / 100, math.sin(x / 200) + 0.003 * math.sin(x * 1.3)) for x in range(2000)]
    tolerance = 0.01

    kept = douglas_peucker_indices(line, tolerance)

    assert kept[0] == 0 and kept[-1] == len(line) - 1
    assert len(kept) < len(line) / 10
    for first, last in pairwise(kept):
        for index in range(first + 1, last):
            assert _distance_to_segment(line[index], line[first], line[last]) <= tolerance


def test_simplification_of_short_lines_keeps_everything():
    assert simplify_line([(0, 0), (1, 1)], 10) == [(0, 0), (1, 1)]
    assert simplify_line([], 1) == []


def _square(x, y, size, steps=50):
    """A closed counter-clockwise square ring with ``steps`` points per side."""
    corners = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
    ring = []
    for (x1, y1), (x2, y2) in pairwise(corners):
        ring.extend([x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps] for i in range(steps))
    ring.append(list(ring[0]))
    return ring


def test_simplified_geometry_drops_collapsed_rings_and_stays_valid():
    mainland = _square(2.0, 46.0, 1.0)
    hole = _square(2.4, 46.4, 0.2)
    tiny_hole = _square(2.1, 46.1, 0.0001)
    islet = _square(3.5, 46.0, 0.0001)
    geometry = {"type": "MultiPolygon", "coordinates": [[mainland, hole, tiny_hole], [islet]]}

    simplified = simplify_geometry(geometry, tolerance=0.001, precision=4)

    assert simplified["type"] == "Polygon"
    rings = simplified["coordinates"]
    assert len(rings) == 2
    for ring in rings:
        assert len(ring) >= 4
        assert ring[0] == ring[-1]
    assert len(rings[0]) == 5
    assert all(len(str(value).split(".")[-1]) <= 4 for point in rings[0] for value in point)


def test_simplified_geometry_is_none_when_everything_collapses():
    geometry = {"type": "Polygon", "coordinates": [_square(2.0, 46.0, 0.00001)]}

    assert simplify_geometry(geometry, tolerance=0.01, precision=4) is None


# --- Names and codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("laposte", "expected"),
    [
        ("ST MARTIN DE FONTENAY", "Saint-Martin-de-Fontenay"),
        ("LE MONT DIEU", "Le Mont-Dieu"),
        ("L HOPITAL SOUS ROCHEFORT", "L'Hôpital-sous-Rochefort"),
        ("LES AUTHIEUX DU PUITS", "Les Authieux-du-Puits"),
        ("M TSANGAMOUJI", "M'Tsangamouji"),
        ("HUBY ST LEU", "Huby-Saint-Leu"),
        ("BEON", "Béon"),
        ("Y", "Y"),
    ],
)
def test_laposte_names_are_written_in_the_official_style(laposte, expected):
    accents = territories_data.accent_dictionary(["L'Hôpital-Camfrout", "Béon", "Hôpital"])

    assert proper_case_name(laposte, accents) == expected


def test_arrondissement_codes_give_their_commune():
    assert commune_code_for("75101") == "75056"
    assert commune_code_for("75120") == "75056"
    assert commune_code_for("69381") == "69123"
    assert commune_code_for("13216") == "13055"
    assert commune_code_for("75056") == "75056"
    assert commune_code_for("2A004") == "2A004"
    assert commune_code_for("13217") == "13217"


# --- Build from raw files (a tiny synthetic source in the real layouts) ---------------------


def _write(path, lines):
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))


def _feature(code, name, geometry):
    return {"type": "Feature", "properties": {"code": code, "nom": name}, "geometry": geometry}


@pytest.fixture
def raw_source(tmp_path):
    source = tmp_path / "reference"
    source.mkdir()
    _write(
        source / territories_data.SOURCE_REGIONS,
        [
            "REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE",
            "04,97411,0,LA REUNION,La Réunion,La Réunion",
            "11,75056,1,ILE DE FRANCE,Île-de-France,Île-de-France",
            "84,69123,1,AUVERGNE RHONE ALPES,Auvergne-Rhône-Alpes,Auvergne-Rhône-Alpes",
            "94,2A004,0,CORSE,Corse,Corse",
        ],
    )
    _write(
        source / territories_data.SOURCE_DEPARTEMENTS,
        [
            "DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE",
            "2A,94,2A004,3,CORSE DU SUD,Corse-du-Sud,Corse-du-Sud",
            "69,84,69123,2,RHONE,Rhône,Rhône",
            "75,11,75056,0,PARIS,Paris,Paris",
            "974,04,97411,0,LA REUNION,La Réunion,La Réunion",
        ],
    )
    pop = "84;Auvergne-Rhône-Alpes;69;1;00"
    _write(
        source / territories_data.SOURCE_POPULATIONS,
        [
            "REG;Région;DEP;CODARR;CODCAN;CODCOM;COM;Commune;PMUN;PCAP;PTOT",
            "11;Île-de-France;75;1;;101;75101;Paris 1er Arrondissement;15114;93;15207",
            "11;Île-de-France;75;1;;104;75104;Paris 4e Arrondissement;28088;117;28205",
            "94;Corse;2A;1;01;004;2A004;Ajaccio;70659;1010;71669",
            f"{pop};044;69044;Châtillon;2000;10;2010",
            f"{pop};100;69100;Jarnioux;600;5;605",
            f"{pop};114;69114;Porte des Pierres Dorées;4185;50;4235",
            "04;La Réunion;974;1;01;411;97411;Saint-Denis;153810;1824;155634",
        ],
    )
    _write(
        source / territories_data.SOURCE_POSTCODES,
        [
            "Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libellé_d_acheminement;"
            "coordonnees_gps",
            "75101;PARIS 01;75001;;PARIS;48.8626304852,2.33629344655",
            "75104;PARIS 04;75004;;PARIS;48.8543414263,2.35762994409",
            "75116;PARIS 16;75116;;PARIS;48.8603987604,2.2620995594",
            "2A004;AJACCIO;20000;;AJACCIO;41.9347926638,8.70132275974",
            "2A004;AJACCIO;20090;;AJACCIO;41.9347926638,8.70132275974",
            "69044;CHATILLON;69380;;CHATILLON;45.8729,4.5626",
            "69159;PORTE DES PIERRES DOREES;69400;LIERGUES;PORTE DES PIERRES DOREES;45.97,4.66",
            "69159;PORTE DES PIERRES DOREES;69640;JARNIOUX;PORTE DES PIERRES DOREES;45.97,4.66",
            "69998;CHATILLON LE VIEUX;69380;;CHATILLON LE VIEUX;45.88,4.60",
            "97411;ST DENIS;97400;;ST DENIS;-20.9329708192,55.4468720521",
            "98735;PAPEETE;98714;;PAPEETE;-17.5343,-149.5666",
            "99138;MONACO;98000;;MONACO;",
        ],
    )
    features = [
        _feature("75", "Paris", {"type": "Polygon", "coordinates": [_square(2.22, 48.81, 0.2)]}),
        _feature(
            "2A",
            "Corse-du-Sud",
            {
                "type": "MultiPolygon",
                "coordinates": [[_square(8.5, 41.4, 0.8)], [_square(9.3, 41.3, 0.0001)]],
            },
        ),
        _feature("69", "Rhône", {"type": "Polygon", "coordinates": [_square(4.2, 45.4, 0.8)]}),
        _feature(
            "974", "La Réunion", {"type": "Polygon", "coordinates": [_square(55.2, -21.4, 0.6)]}
        ),
    ]
    (source / territories_data.SOURCE_BOUNDARIES).write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    return source


def _built_communes(output):
    with gzip.open(output / territories_data.COMMUNES_FILE, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    header = lines[0].split(",")
    return {
        line.split(",")[0]: dict(zip(header, line.split(","), strict=True)) for line in lines[1:]
    }


def test_build_derives_compact_files_from_the_raw_layouts(raw_source, tmp_path):
    output = tmp_path / "data"

    out = io.StringIO()
    call_command("build_territory_data", source=raw_source, output=output, stdout=out)

    assert "Territory data written" in out.getvalue()

    regions = (output / territories_data.REGIONS_FILE).read_text(encoding="utf-8").splitlines()
    assert regions == [
        "code,name",
        "04,La Réunion",
        "11,Île-de-France",
        "84,Auvergne-Rhône-Alpes",
        "94,Corse",
    ]
    departements = (output / territories_data.DEPARTEMENTS_FILE).read_text(encoding="utf-8")
    assert "2A,94,Corse-du-Sud" in departements.splitlines()
    assert "974,04,La Réunion" in departements.splitlines()

    communes = _built_communes(output)
    paris = communes["75056"]
    assert paris["name"] == "Paris"
    assert paris["postcodes"] == "75001|75004|75116"
    assert int(paris["population"]) == 15114 + 28088
    # Placed on the arrondissement of the town hall, the 4th.
    assert (paris["latitude"], paris["longitude"]) == ("48.85434", "2.35763")
    assert not any(code.startswith("751") for code in communes)
    assert communes["2A004"]["postcodes"] == "20000|20090"
    assert communes["2A004"]["departement"] == "2A"
    assert communes["97411"]["departement"] == "974"
    assert communes["97411"]["name"] == "Saint-Denis"
    # Its code changed since La Poste's file: it takes the old code's postcodes and position.
    assert communes["69114"]["postcodes"] == "69400|69640"
    assert "69159" not in communes
    # Re-established from a commune déléguée named on La Poste's 5th line.
    assert communes["69100"]["postcodes"] == "69640"
    assert communes["69100"]["latitude"] == "45.97"
    # Only in La Poste: kept without population, named in the official style.
    assert communes["69998"]["name"] == "Châtillon-le-Vieux"
    assert communes["69998"]["population"] == ""
    # Outside the 101 départements.
    assert "98735" not in communes
    assert "99138" not in communes

    boundaries = json.loads((output / territories_data.BOUNDARIES_FILE).read_text("utf-8"))
    by_code = {f["properties"]["code"]: f for f in boundaries["features"]}
    assert set(by_code) == {"2A", "69", "75", "974"}
    # The islet collapses; the main island stays, its straight sides reduced to corners.
    assert by_code["2A"]["geometry"] == {
        "type": "Polygon",
        "coordinates": [[[8.5, 41.4], [9.3, 41.4], [9.3, 42.2], [8.5, 42.2], [8.5, 41.4]]],
    }
    assert by_code["974"]["bbox"] == [55.2, -21.4, 55.8, -20.8]


def test_build_writes_the_same_bytes_twice(raw_source, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"

    territories_data.build(raw_source, first)
    territories_data.build(raw_source, second)

    for name in ("regions.csv", "departements.csv", "communes.csv.gz", "departements.geojson"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_load_command_reports_missing_files(tmp_path):
    with pytest.raises(CommandError, match=r"regions\.csv"):
        call_command("load_territories", data=tmp_path, stdout=io.StringIO())


def test_build_refuses_a_source_without_a_needed_column(raw_source, tmp_path):
    path = raw_source / territories_data.SOURCE_POPULATIONS
    path.write_text(path.read_text(encoding="utf-8").replace("PMUN", "P21_POP"), "utf-8")

    with pytest.raises(territories_data.SourceError, match="PMUN"):
        territories_data.build(raw_source, tmp_path / "data")


@pytest.mark.django_db
def test_loading_updates_what_changed_and_keeps_hub_assignments(raw_source, tmp_path):
    output = tmp_path / "data"
    territories_data.build(raw_source, output)
    out = io.StringIO()
    call_command("load_territories", data=output, stdout=out)
    assert "communes : 7 créés, 0 mis à jour, 0 inchangés" in out.getvalue()
    assert "codes postaux : 11 créés" in out.getvalue()
    hub = HubFactory(departements=list(Departement.objects.filter(code__in=["2A", "69"])))

    communes = output / territories_data.COMMUNES_FILE
    with gzip.open(communes, "rt", encoding="utf-8") as handle:
        text = handle.read()
    text = text.replace("Ajaccio,2A,20000|20090", "Aiacciu,2A,20000")
    with gzip.open(communes, "wt", encoding="utf-8") as handle:
        handle.write(text)
    departements = output / territories_data.DEPARTEMENTS_FILE
    departements.write_text(
        departements.read_text("utf-8").replace("Corse-du-Sud", "Corse du Sud"), "utf-8"
    )
    boundary_before = Departement.objects.get(pk="2A").boundary
    second = territories_data.load(data_dir=output)

    assert (second["communes"].created, second["communes"].updated) == (0, 1)
    assert second["communes"].unchanged == 6
    assert (second["codes postaux"].created, second["codes postaux"].deleted) == (0, 1)
    ajaccio = Commune.objects.get(pk="2A004")
    assert ajaccio.name == "Aiacciu"
    assert ajaccio.search_name == "aiacciu"
    assert list(ajaccio.postal_codes.values_list("code", flat=True)) == ["20000"]
    assert (second["départements"].updated, second["départements"].unchanged) == (1, 3)
    corse_du_sud = Departement.objects.get(pk="2A")
    assert corse_du_sud.name == "Corse du Sud"
    assert corse_du_sud.boundary == boundary_before
    assert set(hub.departements.values_list("code", flat=True)) == {"2A", "69"}


# --- The shipped files, loaded once for this module -----------------------------------------


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    """The real shipped territories, loaded once and rolled back after the module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield territories_data.load()
        transaction.set_rollback(True)


def test_shipped_files_are_compact():
    sizes = {path.name: path.stat().st_size for path in territories_data.DATA_DIR.iterdir()}

    assert sizes["departements.geojson"] < 1_000_000
    assert sum(sizes.values()) < 2_000_000


@pytest.mark.django_db
def test_loading_the_shipped_files_gives_france(shipped):
    assert shipped["communes"].created == Commune.objects.count()
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    assert 34_800 < Commune.objects.count() < 35_100
    assert 35_000 < PostalCode.objects.count() < 36_000

    boundaries = Departement.objects.values_list("boundary", flat=True)
    assert all(boundary["type"] in {"Polygon", "MultiPolygon"} for boundary in boundaries)
    assert sum(len(json.dumps(boundary, separators=(",", ":"))) for boundary in boundaries) < (
        1_000_000
    )
    assert not Departement.objects.filter(min_latitude__isnull=True).exists()

    paris = Commune.objects.get(pk="75056")
    assert paris.name == "Paris"
    assert paris.departement.region.name == "Île-de-France"
    postcodes = set(paris.postal_codes.values_list("code", flat=True))
    # The 20 arrondissements, and 75116 which La Poste gives to the 16th's northern half.
    assert postcodes == {f"750{n:02d}" for n in range(1, 21)} | {"75116"}
    assert 48.8 < paris.latitude < 48.9 and 2.3 < paris.longitude < 2.4
    assert paris.population > 2_000_000
    assert Commune.objects.get(pk="69123").postal_codes.count() == 9
    assert Commune.objects.get(pk="13055").postal_codes.count() == 16
    assert not Commune.objects.filter(insee_code__startswith="751").exists()

    ajaccio = Commune.objects.get(pk="2A004")
    assert (ajaccio.name, ajaccio.departement.name) == ("Ajaccio", "Corse-du-Sud")
    assert Commune.objects.filter(departement="2B").count() > 200
    saint_denis = Commune.objects.get(pk="97411")
    assert saint_denis.departement.region.name == "La Réunion"
    assert saint_denis.has_position and saint_denis.latitude < 0
    assert Commune.objects.filter(departement="976").count() == 17
    reunion = Departement.objects.get(pk="974")
    assert reunion.is_overseas
    assert reunion.min_latitude < saint_denis.latitude < reunion.max_latitude
    assert reunion.min_longitude < saint_denis.longitude < reunion.max_longitude


@pytest.mark.django_db
def test_loading_the_shipped_files_twice_changes_nothing(shipped):
    angouleme = Commune.objects.values().get(pk="16015")
    charente = Departement.objects.values().get(pk="16")
    counts = [m.objects.count() for m in (Region, Departement, Commune, PostalCode)]
    hub = HubFactory(departements=list(Departement.objects.filter(code__in=["16", "17"])))

    report = territories_data.load()

    for counts_of_model in report.values():
        assert (counts_of_model.created, counts_of_model.updated, counts_of_model.deleted) == (
            0,
            0,
            0,
        )
    assert [m.objects.count() for m in (Region, Departement, Commune, PostalCode)] == counts
    assert Commune.objects.values().get(pk="16015") == angouleme
    assert Departement.objects.values().get(pk="16") == {**charente, "hub_id": hub.pk}
    assert Departement.objects.get(pk="17").hub == hub


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "insee_code"),
    [
        ("16000", "16015"),
        ("160", "16015"),  # a partial postcode: the most populous commune it starts
        ("angouleme", "16015"),
        ("angoul", "16015"),
        ("Angoulême", "16015"),
        ("st etienne", "42218"),
        ("SAINT-ETIENNE", "42218"),
        ("75116", "75056"),
        ("75104", "75056"),
        ("2A004", "2A004"),
        ("97400", "97411"),
    ],
)
def test_matching_finds_communes_in_the_shipped_data(shipped, query, insee_code):
    found = Commune.objects.matching(query).by_relevance()

    assert found[0].insee_code == insee_code
