"""The coordinator builds a mapping on a file refused for its columns, in the admin, without
JavaScript: columns pre-filled by guessing, value tables for coded columns, weekdays for the
timetable's columns, a preview, then saved and previewed as an import."""

import pytest
from django.urls import reverse

from directory.import_mapping import TARGET_KEY
from directory.models import PendingImport, Venue
from directory.vocabulary import Fee, Service
from hubsite.models import ImportMapping
from tests.directory.charente import load_charente
from tests.directory.test_import_mapping import HALF_DAYS
from tests.factories import DepartementFactory, HubFactory, coordinator_of

pytestmark = pytest.mark.django_db

SERVICE_CODES = {
    "OUT": Service.OUTILS_QUOTIDIEN,
    "COMP": Service.COMPREHENSION,
    "AD": Service.DEMARCHES,
    "INS": Service.INSERTION,
}


@pytest.fixture
def charente_coordinator(home):
    charente = load_charente()
    hub = HubFactory(
        name="Hub Charente", slug="hub-charente", departements=[charente, DepartementFactory()]
    )
    return coordinator_of(hub)


def upload(client, path=HALF_DAYS):
    with path.open("rb") as handle:
        return client.post(reverse("venues:import"), {"file": handle, "preview": "1"})


def form_data(response) -> dict:
    """What the page's form sends as it stands (selected options, inputs' values)."""
    form = response.context["form"]
    data = {"token": str(response.context["token"]), "name": form["name"].value() or ""}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = value
    for _item, column, _rows, key in form.code_tables:
        data[key] = column
    return data


def test_a_refused_file_leads_to_a_mapping_guessed_from_its_columns(client, charente_coordinator):
    client.force_login(charente_coordinator)

    refused = upload(client)

    assert refused.status_code == 200
    assert "Colonnes obligatoires absentes" in refused.content.decode()
    token = refused.context["mapping_token"]
    page = client.get(reverse("venues:import_mapping") + f"?token={token}")
    assert page.status_code == 200
    form = page.context["form"]
    assert form["col__nom"].value() == "nom de la structure"
    assert form["col__code_postal"].value() == "cp"
    assert form["col__date_maj"].value() == "dernière mise à jour"
    assert form["day__10"].value() == "0"  # "lundi matin" is a Monday
    # The coded columns chosen show the file's codes, to say what each means.
    tables = {item.name: [code for code, _bound in rows] for item, _c, rows, _k in form.code_tables}
    assert set(tables["services"]) == {"OUT", "COMP", "AD", "INS", "ZZ"}
    assert set(tables["frais_a_charge"]) == {"G", "GC"}
    # The preview shows the first rows as the finder would, the week in French.
    first = page.context["preview"][0]
    assert first["name"] == "JEUNESSE ASSOCIATION DE BAIL-AIR"
    assert first["week"][0] == (
        "Lundi",
        "9\u00a0h \N{EN DASH} 12\u00a0h, 14\u00a0h \N{EN DASH} 18\u00a0h",
    )
    # Codes no table maps yet are listed with their counts, not dropped silently.
    unknown = {str(label): dict(counts) for label, counts in page.context["unknown"]}
    assert unknown["Services"]["ZZ"] == 1 and unknown["Frais à charge"]["GC"] == 1


def test_the_mapping_is_saved_and_the_file_previewed_through_it_then_imported(
    client, charente_coordinator
):
    client.force_login(charente_coordinator)
    token = upload(client).context["mapping_token"]
    page = client.get(reverse("venues:import_mapping") + f"?token={token}")
    data = form_data(page)
    form = page.context["form"]
    for item, _column, rows, _key in form.code_tables:
        for code, bound in rows:
            if item.name == "services" and code in SERVICE_CODES:
                data[bound.html_name] = [SERVICE_CODES[code]]
            if item.name == "frais_a_charge":
                data[bound.html_name] = [Fee.GRATUIT if code == "G" else Fee.GRATUIT_SOUS_CONDITION]
    data["const__source"] = "cd16"
    data["name"] = "Export du département"

    saved = client.post(reverse("venues:import_mapping"), {**data, "save": "1"})

    assert saved.status_code == 200, saved.content.decode()[:2000]
    mapping = ImportMapping.objects.get(target=TARGET_KEY, name="Export du département")
    assert mapping.hub.name == "Hub Charente"
    assert mapping.created_by == charente_coordinator
    assert mapping.spec["values"]["services"]["ZZ"] == []
    report = saved.context["report"]
    assert report.dry_run and len(report.created) == 20 and len(report.rejected) == 2
    assert not Venue.objects.exists()
    pending = saved.context["pending"]
    assert pending.mapping == mapping

    confirmed = client.post(reverse("venues:import"), {"token": str(pending.token), "confirm": "1"})

    assert confirmed.status_code == 200
    assert Venue.objects.count() == 20
    assert Venue.objects.get(source_id="CD16-001").services == [
        Service.OUTILS_QUOTIDIEN,
        Service.COMPREHENSION,
    ]
    # The next file of this source is uploaded with its mapping chosen.
    with HALF_DAYS.open("rb") as handle:
        again = client.post(
            reverse("venues:import"), {"file": handle, "preview": "1", "mapping": mapping.pk}
        )
    assert again.context["report"].unchanged == 20


def test_an_unfit_mapping_is_not_saved_and_says_why(client, charente_coordinator):
    client.force_login(charente_coordinator)
    token = upload(client).context["mapping_token"]
    data = form_data(client.get(reverse("venues:import_mapping") + f"?token={token}"))
    data["col__nom"] = ""
    data["name"] = "Incomplète"

    response = client.post(reverse("venues:import_mapping"), {**data, "save": "1"})

    assert response.status_code == 200
    assert "« Nom » est obligatoire" in response.content.decode()
    assert not ImportMapping.objects.exists()


def test_another_users_kept_file_cannot_be_mapped(client, charente_coordinator, coordinator):
    client.force_login(charente_coordinator)
    token = upload(client).context["mapping_token"]
    client.force_login(coordinator)

    response = client.get(reverse("venues:import_mapping") + f"?token={token}")

    assert response.status_code == 302
    assert response.url == reverse("venues:import")
    assert PendingImport.objects.count() == 1
