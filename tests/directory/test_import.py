import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from directory import importer, standard
from directory.importer import ImportFileError, import_file
from directory.models import Status, Venue
from directory.vocabulary import (
    AccessMode,
    Fee,
    NationalProgramme,
    Public,
    Service,
    SpecificSupport,
    SupportMode,
    TrainingLabel,
)
from tests.directory.charente import json_bytes, load_charente, row
from tests.directory.factories import VenueFactory
from tests.factories import CommuneFactory, DepartementFactory

pytestmark = pytest.mark.django_db

CHARENTE_EXPORT = standard.DATA_DIR / "charente_lieux-mediation-numerique_20230711.json"

HEADER = "id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj"


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


@pytest.fixture
def charente(db):
    return load_charente()


def test_the_real_charente_export_imports_with_no_row_lost(charente):
    report = import_file(CHARENTE_EXPORT.read_bytes(), filename=CHARENTE_EXPORT.name)

    assert report.rejected == []
    assert len(report.created) == 188
    assert Venue.objects.count() == 188
    assert Venue.objects.filter(departement=charente).count() == 188
    assert not Venue.objects.exclude(status=Status.PENDING).exists()
    assert (
        Venue.objects.filter(national_programmes__has_any=[NationalProgramme.CONSEILLERS]).count()
        == 109
    )
    assert Venue.objects.filter(pivot="").count() == 67
    assert Venue.objects.exclude(phone="").count() == 65
    assert Venue.objects.filter(longitude__lt=0).exists()
    assert not Venue.objects.filter(latitude__isnull=True).exists()


def test_reimporting_the_same_file_changes_nothing(charente):
    data = CHARENTE_EXPORT.read_bytes()
    import_file(data, filename=CHARENTE_EXPORT.name)
    modified = dict(Venue.objects.values_list("pk", "modified_at"))
    logs = ModelLogEntry.objects.get_for_model(Venue).count()

    report = import_file(data, filename=CHARENTE_EXPORT.name)

    assert report.counts == {"created": 0, "updated": 0, "unchanged": 188, "rejected": 0}
    assert dict(Venue.objects.values_list("pk", "modified_at")) == modified
    assert ModelLogEntry.objects.get_for_model(Venue).count() == logs


def test_v0_fields_are_mapped_onto_the_v1_fields(charente):
    data = json_bytes(
        [
            row(
                labels_nationaux="CNFS;France Services;APTIC;French Tech",
                conditions_acces=(
                    "Gratuit : Je peux accéder gratuitement au lieu et à ses services;"
                    "Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique"
                ),
                publics_accueillis="Seniors (+ 65 ans);Surdité;Adultes;Familles/enfants",
                courriel="accueil@cognac.example",
                accessibilite="https://acceslibre.beta.gouv.fr/app/16-cognac/",
                labels_autres="Label local",
                modalites_accompagnement=(
                    "Seul : j'ai accès à du matériel et une connexion|"
                    "Dans un atelier : j'apprends collectivement à utiliser le numérique"
                ),
                services="Prendre en main un ordinateur;Devenir autonome dans les démarches "
                "administratives",
            )
        ]
    )

    report = import_file(data, filename="v0.json")

    assert report.rejected == [] and report.warnings == []
    venue = Venue.objects.get()
    assert venue.accepts_pass_numerique is True
    assert venue.national_programmes == [
        NationalProgramme.CONSEILLERS,
        NationalProgramme.FRANCE_SERVICES,
    ]
    assert venue.fees == [Fee.GRATUIT]
    assert venue.publics == [Public.FAMILLES, Public.SENIORS]
    assert venue.specific_support == [SpecificSupport.SURDITE]
    assert venue.emails == "accueil@cognac.example"
    assert venue.accessibility_url == "https://acceslibre.beta.gouv.fr/app/16-cognac/"
    assert venue.other_labels == "Label local|French Tech"
    assert venue.support_modes == [SupportMode.AUTONOMIE, SupportMode.ATELIER]
    assert venue.services == [Service.DEMARCHES, Service.OUTILS_QUOTIDIEN]


def test_v1_values_accept_both_spellings_of_etapes_numeriques(charente):
    data = json_bytes(
        [
            row(id="a", formations_labels="Étapes numériques (La Poste)"),
            row(id="b", formations_labels="Étapes numériques(La Poste)"),
        ]
    )

    import_file(data, filename="v1.json")

    assert [venue.training_labels for venue in Venue.objects.order_by("source_id")] == [
        [TrainingLabel.ETAPES],
        [TrainingLabel.ETAPES],
    ]


