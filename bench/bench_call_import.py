"""The calls' import through a mapping, over 1,000 and 4,000 rows of a foreign layout (codes
for themes, dd/mm/yyyy dates, départements): the first run (every call created), a re-import
(nothing changed) and a dry run; then the saved searches' alerts over 100 searches, twice
(the second sends nothing).

    python bench/bench_call_import.py                          # a scratch SQLite database
    DATABASE_URL=postgres://… python bench/bench_call_import.py  # a scratch PostgreSQL one
"""

import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load_average, scratch_database

SIZES = (1_000, 4_000)
SEARCHES = 100
FUNDERS = 20
SPEC = {
    "fields": {
        "external_id": {"column": "Réf"},
        "title": {"column": "Titre"},
        "funder": {"column": "Organisme"},
        "programme": {"column": "Dispositif"},
        "deadline_on": {"column": "Clôture"},
        "amount_max": {"column": "Plafond"},
        "rate_cap": {"column": "Taux"},
        "themes": {"column": "Thèmes"},
        "departements": {"column": "Dépt."},
    },
    "values": {"themes": {"INC": ["Inclusion numérique"], "SEN": ["Seniors et autonomie"]}},
}


def catalogue_file(size: int, departements: list[str]) -> bytes:
    today = datetime.date.today()
    lines = ["Réf;Titre;Organisme;Dispositif;Clôture;Plafond;Taux;Thèmes;Dépt."]
    for n in range(size):
        day = today + datetime.timedelta(days=n % 300)
        lines.append(
            ";".join(
                [
                    f"R{n}",
                    f"Appel à projets numéro {n}",
                    f"Financeur banc {n % FUNDERS}",
                    f"Programme {n % 3}",
                    day.strftime("%d/%m/%Y"),
                    f"{10_000 + n} €",
                    f"{40 + n % 45} %",
                    "INC|SEN" if n % 2 else "INC",
                    departements[n % len(departements)],
                ]
            )
        )
    return "\n".join(lines).encode()


def main() -> None:
    with scratch_database("call_import") as vendor:
        from django.contrib.auth import get_user_model
        from django.core import mail
        from funding_data import make_hubs

        from funding import searches
        from funding.importer import import_calls_file
        from funding.models import Call, Funder, FunderType, SavedSearch
        from hubsite.models import Departement

        print(f"Calls' import on {vendor}, load {load_average()}")
        make_hubs(10)
        for n in range(FUNDERS):
            Funder.objects.create(name=f"Financeur banc {n}", type=FunderType.REGION)
        codes = list(Departement.objects.values_list("code", flat=True))
        for size in SIZES:
            Call.objects.all().delete()
            data = catalogue_file(size, codes)
            figures = []
            for label, dry_run in (("first", False), ("again", False), ("dry run", True)):
                started = time.perf_counter()
                report = import_calls_file(data, spec=SPEC, source="banc", dry_run=dry_run)
                seconds = time.perf_counter() - started
                figures.append(
                    f"{label} {seconds:5.1f} s ({size / seconds:,.0f} rows/s, "
                    f"{len(report.created)} created, {report.unchanged} unchanged)"
                )
            print(f"  {size:>5} rows: " + "; ".join(figures))

        owner = get_user_model().objects.filter(groups__isnull=False).first()
        SavedSearch.objects.all().delete()
        for n in range(SEARCHES):
            searches.save_search(
                user=owner, name=f"Recherche {n}", query=f"closing_within={n + 1}&theme=seniors"
            )
        Call.objects.update(next_deadline_on=datetime.date.today() + datetime.timedelta(days=1))
        mail.outbox = []
        started = time.perf_counter()
        sent = searches.send_search_alerts()
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = searches.send_search_alerts()
        second = time.perf_counter() - started
        print(
            f"  alerts over {SEARCHES} searches, {Call.objects.count()} calls: first run "
            f"{first:.1f} s ({sent} alerts, {len(mail.outbox)} e-mails), second run "
            f"{second:.2f} s ({again} alerts)"
        )


if __name__ == "__main__":
    main()
