"""The published catalogue as open data (Licence Ouverte 2.0): one row per published
solution, described by the project's own Table Schema (``data/solutions.schema.json``,
French descriptions, the vocabularies as enums). CSV and JSON carry the same fields.

Rows are read through a database iterator, deployments prefetched per chunk: the whole
catalogue never sits in memory.
"""

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from django.db.models import Prefetch
from django.urls import reverse

from hubsite.notifications import absolute_url
from projects.models import Deployment, Solution

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "solutions.schema.json"
LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
CHUNK = 500
SEPARATOR = "|"


@cache
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def columns() -> list[str]:
    return [field["name"] for field in load_schema()["fields"]]


def open_solutions():
    """The published solutions, demo ones left out (they are made up)."""
    return Solution.objects.published().filter(is_demo=False)


def published_solutions():
    deployments = Deployment.objects.only("pk", "solution_id", "departement_id")
    return (
        open_solutions()
        .select_related("organisation__commune__departement__hub")
        .defer("organisation__commune__departement__boundary")
        .prefetch_related(Prefetch("deployments", queryset=deployments))
        .order_by("pk")
    )


def _joined(values) -> str:
    return SEPARATOR.join(values)


def record(solution: Solution) -> dict:
    """``solution`` as the schema describes it: numbers as numbers, dates in ISO 8601, lists
    joined by "|"; an empty value is ``None``."""
    organisation = solution.organisation
    hub = organisation.hub
    deployments = list(solution.deployments.all())
    codes = sorted({d.departement_id for d in deployments})
    values = {
        "identifiant": solution.slug,
        "nom": solution.title,
        "resume": solution.summary,
        "probleme": solution.problem,
        "pour_qui": solution.audience,
        "services": _joined(solution.services),
        "publics": _joined(solution.publics),
        "accompagnements_specifiques": _joined(solution.specific_support),
        "formats": _joined(solution.formats),
        "fonctionnement": solution.how_it_works,
        "personnel": solution.staff,
        "materiel": solution.equipment,
        "cout_par_personne": float(solution.cost_per_person)
        if solution.cost_per_person is not None
        else None,
        "cout_annuel": int(solution.cost_per_year) if solution.cost_per_year is not None else None,
        "financements": solution.funding_sources,
        "fonctionne_depuis": solution.started_on.isoformat() if solution.started_on else None,
        "personnes_par_an": solution.people_per_year,
        "maturite": solution.maturity,
        "conditions_reprise": solution.reuse_terms,
        "precisions_reprise": solution.reuse_details,
        "organisation": organisation.name,
        "organisation_siret": organisation.siret,
        "organisation_rna": organisation.rna,
        "organisation_code_insee": organisation.commune_id,
        "hub": hub.name if hub else "",
        "nombre_deploiements": len(deployments),
        "departements_deploiement": _joined(codes),
        "url": absolute_url(reverse("solutions:detail", args=[solution.slug])),
        "date_publication": solution.first_published_at.date().isoformat()
        if solution.first_published_at
        else None,
        "date_maj": solution.last_published_at.date().isoformat()
        if solution.last_published_at
        else None,
    }
    return {name: (None if value == "" else value) for name, value in values.items()}


def records(queryset=None) -> Iterator[dict]:
    queryset = published_solutions() if queryset is None else queryset
    for solution in queryset.iterator(chunk_size=CHUNK):
        yield record(solution)


def csv_rows(queryset=None) -> Iterator[list]:
    """The heading, then each solution's cells in the schema's order (for ``csv_lines``)."""
    names = columns()
    yield names
    for values in records(queryset):
        yield [values[name] for name in names]


def json_chunks(queryset=None) -> Iterator[str]:
    """A JSON array of the records, written one record at a time."""
    yield "["
    for number, values in enumerate(records(queryset)):
        yield ("," if number else "") + json.dumps(values, ensure_ascii=False)
    yield "]"