def test_semicolon_separated_csv_with_bom_and_pipe_values_imports(charente):
    data = "\ufeff" + (
        "id;nom;commune;code_postal;adresse;date_maj;services;modalites_acces\n"
        "x1;Espace numérique;Cognac;16100;1 rue Haute;2024-01-02;"
        "Aide aux démarches administratives|Accès internet et matériel informatique;"
        "Se présenter|Téléphoner\n"
    )

    report = import_file(data.encode("utf-8"), filename="lieux.csv", source="hub")

    assert report.rejected == []
    venue = Venue.objects.get(source="hub", source_id="x1")
    assert venue.services == [Service.DEMARCHES, Service.ACCES_MATERIEL]
    assert venue.access_modes == [AccessMode.SE_PRESENTER, AccessMode.TELEPHONER]


def test_placeholder_pivot_is_stored_empty_and_a_real_one_kept(charente):
    data = json_bytes([row(id="a", pivot="00000000000000"), row(id="b", pivot="434 933 123 00029")])

    import_file(data, filename="pivots.json")

    assert dict(Venue.objects.values_list("source_id", "pivot")) == {
        "a": "",
        "b": "43493312300029",
    }


def test_unknown_vocabulary_value_is_dropped_with_a_warning_and_the_row_kept(charente):
    data = json_bytes([row(services="Aide aux démarches administratives|Cours de poterie")])

    report = import_file(data, filename="inconnu.json")

    assert len(report.created) == 1
    assert Venue.objects.get().services == [Service.DEMARCHES]
    assert [(w.row, w.id) for w in report.warnings] == [(1, "lieu-1")]
    assert "Cours de poterie" in report.warnings[0].message


def test_every_rejected_row_is_reported_with_its_row_number_id_and_reason(charente):
    header = "id,nom,commune,code_postal,adresse,date_maj,site_web,courriels"
    data = csv_bytes(
        "ok-1,Lieu valide,Cognac,16100,1 rue A,2024-01-01,https://ok.example,a@ok.example",
        "sans-nom,,Cognac,16100,1 rue B,2024-01-01,,",
        "mauvais-cp,Lieu,Cognac,ABCDE,1 rue C,2024-01-01,,",
        "inconnue,Lieu,Atlantis,16999,1 rue D,2024-01-01,,",
        "url,Lieu,Cognac,16100,1 rue E,2024-01-01,javascript:alert(1),",
        "courriel,Lieu,Cognac,16100,1 rue F,2024-01-01,,pas-un-courriel",
        "ok-1,Doublon,Cognac,16100,1 rue G,2024-01-01,,",
        "ok-2,Autre lieu valide,Angoulême,16000,2 rue H,2024-01-01,,",
        header=header,
    )

    report = import_file(data, filename="mixte.csv", source="essai")

    assert [(p.row, p.id) for p in report.rejected] == [
        (3, "sans-nom"),
        (4, "mauvais-cp"),
        (5, "inconnue"),
        (6, "url"),
        (7, "courriel"),
        (8, "ok-1"),
    ]
    reasons = [p.message for p in report.rejected]
    assert "nom" in reasons[0]
    assert "code postal invalide" in reasons[1]
    assert "commune inconnue" in reasons[2]
    assert "URL invalide" in reasons[3]
    assert "courriel invalide" in reasons[4]
    assert "double" in reasons[5]
    assert sorted(Venue.objects.values_list("source_id", flat=True)) == ["ok-1", "ok-2"]


def test_venue_without_coordinates_is_placed_at_its_communes_centre_and_flagged(charente):
    data = json_bytes([row(latitude=None, longitude=None)])

    import_file(data, filename="sans-position.json")

    venue = Venue.objects.select_related("commune").get()
    assert venue.position_is_approximate is True
    assert (venue.latitude, venue.longitude) == (venue.commune.latitude, venue.commune.longitude)
    assert venue.grid_cell is not None


def test_departement_and_commune_follow_from_postcode_and_name_without_insee_code(charente):
    import_file(json_bytes([row(commune="CHÂTEAUBERNARD", code_postal="16100")]), filename="a.json")

    venue = Venue.objects.get()
    assert venue.departement_id == "16"
    assert venue.insee_code == "16089"
    assert venue.commune_name == "Châteaubernard"
    assert venue.hub is None


def test_dry_run_reports_what_would_change_and_writes_nothing(charente):
    existing = VenueFactory(
        source="essai",
        source_id="lieu-1",
        commune_id="16102",
        departement=charente,
        postcode="16100",
        name="Ancien nom",
    )
    data = json_bytes([row(id="lieu-1", nom="Nouveau nom"), row(id="lieu-2")])

    report = import_file(data, filename="a.json", dry_run=True)

    assert report.dry_run
    assert [change.id for change in report.created] == ["lieu-2"]
    assert [change.id for change in report.updated] == ["lieu-1"]
    assert "name" in report.updated[0].fields
    existing.refresh_from_db()
    assert existing.name == "Ancien nom"
    assert Venue.objects.count() == 1
    assert not ModelLogEntry.objects.get_for_model(Venue).exists()


