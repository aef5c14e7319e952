"""Demo data: ten hubs named after their territory, with news, events, pages and logins.

Idempotent: a hub or a login that already exists is left as it is.

Extension point: other apps add their own demo data with a command of their own, which this
command calls after the hubs exist if it is installed. ``DEMO_EXTENSIONS`` lists them; the
directory's ``load_demo_venues`` adds venues to the demo hubs' départements.
"""

import datetime
import io
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from hubsite.maps import hub_colour
from hubsite.models import Departement, EventPage, Hub, HubTeamMember, NewsPage, StandardPage
from hubsite.roles import NATIONAL_TEAM, role_group
from hubsite.services import create_hub

DEMO_PASSWORD = "maillage-demo"
NATIONAL_USERNAME = "equipe-nationale"
# Commands of other apps that add to the demo, run in this order when they are installed.
DEMO_EXTENSIONS = ("load_demo_venues",)


@dataclass(frozen=True)
class DemoHub:
    slug: str
    name: str
    codes: tuple[str, ...]  # neighbouring départements (the Antilles-Guyane hub aside)
    city: str
    postcode: str


# Picked by hand from real geography: each metropolitan hub's départements border each other.
DEMO_HUBS = (
    DemoHub("bretagne", "Bretagne", ("22", "29", "35", "56"), "Rennes", "35000"),
    DemoHub(
        "nouvelle-aquitaine-nord",
        "Nouvelle-Aquitaine Nord",
        ("16", "17", "79", "86"),
        "Angoulême",
        "16000",
    ),
    DemoHub(
        "occitanie-mediterranee",
        "Occitanie Méditerranée",
        ("11", "30", "34", "66"),
        "Montpellier",
        "34000",
    ),
    DemoHub("hauts-de-france-nord", "Hauts-de-France Nord", ("59", "62", "80"), "Lille", "59000"),
    DemoHub("auvergne", "Auvergne", ("03", "15", "43", "63"), "Clermont-Ferrand", "63000"),
    DemoHub("alsace-moselle", "Alsace-Moselle", ("57", "67", "68"), "Strasbourg", "67000"),
    DemoHub(
        "pays-de-la-loire-ouest", "Pays de la Loire Ouest", ("44", "49", "85"), "Nantes", "44000"
    ),
    DemoHub("provence", "Provence", ("04", "13", "83", "84"), "Marseille", "13001"),
    DemoHub("bourgogne", "Bourgogne", ("21", "58", "71", "89"), "Dijon", "21000"),
    DemoHub("antilles-guyane", "Antilles-Guyane", ("971", "972", "973"), "Fort-de-France", "97200"),
)

FIRST_NAMES = (
    "Camille", "Nadia", "Julien", "Maëlle", "Karim", "Élodie", "Thomas", "Aïcha", "Hugo",
    "Sophie", "Yannick", "Léa", "Mathieu", "Fatou", "Benoît", "Chloé", "Rémi", "Inès",
    "Pierre", "Manon",
)  # fmt: skip
LAST_NAMES = (
    "Le Gall", "Martin", "Benali", "Moreau", "Lefèvre", "Diallo", "Garnier", "Roux", "Nguyen",
    "Fontaine", "Chevalier", "Marchand", "Petit", "Girard", "Bonnet", "Mercier", "Robin",
    "Lambert", "Dupuis", "Faure",
)  # fmt: skip

