"""The calls' catalogue as its cells are written (``funding.catalogue_listing``): the values,
the row's actions as its reader may take them, sorting and the export kept."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from funding.models import Schedule
from funding.vocabulary import Theme
from hubsite.roles import NATIONAL_TEAM, role_group
from tests.factories import UserFactory
from tests.funding.factories import CallFactory, FunderFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

INDEX = "funding_calls:index"


def rows(client, query: str = "") -> list[str]:
    response = client.get(reverse(INDEX) + query)
    assert response.status_code == 200
    body = response.content.decode().split("<tbody>")[-1].split("</tbody>")[0]
    return re.findall(r"<tr.*?</tr>", body, flags=re.DOTALL)


def test_a_row_shows_the_call_its_funder_its_deadline_and_its_amounts(client, coordinator):
    day = timezone.localdate() + datetime.timedelta(days=12)
    CallFactory(
        title="Inclusion <numérique> & co",
        programme=ProgrammeFactory(funder=FunderFactory(name="Fondation d'essai")),
        deadline_on=day,
        amount_max=Decimal("60000"),
        rate_cap=Decimal("80"),
    )
    CallFactory(title="Appel permanent", deadline_kind=Schedule.ROLLING, deadline_on=None)
    client.force_login(coordinator)

    one_off, rolling = rows(client, "?ordering=title")[::-1]
    assert "Inclusion &lt;numérique&gt; &amp; co" in one_off and "<numérique>" not in one_off
    assert "<td>Fondation d&#x27;essai</td>" in one_off
    assert f"<td>{day:%d/%m/%Y}</td>" in one_off
    assert "<td>60000,00</td>" in one_off and "<td>80,00</td>" in one_off
    assert f'<time datetime="{timezone.localtime():%Y-%m-%d}' in one_off
    assert "<td>Au fil de l&#x27;eau</td>" in rolling


def test_a_row_offers_the_actions_its_reader_may_take_and_no_other(client, coordinator):
    call = CallFactory(title="Appel à modifier")
    edit = reverse("funding_calls:edit", args=[call.pk])
    others = {
        action: reverse(f"funding_calls:{action}", args=[call.pk])
        for action in ("copy", "inspect", "delete")
    }
    client.force_login(coordinator)

    (row,) = rows(client)
    assert f'<a href="{edit}">Appel à modifier</a>' in row
    assert f'href="{edit}" class=""' in row  # the dropdown's "Modifier"
    assert others["copy"] in row and others["inspect"] in row
    assert others["delete"] not in row  # deleting is the national team's

    client.force_login(UserFactory(groups=[role_group(NATIONAL_TEAM)]))
    (row,) = rows(client)
    assert all(url in row for url in [edit, *others.values()])
    assert re.search(r'aria-label="Plus d.options pour «.Appel à modifier.»"', row)


def test_the_catalogue_still_sorts_by_title_and_deadline(client, coordinator):
    today = timezone.localdate()
    CallFactory(title="Bêta", deadline_on=today + datetime.timedelta(days=5))
    CallFactory(title="Alpha", deadline_on=today + datetime.timedelta(days=50))
    client.force_login(coordinator)

    def titles(ordering):
        return [re.search(r'">([^<]+)</a></div>', row).group(1) for row in rows(client, ordering)]

    assert titles("?ordering=title") == ["Alpha", "Bêta"]
    assert titles("?ordering=-title") == ["Bêta", "Alpha"]
    assert titles("?ordering=next_deadline_on") == ["Bêta", "Alpha"]
    assert titles("?ordering=-next_deadline_on") == ["Alpha", "Bêta"]


def test_the_filtered_catalogue_exports_what_it_lists(client, coordinator):
    CallFactory(title="Pour les seniors", themes=[Theme.SENIORS])
    CallFactory(title="Pour l'inclusion", themes=[Theme.INCLUSION])
    client.force_login(coordinator)

    response = client.get(reverse(INDEX) + f"?theme={Theme.SENIORS}&export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    titles = [row[0] for row in csv.reader(io.StringIO(content))][1:]
    assert titles == ["Pour les seniors"]


def test_the_catalogue_pages_by_thirty_calls(client, coordinator):
    CallFactory.create_batch(31)
    client.force_login(coordinator)

    assert len(rows(client)) == 30
    assert len(rows(client, "?p=2")) == 1
