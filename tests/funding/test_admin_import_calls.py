"""The calls' import in the admin: upload, mapping built with hubsite's form, preview as a dry
run, confirmation once; each step reached by the uploader only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding.import_target import TARGET_KEY
from funding.models import Call, PendingCallImport
from hubsite.models import ImportMapping
from tests.factories import UserFactory, coordinator_of
from tests.funding.call_mapping import (
    BRETAGNE_FILE,
    BRETAGNE_ROWS,
    BRETAGNE_SPEC,
    bretagne_catalogue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    return bretagne_catalogue()


def upload(client, mapping=None):
    with BRETAGNE_FILE.open("rb") as handle:
        data = {"file": handle}
        if mapping is not None:
            data["mapping"] = mapping.pk
        return client.post(reverse("funding_call_import"), data)


def mapping_post(token, **extra) -> dict:
    """The mapping form as a coordinator fills it in: the Bretagne spec, column by column."""
    data = {"token": token, "name": "Région Bretagne"}
    for name, source in BRETAGNE_SPEC["fields"].items():
        data[f"col__{name}"] = source["column"]
    data.update(extra)
    return data


def test_a_coordinator_maps_previews_and_imports_a_foreign_catalogue(
    client, coordinator, hub_a, catalogue
):
    client.force_login(coordinator)
    assert (
        client.get(reverse("funding_calls:index"))
        .content.decode()
        .count(reverse("funding_call_import"))
    )
    response = upload(client)
    pending = PendingCallImport.objects.get()
    assert response.url == reverse("funding_call_import_mapping") + f"?token={pending.token}"

    page = client.get(response.url).content.decode()
    assert "Intitulé de l&#x27;appel" in page and "Dispositif" in page
    # First send: the value tables of the coded columns appear, guessed where they can be.
    page = client.post(reverse("funding_call_import_mapping"), mapping_post(pending.token))
    assert page.status_code == 200
    form = page.context["form"]
    tables = {item.name: [code for code, _bound in rows] for item, _c, rows, _k in form.code_tables}
    assert set(tables["themes"]) == set(BRETAGNE_SPEC["values"]["themes"])

    data = mapping_post(pending.token, save="1")
    for item, column, rows, table_key in form.code_tables:
        data[table_key] = column
        for code, bound in rows:
            data[bound.html_name] = BRETAGNE_SPEC["values"][item.name][code]
    response = client.post(reverse("funding_call_import_mapping"), data)
    assert response.status_code == 302, response.context["form"].errors
    saved = ImportMapping.objects.get(target=TARGET_KEY)
    assert saved.spec["values"]["themes"] == BRETAGNE_SPEC["values"]["themes"]
    assert saved.hub == hub_a  # the coordinator's hub's, to reuse at the next file

    preview = client.get(response.url)
    assert preview.context["report"].dry_run and not Call.objects.exists()
    assert "seraient créés" in preview.content.decode()

    done = client.post(reverse("funding_call_import_preview"), {"token": pending.token})
    assert done.status_code == 200
    assert Call.objects.count() == BRETAGNE_ROWS
    assert Call.objects.filter(source="Région Bretagne").count() == BRETAGNE_ROWS
    # Sent again, the confirmation finds its upload gone: nothing imported twice.
    again = client.post(reverse("funding_call_import_preview"), {"token": pending.token})
    assert again.status_code == 302 and Call.objects.count() == BRETAGNE_ROWS


def test_a_saved_mapping_goes_straight_to_the_preview(client, coordinator, catalogue):
    mapping = ImportMapping.objects.create(name="Bretagne", target=TARGET_KEY, spec=BRETAGNE_SPEC)
    client.force_login(coordinator)

    response = upload(client, mapping)

    assert "previsualisation" in response.url
    assert len(client.get(response.url).context["report"].created) == BRETAGNE_ROWS


def test_an_unreadable_file_is_refused_on_the_upload_form(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("funding_call_import"),
        {"file": _named(b"Titre\n\xe9t\xe9\n", "appels.csv")},
    )
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()
    assert not PendingCallImport.objects.exists()


def _named(content: bytes, name: str):
    return SimpleUploadedFile(name, content)


def test_another_persons_upload_is_out_of_reach(client, coordinator, hub_a, hub_b, catalogue):
    mapping = ImportMapping.objects.create(name="Bretagne", target=TARGET_KEY, spec=BRETAGNE_SPEC)
    client.force_login(coordinator)
    upload(client, mapping)
    token = PendingCallImport.objects.get().token
    for other in (coordinator_of(hub_b), coordinator_of(hub_a)):
        client.force_login(other)
        for name in ("funding_call_import_mapping", "funding_call_import_preview"):
            response = client.get(reverse(name) + f"?token={token}")
            assert response.status_code == 302 and response.url == reverse("funding_call_import")
        client.post(reverse("funding_call_import_preview"), {"token": token})
        assert not Call.objects.exists()
        forged = client.get(reverse("funding_call_import_preview") + "?token=pas-un-uuid")
        assert forged.status_code == 302
    assert PendingCallImport.objects.filter(token=token).exists()


def test_a_hubs_mapping_is_not_another_hubs_to_import_with(client, hub_a, hub_b, catalogue):
    mapping = ImportMapping.objects.create(
        name="Du hub A", target=TARGET_KEY, spec=BRETAGNE_SPEC, hub=hub_a
    )
    client.force_login(coordinator_of(hub_b))
    response = upload(client, mapping)
    assert response.status_code == 200
    assert "mapping" in response.context["form"].errors
    assert not PendingCallImport.objects.exists()


def test_the_import_pages_are_closed_to_those_outside_funding(client, catalogue):
    client.force_login(UserFactory())
    for name in ("funding_call_import", "funding_call_import_mapping"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403)
        assert not getattr(response, "url", "").startswith(reverse(name))