def test_an_update_reports_changed_fields_keeps_the_qualification_and_is_logged(charente):
    import_file(json_bytes([row()]), filename="a.json")
    Venue.objects.update(status=Status.QUALIFIED)

    report = import_file(json_bytes([row(nom="Médiathèque Jean Monnet")]), filename="a.json")

    assert [change.fields for change in report.updated] == [["name"]]
    venue = Venue.objects.get()
    assert venue.name == "Médiathèque Jean Monnet"
    assert venue.status == Status.QUALIFIED
    entry = ModelLogEntry.objects.for_instance(venue).first()
    assert entry.action == importer.LOG_ACTION
    assert entry.data["fields"] == ["name"]


def test_an_error_midway_leaves_the_database_as_it_was(charente, monkeypatch):
    existing = VenueFactory(
        source="essai", source_id="lieu-1", commune_id="16102", departement=charente, name="Avant"
    )

    def fail(*args, **kwargs):
        raise RuntimeError("panne au milieu de l'import")

    # Venues are created and updated before the history is written: fail there.
    monkeypatch.setattr(importer, "_log_entries", fail)
    data = json_bytes([row(id="lieu-1", nom="Après"), row(id="lieu-2"), row(id="lieu-3")])

    with pytest.raises(RuntimeError):
        import_file(data, filename="a.json")

    existing.refresh_from_db()
    assert existing.name == "Avant"
    assert list(Venue.objects.values_list("source_id", flat=True)) == ["lieu-1"]


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(charente):
    data = "id,nom\nx,Médiathèque\n".encode("latin-1")

    with pytest.raises(ImportFileError, match="UTF-8"):
        import_file(data, filename="latin1.csv")


def test_a_file_without_the_required_columns_is_refused(charente):
    with pytest.raises(ImportFileError, match="code_postal"):
        import_file(b"id,nom,commune,adresse,date_maj\n1,a,b,c,2024-01-01\n", filename="a.csv")


def test_a_json_that_is_not_a_list_of_objects_is_refused_or_rejected_by_row(charente):
    with pytest.raises(ImportFileError):
        import_file(b'{"id": 1}', filename="a.json")
    report = import_file(json_bytes([row(), "pas un objet"]), filename="a.json")
    assert [(p.row, p.message) for p in report.rejected] == [(2, "ce n'est pas un objet JSON")]


def test_a_csv_field_beyond_the_size_limit_is_refused_with_its_line(charente):
    data = csv_bytes("1,Lieu,Cognac,16100,,1 rue,,,2024-01-01", '2,"' + "x" * 200_000 + '"')

    with pytest.raises(ImportFileError, match="ligne 3"):
        import_file(data, filename="a.csv")


def test_a_json_nested_too_deep_is_refused(charente):
    with pytest.raises(ImportFileError):
        import_file(b"[" * 100_000 + b"]" * 100_000, filename="a.json")


def test_an_oversized_file_is_refused(charente):
    with pytest.raises(ImportFileError, match="taille"):
        importer.read_file(b"x" * 2048, max_bytes=1024)


def test_a_coordinator_import_rejects_rows_of_other_departements(charente):
    other = CommuneFactory(departement=DepartementFactory(code="17"), postcodes=["17000"])
    data = json_bytes(
        [
            row(id="ici"),
            row(
                id="ailleurs", commune=other.name, code_postal="17000", latitude=46.2, longitude=2.2
            ),
        ]
    )

    report = import_file(data, filename="a.json", allowed_departements=frozenset({"16"}))

    assert list(Venue.objects.values_list("source_id", flat=True)) == ["ici"]
    assert [(p.id, "17" in p.message) for p in report.rejected] == [("ailleurs", True)]


def test_a_coordinator_import_cannot_take_over_another_hubs_venue(charente):
    other_departement = DepartementFactory(code="17")
    VenueFactory(
        source="essai",
        source_id="lieu-1",
        commune=CommuneFactory(departement=other_departement),
        name="Lieu de Charente-Maritime",
    )

    report = import_file(
        json_bytes([row(id="lieu-1")]), filename="a.json", allowed_departements=frozenset({"16"})
    )

    assert len(report.rejected) == 1
    assert Venue.objects.get().name == "Lieu de Charente-Maritime"


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_defused(charente):
    import_file(
        json_bytes([row(nom='=HYPERLINK("http://x")Lieu', adresse="@SUM(1)")]), filename="a"
    )

    venue = Venue.objects.get()
    assert not venue.name.startswith("=")
    assert not venue.address.startswith("@")


def test_phone_numbers_are_stored_in_the_standards_international_form(charente):
    import_file(json_bytes([row(telephone="05 45 12 34 56")]), filename="a.json")

    assert Venue.objects.get().phone == "+33545123456"


