"""The demo pages of a hub: news, events and the resources page with its guide."""

import datetime

from django.utils import timezone
from wagtail.rich_text import RichText

from hubsite.demo.data import EVENTS, NEWS, DemoHub
from hubsite.models import EventPage, NewsPage, StandardPage


def add_demo_news(news_index, spec: DemoHub, index: int, departements, images) -> None:
    today = timezone.localdate()
    for number, (title, intro, paragraphs, _days_ago) in enumerate(NEWS):
        # Each hub's latest news is a different one: the dates turn with the hub.
        days_ago = NEWS[(number + index) % len(NEWS)][3]
        dep = departements[number % len(departements)].name
        values = {"hub": spec.name, "dep": dep}
        article = NewsPage(
            title=title.format(**values),
            intro=intro,
            date=today - datetime.timedelta(days=days_ago + index % 3),
            image=images[number % 2] if number % 3 != 2 else None,
            body=[
                ("paragraph", RichText(f"<p>{text.format(**values)}</p>")) for text in paragraphs
            ],
        )
        add_live_child(news_index, article)


def add_demo_events(event_index, spec: DemoHub, departements) -> None:
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for number, (title, intro, days, hours, online, place) in enumerate(EVENTS):
        dep = departements[number % len(departements)].name
        start = (now + datetime.timedelta(days=days)).replace(hour=10 if hours > 3 else 14)
        slug_hint = f"{spec.slug}-{number + 1}"
        event = EventPage(
            title=title,
            intro=intro,
            start=start,
            end=start + datetime.timedelta(hours=hours),
            location_name="" if online else f"{place} ({dep})",
            address="" if online else f"2 rue des Écoles, {spec.postcode} {spec.city}",
            online_url=f"https://visio.maillage.example/{slug_hint}"
            if online or number == 5
            else "",
            registration_url=f"https://inscriptions.maillage.example/{slug_hint}"
            if number % 2 == 0 or online
            else "",
            body=[
                (
                    "paragraph",
                    RichText(
                        "<p>Gratuit, ouvert à toutes et à tous. Pensez à apporter votre "
                        "appareil si vous en avez un.</p>"
                    ),
                )
            ],
        )
        add_live_child(event_index, event)


def add_demo_resources(page, images, document, team, news_index) -> None:
    resources = StandardPage(
        title="Ressources pour les médiateurs",
        slug="ressources",
        intro="Guides, modèles et contacts utiles pour les professionnels du territoire.",
    )
    page.add_child(instance=resources)
    illustration = images[0]
    illustration.contextual_alt_text = (
        "Illustration : un réseau de points reliés, symbole des lieux du territoire"
    )
    illustration.decorative = False
    resources.body = [
        (
            "paragraph",
            RichText(
                "<h2>Bien accueillir</h2><p>Ces ressources aident les médiateurs et les "
                "aidants à <b>accompagner sans faire à la place</b>. Elles sont libres de "
                "réutilisation.</p><ul><li>fiches pratiques à imprimer ;</li><li>modèles "
                "d'affiches pour annoncer vos ateliers ;</li><li>contacts du hub.</li></ul>"
            ),
        ),
        ("image", illustration),
        (
            "document",
            {"document": document, "title": "Programme des ateliers du trimestre"},
        ),
        (
            "quote",
            {
                "quote": "Le numérique, ça s'apprend à tout âge, à condition d'être "
                "accompagné près de chez soi.",
                "author": f"{team[1][0]} {team[1][1]}, animation du réseau",
            },
        ),
        (
            "call_to_action",
            {
                "title": "Les démarches administratives en ligne",
                "text": "Le site officiel de l'administration française explique chaque "
                "démarche pas à pas.",
                "page": None,
                "url": "https://www.service-public.fr/",
                "label": "Aller sur service-public.fr",
            },
        ),
        (
            "call_to_action",
            {
                "title": "Les actualités du hub",
                "text": "",
                "page": news_index,
                "url": "",
                "label": "Lire les actualités",
            },
        ),
    ]
    resources.save_revision().publish()
    guide = StandardPage(
        title="Guide de l'accueil numérique",
        slug="guide-accueil",
        intro="Les étapes d'un premier accueil réussi.",
        body=[
            (
                "paragraph",
                RichText(
                    "<h2>Avant le rendez-vous</h2><p>Demandez à la personne d'apporter ses "
                    "identifiants et son appareil.</p><h2>Pendant</h2><p>Laissez-la tenir "
                    "la souris : on apprend en faisant.</p>"
                ),
            )
        ],
    )
    add_live_child(resources, guide)


def add_live_child(parent, page) -> None:
    """Add ``page`` already published: demo pages need no revision history, and skipping the
    revision-then-publish round trip halves the time the demo takes to load."""
    now = timezone.now()
    page.live = True
    page.first_published_at = page.last_published_at = now
    parent.add_child(instance=page)