# (title, intro, paragraphs, days ago); "{dep}" is one of the hub's départements.
NEWS = (
    (
        "Le hub {hub} se présente",
        "Qui sommes-nous, que faisons-nous et comment travailler avec nous : le hub ouvre sa "
        "rubrique sur le portail.",
        (
            "Le hub {hub} coordonne les lieux de médiation numérique de son territoire : "
            "médiathèques, centres sociaux, espaces France Services, associations.",
            "Son rôle : outiller les médiateurs, former les aidants et faire connaître les lieux "
            "où chacun peut apprendre à se servir du numérique.",
        ),
        280,
    ),
    (
        "{dep} : une médiathèque ouvre un espace numérique",
        "Six postes, une imprimante et deux médiatrices pour accompagner les démarches en "
        "ligne, trois après-midi par semaine.",
        (
            "La Médiathèque a aménagé un espace numérique en libre accès, avec un "
            "accompagnement sur rendez-vous pour les démarches administratives.",
            "Les ateliers collectifs reprennent chaque mardi : créer sa boîte mail, ranger ses "
            "photos, repérer les arnaques.",
        ),
        12,
    ),
    (
        "{dep} : retour sur la rencontre des médiateurs numériques",
        "Quarante professionnels ont partagé leurs pratiques et leurs difficultés pendant une "
        "journée d'échanges.",
        (
            "Trois ateliers ont rythmé la journée : l'accueil des publics très éloignés du "
            "numérique, l'orientation vers les bons lieux et la sécurité en ligne.",
            "Le compte rendu complet est disponible auprès du hub.",
        ),
        40,
    ),
    (
        "Appel à projets : équiper les lieux de médiation",
        "Les structures du territoire peuvent demander une aide pour s'équiper en ordinateurs "
        "reconditionnés.",
        (
            "L'appel à projets finance l'achat de matériel reconditionné et la formation des "
            "bénévoles qui accompagnent les usagers.",
            "Les dossiers sont à déposer avant la fin du trimestre ; le hub accompagne les "
            "structures qui le souhaitent.",
        ),
        63,
    ),
    (
        "Former les aidants : les inscriptions sont ouvertes",
        "Une formation de deux jours pour les travailleurs sociaux et les agents d'accueil qui "
        "aident les usagers dans leurs démarches en ligne.",
        (
            "Au programme : le cadre de l'aide aux démarches, les outils sécurisés, les bons "
            "réflexes pour rendre les personnes autonomes.",
        ),
        90,
    ),
    (
        "{dep} : des permanences numériques dans les mairies rurales",
        "Un conseiller numérique tient désormais une permanence mensuelle dans douze communes "
        "rurales.",
        (
            "Les habitants peuvent venir avec leur téléphone ou leur ordinateur portable : "
            "installer une application, sauvegarder ses photos, faire une démarche.",
        ),
        130,
    ),
    (
        "Le bilan de l'année du hub {hub}",
        "Plus de lieux recensés, plus de médiateurs formés : les chiffres et les projets de "
        "l'année écoulée.",
        (
            "La carte des lieux s'est enrichie de nouvelles adresses et les formations ont "
            "réuni des dizaines de professionnels.",
            "L'année prochaine, le hub mettra l'accent sur les jeunes et les personnes âgées "
            "isolées.",
        ),
        170,
    ),
    (
        "Sécurité en ligne : un guide pour les médiateurs",
        "Un guide pratique pour aider les usagers à repérer les arnaques et protéger leurs "
        "comptes.",
        ("Le guide rassemble des fiches simples à imprimer et à distribuer lors des ateliers.",),
        220,
    ),
)