def test_a_position_placed_by_hand_survives_a_reimport_without_coordinates(charente):
    data = json_bytes([row(latitude=None, longitude=None)])
    import_file(data, filename="a.json")
    Venue.objects.update(latitude=45.695, longitude=-0.329, position_is_approximate=False)

    report = import_file(data, filename="a.json")

    assert report.unchanged == 1
    venue = Venue.objects.get()
    assert (venue.latitude, venue.position_is_approximate) == (45.695, False)


def test_coordinates_far_from_the_commune_are_replaced_by_its_centre(charente):
    report = import_file(json_bytes([row(latitude=48.85, longitude=2.35)]), filename="a.json")

    venue = Venue.objects.get()
    assert venue.position_is_approximate is True
    assert "km" in report.warnings[0].message


def test_import_queries_do_not_grow_with_rows_beyond_batched_inserts(charente):
    def rows(count):
        communes = [("Cognac", "16100"), ("Angoulême", "16000"), ("Soyaux", "16800")]
        return json_bytes(
            [
                row(id=f"lieu-{n}", commune=communes[n % 3][0], code_postal=communes[n % 3][1])
                for n in range(count)
            ]
        )

    def queries(data):
        with CaptureQueriesContext(connection) as context:
            import_file(data, filename="a.json", source=f"s{len(data)}")
        return len(context.captured_queries)

    few, many = queries(rows(10)), queries(rows(100))
    # Never a query per row: only the bulk inserts split into batches (SQLite binds at most
    # 999 parameters per query, so about 20 venues per INSERT), and one insert of the pairs
    # flagged as likely duplicates, which only the second import, into existing venues, has.
    assert many - few < 90 / 15 + 1
    assert Venue.objects.count() == 110


def test_import_command_dry_run_prints_the_changes_and_writes_nothing(charente, tmp_path):
    path = tmp_path / "lieux.json"
    path.write_bytes(json_bytes([row(), row(id="x", code_postal="0")]))
    out, err = io.StringIO(), io.StringIO()

    call_command("import_venues", str(path), "--dry-run", stdout=out, stderr=err)

    assert "Médiathèque de Cognac (lieu-1) serait créé" in out.getvalue()
    assert "1 créées" in out.getvalue() and "1 rejetées" in out.getvalue()
    assert "Ligne 2 (id « x »)" in err.getvalue()
    assert not Venue.objects.exists()


def test_import_command_imports_and_reports_a_bad_file_as_an_error(charente, tmp_path):
    path = tmp_path / "lieux.json"
    path.write_bytes(json_bytes([row()]))
    call_command("import_venues", str(path), "--source", "mon-hub", stdout=io.StringIO())
    assert Venue.objects.get().source == "mon-hub"

    bad = tmp_path / "latin1.csv"
    bad.write_bytes("id,nom\n1,é\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_venues", str(bad), stdout=io.StringIO())


def test_update_date_is_read_from_iso_timestamps_and_french_dates(charente):
    import_file(
        json_bytes(
            [row(id="a", date_maj="2023-02-22T10:00:00Z"), row(id="b", date_maj="01/03/2024")]
        ),
        filename="a.json",
    )

    assert dict(Venue.objects.values_list("source_id", "updated_on")) == {
        "a": datetime.date(2023, 2, 22),
        "b": datetime.date(2024, 3, 1),
    }


def test_load_demo_venues_imports_charente_adds_demo_venues_by_population_and_is_idempotent(
    charente, home
):
    from tests.factories import HubFactory

    other = DepartementFactory(code="17")
    village = CommuneFactory(departement=other, name="Petit-Village", population=100)
    town = CommuneFactory(departement=other, name="Grande-Ville", population=20_000)
    HubFactory(departements=[charente, other])

    call_command("load_demo_venues", stdout=io.StringIO(), stderr=io.StringIO())

    real = Venue.objects.filter(is_demo=False)
    demo = Venue.objects.filter(is_demo=True)
    assert real.count() == 188
    assert demo.filter(departement=other).count() >= 15
    assert demo.filter(departement=charente).exists()
    assert not Venue.objects.exclude(status=Status.QUALIFIED).exists()
    assert set(demo.values_list("source", flat=True)) == {"demo"}
    assert demo.filter(commune=town).count() > demo.filter(commune=village).count()
    assert not demo.filter(commune__isnull=True).exists()
    counts = (Venue.objects.count(), ModelLogEntry.objects.get_for_model(Venue).count())

    call_command("load_demo_venues", stdout=io.StringIO(), stderr=io.StringIO())

    assert (Venue.objects.count(), ModelLogEntry.objects.get_for_model(Venue).count()) == counts


def test_load_demo_venues_needs_the_territories(db):
    with pytest.raises(CommandError, match="load_territories"):
        call_command("load_demo_venues", stdout=io.StringIO())
