"""A hub's coordinator writes its dossier's budget with JavaScript off: saving shows the
call's rule that fails, the table and the chart drawn on the server; fixing the figures makes
it pass. The dossier's pages have no axe violation (axe itself needs JavaScript: it runs in a
second context on the same pages)."""

import pytest
from django.urls import reverse

from projects import services
from projects.economics import SourceKind
from projects.models import DossierPartner, DossierStatus, PartnerKind
from tests.browser.test_admin_venue_map import log_in
from tests.factories import HubFactory, coordinator_of
from tests.projects.review_factories import (
    DossierFactory,
    ProjectCallFactory,
    budget,
    the_call_s_rules,
)

FAILED = "En année 3, les recettes propres couvrent 18 % des coûts"


@pytest.fixture
def dossier(portal):
    hub = HubFactory(name="Hub Charente", slug="hub-charente")
    call = ProjectCallFactory(opens_on="2026-01-01", closes_on="2099-12-31")
    the_call_s_rules(call)
    dossier = DossierFactory(
        call=call, hub=hub, title="Ateliers itinérants", summary="Trois ateliers itinérants."
    )
    budget(
        dossier,
        (100_000, 100_000, 100_000),
        (SourceKind.FUNDER, (50_000, 40_000, 30_000)),
        (SourceKind.OWN, (10_000, 15_000, 30_000)),
        (SourceKind.LOCAL, (40_000, 45_000, 40_000)),
    )
    return dossier


def save(page) -> None:
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]:not([name])").first.click()


def set_year3(page, *, own: int, local: int) -> None:
    # The financing lines in their order: this funder, own revenues, local authorities.
    page.fill("#id_financing-1-year3", str(own))
    page.fill("#id_financing-2-year3", str(local))


def test_the_hub_fixes_its_economic_model_without_javascript(
    dossier, page_without_js, live_url, outside_requests
):
    page = page_without_js
    log_in(page, live_url, coordinator_of(dossier.hub))
    edit = live_url(reverse("dossiers:edit", args=[dossier.pk]))
    page.goto(edit)
    model = page.locator(".economic-model")
    assert FAILED not in model.inner_text()

    set_year3(page, own=18_000, local=52_000)
    save(page)
    assert page.url == edit
    text = model.inner_text()
    assert f"Non respectée : {FAILED} ; l'appel en demande au moins 30 %." in text
    assert model.locator("table.economic-table").is_visible()
    own_share = model.locator("table.economic-table tr", has_text="recettes propres")
    assert own_share.inner_text().split("\t")[1:] == ["10 %", "15 %", "18 %"]
    assert model.locator("svg").count() == 1

    set_year3(page, own=32_000, local=38_000)
    save(page)
    text = model.inner_text()
    assert "Non respectée" not in text
    assert "En année 3, les recettes propres couvrent 32 % des coûts" in text
    assert text.count("Respectée :") == 2
    dossier.refresh_from_db()
    assert dossier.financing.get(source=SourceKind.OWN).year3 == 32_000
    assert outside_requests == []


def test_the_dossier_s_pages_have_no_axe_violation(dossier, page, live_url, axe, outside_requests):
    partner = DossierPartner.objects.create(
        dossier=dossier, name="Mairie de Cognac", kind=PartnerKind.LOCAL_AUTHORITY
    )
    services.record_version(dossier=dossier, by=None)
    dossier.financing.filter(source=SourceKind.OWN).update(year3=32_000)
    partner.committed = True
    partner.save()
    services.record_version(dossier=dossier, by=None)
    log_in(page, live_url, coordinator_of(dossier.hub))

    page.goto(live_url(reverse("dossiers:edit", args=[dossier.pk])))
    assert "Le modèle économique sur trois ans" in page.locator("main").inner_text()
    axe(page, context="main")

    type(dossier).objects.filter(pk=dossier.pk).update(status=DossierStatus.RESUBMITTED)
    page.goto(live_url(reverse("dossiers:inspect", args=[dossier.pk])))
    assert "Modifications depuis la version 1" in page.locator("main").inner_text()
    axe(page, context="main")
    assert outside_requests == []
