"""A real export in a layout of its own (half-day timetable, codes, dd/mm/yyyy) imports
through its saved mapping: no row lost, every rejected row with its reason."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from directory import opening_hours, standard
from directory.import_mapping import TARGET_KEY, import_mapped_file, venue_target
from directory.import_service import NotInStandardError, import_upload
from directory.management.commands.load_demo_venues import DEMO_MAPPING_FILE, load_demo_mapping
from directory.models import Status, Venue
from directory.vocabulary import Fee, Service
from hubsite import mapping
from hubsite.mapping_services import save_import_mapping
from hubsite.models import ImportMapping
from tests.directory.charente import load_charente

pytestmark = pytest.mark.django_db

DATA = standard.DATA_DIR.parent.parent / "tests" / "directory" / "data"
HALF_DAYS = DATA / "lieux_cd16_demi-journees.csv"
SPEC = json.loads(DEMO_MAPPING_FILE.read_text(encoding="utf-8"))["spec"]


@pytest.fixture
def charente(db):
    return load_charente()


def test_the_half_day_file_is_refused_whole_without_its_mapping(charente, coordinator):
    with pytest.raises(NotInStandardError) as refusal:
        import_upload(
            user=coordinator,
            filename=HALF_DAYS.name,
            source="",
            content=HALF_DAYS.read_bytes(),
            dry_run=True,
        )
    assert "Colonnes obligatoires absentes" in refusal.value.messages[0]
    # The file is kept for its uploader to build the mapping on.
    assert refusal.value.pending.user == coordinator
    assert bytes(refusal.value.pending.content) == HALF_DAYS.read_bytes()


def test_a_real_export_in_a_layout_of_its_own_imports_with_no_row_lost(charente):
    report = import_mapped_file(HALF_DAYS.read_bytes(), spec=SPEC, filename=HALF_DAYS.name)

    assert report.total == 22
    assert len(report.created) + len(report.rejected) == report.total
    assert len(report.created) == 20 == Venue.objects.count()
    reasons = {problem.id: problem.message for problem in report.rejected}
    assert reasons == {
        "CD16-021": "« Nom » obligatoire, vide dans la colonne « nom de la structure »",
        "CD16-022": "date illisible (dernière mise à jour) : « 31/02/2023 »",
    }
    assert not Venue.objects.exclude(status=Status.PENDING).exists()
    assert set(Venue.objects.values_list("source", flat=True)) == {"cd16-demi-journees"}


def test_codes_dates_and_half_days_become_the_standards_values(charente):
    import_mapped_file(HALF_DAYS.read_bytes(), spec=SPEC, filename=HALF_DAYS.name)

    venue = Venue.objects.get(source_id="CD16-004")
    assert venue.services == [
        Service.DEMARCHES,
        Service.OUTILS_QUOTIDIEN,
        Service.COMPREHENSION,
    ]
    assert venue.fees == [Fee.GRATUIT]
    assert venue.updated_on.isoformat() == "2023-06-23"
    assert venue.phone == "+33545948501"
    assert venue.opening_hours == (
        "Mo 13:30-17:30; Tu-Th 08:30-12:15,13:30-17:30; Fr 08:30-12:15,13:30-16:15"
    )
    # The value round-trips through the project's own reader, as the finder reads it.
    schedule = opening_hours.parse(venue.opening_hours)
    assert schedule.days[0] == ((13 * 60 + 30, 17 * 60 + 30),)
    assert schedule.days[4] == ((8 * 60 + 30, 12 * 60 + 15), (13 * 60 + 30, 16 * 60 + 15))
    assert schedule.days[5] == schedule.days[6] == ()
    saturday = Venue.objects.get(source_id="CD16-011")
    assert saturday.opening_hours == "Mo-Fr 09:00-12:30,14:00-17:30; Sa 09:30-12:00"


def test_what_the_mapping_and_the_communes_corrected_are_warnings(charente):
    report = import_mapped_file(HALF_DAYS.read_bytes(), spec=SPEC, filename=HALF_DAYS.name)

    warnings = {(problem.id, problem.message) for problem in report.warnings}
    assert ("CD16-016", "valeur inconnue « ZZ » (codes services) : ignorée") in warnings
    assert (
        "CD16-020",
        "horaires illisibles (mardi matin) : « sur rendez-vous », jour ignoré",
    ) in warnings
    assert (
        "CD16-003",
        "code postal 16010 corrigé en 16100 (chiffres inversés) : Cognac",
    ) in warnings
    assert any(
        id_ == "CD16-007" and "Saint-Estèphe" in message and "Roullet-Saint-Estèphe" in message
        for id_, message in warnings
    )
    cognac = Venue.objects.get(source_id="CD16-003")
    assert (cognac.commune_id, cognac.postcode) == ("16102", "16100")
    assert Venue.objects.get(source_id="CD16-007").commune_id == "16287"
    assert Venue.objects.get(source_id="CD16-016").services == [
        Service.OUTILS_QUOTIDIEN,
        Service.COMPREHENSION,
    ]


def test_reimporting_through_the_mapping_changes_nothing_and_a_dry_run_writes_nothing(charente):
    import_mapped_file(HALF_DAYS.read_bytes(), spec=SPEC, filename=HALF_DAYS.name, dry_run=True)
    assert not Venue.objects.exists()

    import_mapped_file(HALF_DAYS.read_bytes(), spec=SPEC, filename=HALF_DAYS.name)
    again = import_mapped_file(HALF_DAYS.read_bytes(), spec=SPEC, filename=HALF_DAYS.name)

    assert again.created == [] and again.updated == []
    assert again.unchanged == 20
    assert len(again.rejected) == 2


def test_the_command_imports_through_a_saved_mapping(charente):
    load_demo_mapping()
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "import_venues",
        str(HALF_DAYS),
        "--mapping",
        "Charente — horaires par demi-journée (démonstration)",
        stdout=out,
        stderr=err,
    )

    assert Venue.objects.count() == 20
    assert "20 créées" in out.getvalue() and "2 rejetées" in out.getvalue()
    assert "CD16-021" in err.getvalue()


def test_the_command_names_the_saved_mappings_when_one_is_unknown(charente):
    load_demo_mapping()
    with pytest.raises(CommandError, match="démonstration"):
        call_command("import_venues", str(HALF_DAYS), "--mapping", "Inconnue")
    assert not Venue.objects.exists()


def test_the_demo_mapping_is_fit_for_the_target_and_loads_once(db):
    assert mapping.validate(venue_target(), SPEC) == []
    first = load_demo_mapping()
    again = load_demo_mapping()
    assert first.pk == again.pk
    assert ImportMapping.objects.for_target(TARGET_KEY).count() == 1
    assert first.hub is None  # the national team's, shared


def test_an_upload_through_a_mapping_keeps_to_the_coordinators_hub(charente, coordinator):
    # The coordinator's hub (hub_a) holds no Charente: every row is refused, each with why.
    saved = save_import_mapping(user=coordinator, target=TARGET_KEY, name="Essai", spec=SPEC)
    outcome = import_upload(
        user=coordinator,
        filename=HALF_DAYS.name,
        source="",
        content=HALF_DAYS.read_bytes(),
        dry_run=True,
        mapping=saved,
    )
    assert len(outcome.report.rejected) == 22
    assert all(problem.message for problem in outcome.report.rejected)
