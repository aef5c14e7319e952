"""Server time of the review's two heaviest pages with a full call.

Fills a scratch database with a call of 200 dossiers (each with a three-year budget and
financing plan), a 12-criterion grid in 4 sections, 20 reviewers and 5 sent reviews per
dossier, then times, through Django's test client, the call's comparison table (as the
national team) and a dossier's review page (as a reviewer whose review is sent, so that the
four others are shown, and as one whose review is a draft), and prints the median and 95th
percentile of each with its query count (the issue's target: a median of 100 ms or less).

    python bench/bench_review.py                     # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_review.py

The scratch database (see common.py) is a temporary SQLite file, or on PostgreSQL a database
named ``maillage_bench_review`` dropped at the end.
"""

import argparse
import datetime
import os
import random
import time
import warnings

from common import report_pages, scratch_database, timed

DOSSIERS = 200
REVIEWERS = 20
PER_DOSSIER = 5
SECTIONS = 4
CRITERIA_PER_SECTION = 3
TARGET_MS = 100


def fill(rng: random.Random) -> dict:
    """Create the call; return the ids the timed pages need."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from hubsite.models import Hub
    from hubsite.roles import FUNDER_REVIEWERS, NATIONAL_TEAM, role_group
    from projects.economics import RuleKind, SourceKind
    from projects.models import (
        Criterion,
        Dossier,
        DossierStatus,
        EconomicRule,
        ExpenseCategory,
        ExpenseLine,
        FinancingLine,
        GridSection,
        ProjectCall,
        Recommendation,
        Review,
        ReviewStatus,
        Scale,
        Score,
        ScoringGrid,
    )

    with timed("portal"):
        call_command("setup_portal", verbosity=0)
    users = get_user_model().objects
    with timed(f"call, grid of {SECTIONS * CRITERIA_PER_SECTION} criteria"), transaction.atomic():
        grid = ScoringGrid.objects.create(title="Grille du banc d'essai")
        criteria = []
        for s in range(SECTIONS):
            section = GridSection.objects.create(grid=grid, title=f"Section {s}", position=s)
            for c in range(CRITERIA_PER_SECTION):
                criteria.append(
                    Criterion.objects.create(
                        section=section,
                        title=f"Critère {s}.{c}",
                        guidance="Ce que le relecteur regarde, en deux phrases. " * 2,
                        weight=rng.randint(1, 4),
                        scale=Scale.YES_NO if c == 2 else Scale.ZERO_TO_FIVE,
                        position=c,
                    )
                )
        call = ProjectCall.objects.create(
            title="Appel du banc d'essai",
            slug="appel-banc",
            envelope=5_000_000,
            opens_on=datetime.date(2026, 9, 1),
            closes_on=datetime.date(2026, 12, 15),
            review_deadline=datetime.date(2027, 2, 1),
            grid=grid,
            reviewers_per_dossier=PER_DOSSIER,
            blind_review=True,
        )
        EconomicRule.objects.create(call=call, kind=RuleKind.FUNDER_SHARE_MAX, threshold=50)
        EconomicRule.objects.create(call=call, kind=RuleKind.OWN_REVENUE_MIN, threshold=30)
        EconomicRule.objects.create(call=call, kind=RuleKind.BALANCED_EACH_YEAR)
        national = users.create_user("equipe", email="equipe@example.org", first_name="Équipe")
        national.groups.add(role_group(NATIONAL_TEAM))
        reviewers = [
            users.create_user(f"relecteur{n}", email=f"r{n}@example.org", last_name=f"R{n:02d}")
            for n in range(REVIEWERS)
        ]
        role_group(FUNDER_REVIEWERS).user_set.add(*reviewers)

    now = timezone.now()
    with timed(f"{DOSSIERS} dossiers with their budgets"), transaction.atomic():
        hubs = Hub.objects.bulk_create(
            Hub(name=f"Hub {n}", slug=f"hub-{n}") for n in range(DOSSIERS)
        )
        dossiers = Dossier.objects.bulk_create(
            Dossier(
                call=call,
                hub=hub,
                title=f"Projet du hub {n}",
                summary="Former les aidants et ouvrir des permanences itinérantes. " * 4,
                objectives="Accompagner 3 000 personnes en trois ans.",
                status=DossierStatus.COMMITTEE,
            )
            for n, hub in enumerate(hubs)
        )
        expenses, financing = [], []
        for dossier in dossiers:
            for category in list(ExpenseCategory)[:5]:
                amounts = [rng.randrange(10, 200) * 1000 for _ in range(3)]
                expenses.append(ExpenseLine(dossier=dossier, category=category, **years(amounts)))
            for source in (SourceKind.FUNDER, SourceKind.EU, SourceKind.LOCAL, SourceKind.OWN):
                amounts = [rng.randrange(20, 150) * 1000 for _ in range(3)]
                financing.append(
                    FinancingLine(
                        dossier=dossier, source=source, secured=rng.random() < 0.5, **years(amounts)
                    )
                )
        ExpenseLine.objects.bulk_create(expenses, batch_size=2000)
        FinancingLine.objects.bulk_create(financing, batch_size=2000)

    with timed(f"{DOSSIERS * PER_DOSSIER} reviews, {PER_DOSSIER} per dossier"):
        with transaction.atomic():
            reviews = []
            for n, dossier in enumerate(dossiers):
                for k in range(PER_DOSSIER):
                    reviews.append(
                        Review(
                            call=call,
                            dossier=dossier,
                            reviewer=reviewers[(n + k) % REVIEWERS],
                            status=ReviewStatus.SUBMITTED,
                            recommendation=rng.choice(Recommendation.values),
                            shared_comment="Un projet bien ancré ; précisez les recettes. " * 3,
                            private_note="À comparer avec les dossiers voisins.",
                            submitted_at=now,
                        )
                    )
            reviews = Review.objects.bulk_create(reviews, batch_size=2000)
            Score.objects.bulk_create(
                (
                    Score(
                        review=review, criterion=criterion, value=rng.randint(0, criterion.maximum)
                    )
                    for review in reviews
                    for criterion in criteria
                ),
                batch_size=5000,
            )
        # One reviewer of the first dossier has not sent theirs: the blind page.
        draft = reviews[1]
        Review.objects.filter(pk=draft.pk).update(status=ReviewStatus.DRAFT, submitted_at=None)
    return {
        "call": call.pk,
        "national": national,
        "sent": reviews[0],
        "draft": Review.objects.select_related("reviewer").get(pk=draft.pk),
    }


def years(amounts: list[int]) -> dict:
    return dict(zip(("year1", "year2", "year3"), amounts, strict=True))


def main() -> None:
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()

    with scratch_database("review") as vendor:
        from django.db import connection
        from django.urls import reverse

        started = time.perf_counter()
        made = fill(random.Random(args.seed))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  fill total: {time.perf_counter() - started:.1f} s")

        pages = {
            "comparison table (national team)": (
                reverse("projects_call_comparison", args=[made["call"]]),
                made["national"],
            ),
            "review page, sent (4 others shown)": (
                reverse("projects_review", args=[made["sent"].pk]),
                made["sent"].reviewer,
            ),
            "review page, draft (blind)": (
                reverse("projects_review", args=[made["draft"].pk]),
                made["draft"].reviewer,
            ),
        }
        report_pages(
            pages,
            requests=args.requests,
            warmup=args.warmup,
            vendor=vendor,
            target_ms=TARGET_MS,
            width=38,
        )


if __name__ == "__main__":
    main()