# (title, intro, days from now, duration in hours, online only, place)
EVENTS = (
    (
        "Atelier « Premiers pas sur smartphone »",
        "Apprendre à téléphoner, envoyer un message et prendre une photo, à son rythme.",
        -120, 2, False, "Médiathèque",
    ),
    (
        "Webinaire : sécuriser ses démarches en ligne",
        "Une heure pour faire le point sur les arnaques courantes et les bons réflexes.",
        -45, 1, True, "",
    ),
    (
        "Rencontre départementale des médiateurs numériques",
        "Une journée pour se rencontrer, échanger sur ses pratiques et découvrir des outils.",
        -10, 7, False, "Salle des fêtes",
    ),
    (
        "Café numérique : vos questions sur internet",
        "Venez avec vos questions et votre appareil : on cherche les réponses ensemble.",
        6, 2, False, "Centre social",
    ),
    (
        "Formation : accompagner les démarches de santé en ligne",
        "Compte santé, prise de rendez-vous, ordonnances : accompagner sans faire à la place.",
        19, 3, True, "",
    ),
    (
        "Journée portes ouvertes des lieux de médiation",
        "Les lieux du territoire ouvrent leurs portes pour présenter leurs ateliers.",
        40, 6, False, "Espace France Services",
    ),
    (
        "Atelier « Ranger et sauvegarder ses photos »",
        "Transférer ses photos du téléphone vers l'ordinateur et les sauvegarder.",
        75, 2, False, "Médiathèque",
    ),
)  # fmt: skip


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration : dix hubs avec actualités, événements, pages et "
        "un identifiant par hub, plus l'équipe nationale. Idempotente."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEMO_PASSWORD,
            help="Mot de passe des comptes créés (défaut : %(default)s).",
        )
        parser.add_argument(
            "--no-extensions",
            action="store_true",
            help="Ne pas lancer les commandes de démonstration des autres applications "
            f"({', '.join(DEMO_EXTENSIONS)}).",
        )

    def handle(self, *args, password, no_extensions=False, **options):
        call_command("setup_portal", stdout=io.StringIO())
        if not Departement.objects.exists():
            self.stdout.write("Aucun territoire : chargement des territoires…")
            call_command("load_territories", stdout=self.stdout)

        logins = []
        for index, spec in enumerate(DEMO_HUBS):
            hub = Hub.objects.filter(slug=spec.slug).first()
            if hub is None:
                hub = self.create_demo_hub(spec, index)
                self.stdout.write(f"Hub créé : {hub.name}")
            logins.append((ensure_coordinator(spec, hub, password), hub.name))
        logins.append((ensure_national_login(password), "Équipe nationale"))

        commands = get_commands()
        for name in () if no_extensions else DEMO_EXTENSIONS:
            if name in commands:
                call_command(name, stdout=self.stdout)

        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                "Identifiants de démonstration (/admin/ ; mot de passe donné à la création) :"
            )
        )
        for username, label in logins:
            self.stdout.write(f"  {username:<34} {password}   ({label})")

    @transaction.atomic
    def create_demo_hub(self, spec: DemoHub, index: int) -> Hub:
        departements = list(Departement.objects.filter(code__in=spec.codes).order_by("code"))
        missing = set(spec.codes) - {d.code for d in departements}
        if missing:
            raise LookupError(
                f"Départements absents : {', '.join(sorted(missing))}. "
                "Lancez d'abord « manage.py load_territories »."
            )
        names = ", ".join(d.name for d in departements)
        hub = create_hub(
            name=spec.name,
            slug=spec.slug,
            departements=departements,
            presentation=(
                f"Le hub {spec.name} fédère les acteurs de la médiation numérique de son "
                f"territoire ({names}). Il accompagne les lieux qui aident les habitants à "
                "utiliser le numérique au quotidien, forme les médiateurs et les aidants, et "
                "fait connaître l'offre d'accompagnement.\n\n"
                "Ce hub est fictif : il sert à la démonstration du portail Maillage."
            ),
            contact_email=f"contact@{spec.slug}.maillage.example",
            contact_phone=f"01 99 00 00 {index + 10:02d}",
            address=f"Hub {spec.name}, 1 place de la République, {spec.postcode} {spec.city}",
            website=f"https://{spec.slug}.maillage.example/",
        )
        rng = random.Random(spec.slug)
        team = people(rng, 3)
        page = hub.page
        for position, ((first, last), role) in enumerate(
            zip(team, ("Coordination du hub", "Animation du réseau", "Formation"), strict=True)
        ):
            HubTeamMember.objects.create(
                page=page,
                sort_order=position,
                name=f"{first} {last}",
                role=role,
                email=f"{slugify_name(first)}.{slugify_name(last)}@{spec.slug}.maillage.example",
            )
        page.intro = f"Le hub {spec.name} accompagne les lieux de médiation numérique de {names}."
        page.save_revision().publish()

        colour = hub_colour(index)
        images = [
            demo_image(
                hub,
                rng,
                colour,
                title=f"Atelier numérique — {spec.name}",
                alt=f"Illustration : un réseau de points reliés, aux couleurs du hub {spec.name}",
            ),
            demo_image(
                hub,
                rng,
                colour,
                title=f"Rencontre des médiateurs — {spec.name}",
                alt="Illustration : des points reliés entre eux, comme un maillage de lieux",
            ),
        ]
        document = demo_document(hub, spec.name)
        news_index = page.get_children().get(slug="actualites").specific
        event_index = page.get_children().get(slug="evenements").specific
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
                    ("paragraph", RichText(f"<p>{text.format(**values)}</p>"))
                    for text in paragraphs
                ],
            )
            add_live_child(news_index, article)

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
        return hub


