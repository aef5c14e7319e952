"""The catalogue's open data: CSV and JSON valid against the project's own Table Schema,
defused, published versions only, Licence Ouverte stated."""

import csv
import io
import json

import pytest
from django.urls import reverse
from frictionless import Resource, Schema

from hubsite.vocabulary import Public, Service, SpecificSupport
from projects import opendata
from projects.models import Format, Maturity, ReuseTerms
from tests.projects.catalogue_data import documented_solution
from tests.projects.factories import SolutionFactory, organisation_in

pytestmark = pytest.mark.django_db


def table_schema() -> Schema:
    descriptor = opendata.load_schema()
    return Schema.from_descriptor(
        {
            "fields": descriptor["fields"],
            "primaryKey": descriptor["primaryKey"],
            "missingValues": descriptor["missingValues"],
        }
    )


def content(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def errors_of(resource: Resource) -> list:
    return resource.validate().flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.fixture
def catalogue(hub_a, hub_b):
    rich = documented_solution(
        organisation_in(hub_a, rna="W161234567"),
        title="Cafés numériques",
        services=list(Service.values),
        publics=list(Public.values),
        specific_support=list(SpecificSupport.values),
        formats=list(Format.values),
        cost_per_person="12.50",
        cost_per_year=24000,
        people_per_year=300,
        reuse_terms=ReuseTerms.PARTNERSHIP,
        summary='=HYPERLINK("http://evil.example")',
    )
    rich.save_revision().publish()
    SolutionFactory(organisation=organisation_in(hub_b), title="Toute simple")
    SolutionFactory(organisation=organisation_in(hub_b), title="Brouillon", live=False)
    return rich


def test_the_schema_lists_the_vocabularies_of_the_code():
    fields = {field["name"]: field for field in opendata.load_schema()["fields"]}
    assert fields["maturite"]["constraints"]["enum"] == Maturity.values
    assert fields["conditions_reprise"]["constraints"]["enum"] == ReuseTerms.values
    for name, vocabulary in (
        ("services", Service),
        ("publics", Public),
        ("accompagnements_specifiques", SpecificSupport),
        ("formats", Format),
    ):
        schema = Schema.from_descriptor({"fields": [fields[name]]})
        for value in vocabulary.values:
            assert schema.get_field(name).read_cell(value)[1] is None, (name, value)
        assert schema.get_field(name).read_cell("Autre chose")[1] is not None
    assert all(field["description"] for field in fields.values())


def test_the_csv_is_valid_against_the_schema_and_defused(client, catalogue):
    response = client.get(reverse("solutions:opendata_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = content(response)
    assert errors_of(Resource(data=data, format="csv", schema=table_schema())) == []
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row["nom"] for row in rows] == ["Cafés numériques", "Toute simple"]
    rich = rows[0]
    assert rich["resume"].startswith("'=HYPERLINK")
    assert rich["services"] == "|".join(Service.values)
    assert rich["nombre_deploiements"] == "2"
    assert rich["organisation_rna"] == "W161234567"
    assert rich["url"].endswith(f"/solutions/{catalogue.slug}/")
    assert rich["date_publication"]


def test_the_json_holds_the_same_records_valid_against_the_schema(client, catalogue):
    response = client.get(reverse("solutions:opendata_json"))
    records = json.loads(content(response))
    names = opendata.columns()
    assert [list(record) for record in records] == [names, names]
    rows = [names, *([record[name] for name in names] for record in records)]
    assert errors_of(Resource(data=rows, schema=table_schema())) == []
    assert records[0]["cout_par_personne"] == 12.5 and records[0]["cout_annuel"] == 24000
    assert client.get(reverse("solutions:api_json")).status_code == 200


def test_a_draft_of_the_next_version_is_not_exported(client, catalogue):
    catalogue.title = "Titre pas encore relu"
    catalogue.save_revision()
    data = content(client.get(reverse("solutions:opendata_csv"))).decode("utf-8-sig")
    assert "Cafés numériques" in data and "pas encore relu" not in data
    assert "Brouillon" not in data


def test_the_documentation_page_states_the_licence_and_links_the_files(client, catalogue):
    page = client.get(reverse("solutions:opendata")).content.decode()
    assert "2 solutions publiées" in page
    assert "Licence Ouverte / Open Licence version 2.0" in page
    for name in ("opendata_csv", "opendata_json", "opendata_schema"):
        assert f'href="{reverse("solutions:" + name)}"' in page
    assert "Valeurs : idea, pilot, proven, scaling." in page
    catalogue_page = client.get(reverse("solutions:index")).content.decode()
    assert f'href="{reverse("solutions:opendata")}"' in catalogue_page


def test_the_schema_is_served(client):
    response = client.get(reverse("solutions:opendata_schema"))
    assert json.loads(b"".join(response.streaming_content))["primaryKey"] == "identifiant"
