"""A demo hub with its team, illustrations and content, and the demo logins."""

import random

from django.contrib.auth import get_user_model
from django.db import transaction

from hubsite.demo.data import FIRST_NAMES, LAST_NAMES, NATIONAL_USERNAME, DemoHub
from hubsite.demo.files import demo_document, demo_image
from hubsite.demo.pages import add_demo_events, add_demo_news, add_demo_resources
from hubsite.maps import hub_colour
from hubsite.models import Departement, Hub, HubTeamMember
from hubsite.roles import NATIONAL_TEAM, role_group
from hubsite.services import create_hub


@transaction.atomic
def create_demo_hub(spec: DemoHub, index: int) -> Hub:
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
    add_demo_news(news_index, spec, index, departements, images)
    add_demo_events(event_index, spec, departements)
    add_demo_resources(page, images, document, team, news_index)
    return hub


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