def add_live_child(parent, page) -> None:
    """Add ``page`` already published: demo pages need no revision history, and skipping the
    revision-then-publish round trip halves the time the demo takes to load."""
    now = timezone.now()
    page.live = True
    page.first_published_at = page.last_published_at = now
    parent.add_child(instance=page)


def ensure_coordinator(spec: DemoHub, hub: Hub, password: str) -> str:
    rng = random.Random(f"{spec.slug}-coordinator")
    ((first, last),) = people(rng, 1)
    user = _login(
        f"coord-{spec.slug}", password, first, last, f"coord@{spec.slug}.maillage.example"
    )
    if hub.group_id:
        user.groups.add(hub.group)
    return user.username


def ensure_national_login(password: str) -> str:
    user = _login(NATIONAL_USERNAME, password, "Équipe", "nationale", "equipe@maillage.example")
    user.groups.add(role_group(NATIONAL_TEAM))
    return user.username


def _login(username: str, password: str, first: str, last: str, email: str):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": email}
    )
    if created:
        # Only on creation: hashing is deliberately slow, and a changed password is kept.
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def people(rng: random.Random, count: int) -> list[tuple[str, str]]:
    return list(zip(rng.sample(FIRST_NAMES, count), rng.sample(LAST_NAMES, count), strict=True))


def slugify_name(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name).replace("-", "")


def demo_image(hub: Hub, rng: random.Random, colour: str, *, title: str, alt: str):
    """A generated illustration (a mesh of linked points) in the hub's collection."""
    from PIL import Image as PillowImage
    from PIL import ImageDraw

    width, height = 1200, 675
    picture = PillowImage.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(picture)
    points = [(rng.randint(40, width - 40), rng.randint(40, height - 40)) for _ in range(28)]
    for index, (x, y) in enumerate(points):
        for other in points[index + 1 :]:
            if abs(other[0] - x) + abs(other[1] - y) < 260:
                draw.line([(x, y), other], fill=(255, 255, 255), width=3)
    for x, y in points:
        draw.ellipse([x - 12, y - 12, x + 12, y + 12], fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    image_model = get_image_model()
    image = image_model(title=title, description=alt, collection=hub.collection)
    image.file = ImageFile(buffer, name=f"demo-{hub.slug}-{rng.randint(0, 99999)}.jpg")
    image.save()
    return image


def demo_document(hub: Hub, hub_name: str):
    document_model = get_document_model()
    document = document_model(
        title=f"Programme des ateliers — {hub_name}", collection=hub.collection
    )
    lines = [
        f"Programme des ateliers - {hub_name}",
        "Document de demonstration du portail Maillage.",
        "Mardi : premiers pas sur smartphone",
        "Jeudi : demarches administratives en ligne",
        "Samedi : securite et arnaques en ligne",
    ]
    document.file = ContentFile(pdf_bytes(lines), name=f"programme-{hub.slug}.pdf")
    document.save()
    return document


def pdf_bytes(lines: list[str]) -> bytes:
    """A minimal one-page PDF showing ``lines`` (Latin-1 text)."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = (
        "BT /F1 16 Tf 72 770 Td 22 TL "
        + " ".join(f"({text(line)}) Tj T*" for line in lines)
        + " ET"
    )
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)
