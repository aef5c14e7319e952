"""The pages that build an import mapping on a file in a layout of its own, in Chromium:
accessible (axe, WCAG 2.1 A/AA) and usable without JavaScript, step by step."""

import pytest
from django.urls import reverse

from directory.models import Venue
from hubsite.models import ImportMapping
from tests.browser.test_admin_venue_map import log_in
from tests.directory.charente import load_charente
from tests.directory.test_import_mapping import HALF_DAYS
from tests.factories import DepartementFactory, HubFactory, coordinator_of

MAIN = "main"


@pytest.fixture
def charente_coordinator(portal):
    charente = load_charente()
    hub = HubFactory(
        name="Hub Charente", slug="hub-charente", departements=[charente, DepartementFactory()]
    )
    return coordinator_of(hub)


def refuse_then_build(page, live_url, user):
    """Upload the half-day file, refused for its columns, and follow to its mapping page."""
    log_in(page, live_url, user)
    page.goto(live_url(reverse("venues:import")))
    page.set_input_files("input[name=file]", str(HALF_DAYS))
    page.get_by_role("button", name="Prévisualiser (ne rien enregistrer)").click()
    page.get_by_role("link", name="Construire la correspondance de ce fichier").click()
    page.wait_for_url("**" + reverse("venues:import_mapping") + "?token=*")


def test_the_mapping_pages_have_no_axe_violation(charente_coordinator, page, live_url, axe):
    refuse_then_build(page, live_url, charente_coordinator)
    assert page.get_by_role("heading", name="1. Les champs à remplir").is_visible()
    axe(page, context=MAIN)

    page.get_by_role("button", name="Mettre à jour les tables et l'aperçu").click()
    page.get_by_role("heading", name="4. Aperçu des premières lignes").wait_for()
    axe(page, context=MAIN)


def test_a_mapping_is_built_saved_and_used_without_javascript(
    charente_coordinator, page_without_js, live_url
):
    page = page_without_js
    refuse_then_build(page, live_url, charente_coordinator)

    # Step by step: choose a value for each code, then refresh the tables and the preview.
    services = page.get_by_role("group", name="« Services » (colonne « codes services »)")
    services.get_by_label("AD", exact=True).select_option(["Aide aux démarches administratives"])
    services.get_by_label("OUT", exact=True).select_option(
        ["Maîtrise des outils numériques du quotidien"]
    )
    page.get_by_label("Valeur fixe pour « Source »").fill("cd16")
    page.get_by_role("button", name="Mettre à jour les tables et l'aperçu").click()
    assert "Ligne 2 : JEUNESSE ASSOCIATION DE BAIL-AIR" in page.inner_text(MAIN)
    assert "Lundi : 9 h – 12 h, 14 h – 18 h" in page.inner_text(MAIN).replace("\u00a0", " ")  # noqa: RUF001

    page.get_by_label("Nom de la correspondance").fill("Département de la Charente")
    page.get_by_role(
        "button", name="Enregistrer la correspondance et prévisualiser l'import"
    ).click()
    assert "20 créées" in page.inner_text(MAIN)
    page.get_by_role("button", name="Importer lieux_cd16_demi-journees.csv").click()

    assert Venue.objects.count() == 20
    mapping = ImportMapping.objects.get(name="Département de la Charente")
    assert Venue.objects.get(source_id="CD16-005").services == [
        "Aide aux démarches administratives"
    ]
    assert mapping.hub.name == "Hub Charente"
