"""Demo solutions: four per demo hub (one at each maturity, the earned ones meeting the rule),
with their organisation, deployments, indicators and generated documents, all marked
``is_demo``; two mediator logins. One solution waits for its hub, another has changes
requested. Running it again changes nothing. The demo hubs must exist (``load_demo``)."""

import datetime
from itertools import zip_longest

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn
from wagtail.documents import get_document_model
from wagtail.models import Workflow

from hubsite.demo.data import DEMO_HUBS, DEMO_PASSWORD
from hubsite.demo.files import pdf_bytes
from hubsite.models import Commune, Hub
from hubsite.roles import MEDIATORS, role_group
from projects import organisation_media
from projects.demo.solutions_data import EVALUATION_LINES, MATERIAL_LINES, SOLUTIONS
from projects.models import (
    Deployment,
    LegalForm,
    Maturity,
    Membership,
    Organisation,
    RequesterKind,
    Solution,
    SolutionDocument,
    SolutionIndicator,
    TakeUpRequest,
)

# (hub slug, username, first name, last name): the mediators' logins.
MEDIATOR_LOGINS = (
    ("bretagne", "mediatrice-bretagne", "Gwenaëlle", "Le Bihan"),
    ("provence", "mediateur-provence", "Samir", "Haddad"),
)
WAITING_HUB, CHANGES_HUB = "bretagne", "provence"
CHANGES_COMMENT = (
    "Merci ! Pouvez-vous dire combien de personnes viennent à chaque séance, et ajouter "
    "une photo d'un atelier ?"
)
MATURITIES = (Maturity.IDEA, Maturity.PILOT, Maturity.PROVEN, Maturity.SCALING)
# Months running at each maturity: the earned ones run for more than the rule's 12.
MONTHS = {Maturity.IDEA: 0, Maturity.PILOT: 6, Maturity.PROVEN: 24, Maturity.SCALING: 36}


def demo_siret(n: int) -> str:
    siren = f"{77000000 + n:08d}"
    siren += luhn.calc_check_digit(siren)
    body = f"{siren}{n % 10000:04d}"
    return body + luhn.calc_check_digit(body)


def months_ago(months: int) -> datetime.date:
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, 1)


def communes_of(hub: Hub) -> list[list[Commune]]:
    """The three most populous communes of each of the hub's départements."""
    return [
        list(Commune.objects.filter(departement=dep).order_by("-population", "insee_code")[:3])
        for dep in hub.departements.order_by("code")
    ]


def demo_document(organisation: Organisation, title: str, lines, slug: str, kind: str):
    collection, _group = organisation_media.media_of(organisation)
    document = get_document_model()(title=title, collection=collection)
    document.file = ContentFile(pdf_bytes([title, *lines]), name=f"{slug}-{kind}.pdf")
    document.save()
    return document


class Command(BaseCommand):
    help = (
        "Charge les solutions de démonstration : quatre par hub de démonstration, à chaque "
        "maturité, avec déploiements, indicateurs et documents, et deux comptes de médiateurs. "
        "Idempotente."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args, password, **options):
        created = 0
        for index, spec in enumerate(DEMO_HUBS):
            hub = Hub.objects.filter(slug=spec.slug).first()
            if hub is None:
                continue
            created += self.load_hub(index, spec, hub, password)
        self.stdout.write(f"Solutions de démonstration créées : {created}")
        self.stdout.write(
            self.style.SUCCESS("Identifiants des médiateurs de démonstration (/admin/) :")
        )
        for slug, username, _first, _last in MEDIATOR_LOGINS:
            organisation = Organisation.objects.filter(siret=demo_siret(self.index_of(slug)))
            label = organisation.first() or slug
            self.stdout.write(f"  {username:<34} {password}   (Médiation — {label})")

    @staticmethod
    def index_of(slug: str) -> int:
        return next(i for i, spec in enumerate(DEMO_HUBS) if spec.slug == slug)

    @transaction.atomic
    def load_hub(self, index: int, spec, hub: Hub, password: str) -> int:
        places = [communes for communes in communes_of(hub) if communes]
        if not places:
            return 0
        home = places[0][0]
        organisation, _ = Organisation.objects.get_or_create(
            siret=demo_siret(index),
            defaults={
                "name": f"Numérique solidaire {spec.city}",
                "legal_form": LegalForm.ASSOCIATION,
                "address": "2 place de la Mairie",
                "postcode": spec.postcode,
                "commune": home,
                "website": f"https://numerique-solidaire-{spec.slug}.example.org",
            },
        )
        mediator = self.mediator_for(spec.slug, organisation, password)
        coordinator = get_user_model().objects.filter(groups=hub.group_id).first()
        made = 0
        for k, maturity in enumerate(MATURITIES):
            template = SOLUTIONS[(index * len(MATURITIES) + k) % len(SOLUTIONS)]
            title = f"{template.title} à {spec.city}"
            if Solution.objects.filter(slug=slugify(title)).exists():
                continue
            solution = self.create_solution(template, title, organisation, maturity, places)
            self.moderate(solution, spec.slug, k, mediator, coordinator)
            made += 1
        if spec.slug == WAITING_HUB:
            self.request_take_up(organisation)
        return made

    def request_take_up(self, organisation: Organisation) -> None:
        solution = organisation.solutions.filter(live=True).order_by("pk").first()
        if solution is None:
            return
        TakeUpRequest.objects.get_or_create(
            solution=solution,
            requester_name="Marie Durand",
            defaults={
                "requester_kind": RequesterKind.LIBRARY,
                "structure": "Médiathèque municipale",
                "email": "marie.durand@example.org",
                "commune": organisation.commune,
                "need": "Nous aimerions proposer ces ateliers dans notre médiathèque.",
            },
        )

    def mediator_for(self, slug: str, organisation: Organisation, password: str):
        login = next((login for login in MEDIATOR_LOGINS if login[0] == slug), None)
        if login is None:
            return None
        _slug, username, first, last = login
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(role_group(MEDIATORS))
        Membership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"is_admin": True}
        )
        organisation_media.sync_member(organisation, user)
        return user

    def create_solution(self, template, title, organisation, maturity, places) -> Solution:
        months = MONTHS[maturity]
        solution = Solution.objects.create(
            organisation=organisation,
            title=title,
            slug=slugify(title),
            summary=template.summary,
            problem=template.problem,
            how_it_works=template.how_it_works,
            formats=list(template.formats),
            services=list(template.services),
            publics=list(template.publics),
            staff=template.staff,
            equipment=template.equipment,
            cost_per_person=template.cost_per_person,
            cost_per_year=template.cost_per_person * 200,
            funding_sources="Commune, conseil départemental, fondation",
            started_on=months_ago(months) if months else None,
            people_per_year=80 + 40 * months // 6 if months else None,
            maturity=maturity,
            reuse_terms=template.reuse_terms,
            contact_name="L'équipe de médiation",
            contact_email="contact@numerique-solidaire.example.org",
            live=False,
            is_demo=True,
        )
        if months:
            SolutionIndicator.objects.create(
                solution=solution,
                label=template.indicator,
                value=60 + 15 * months,
                unit=template.unit,
                measured_on=months_ago(1),
                source="Bilan annuel de l'association",
            )
            solution.documents.add(
                SolutionDocument(
                    kind=SolutionDocument.Kind.MATERIAL,
                    title=f"Guide de reprise — {template.title}",
                    document=demo_document(
                        organisation, template.title, MATERIAL_LINES, solution.slug, "guide"
                    ),
                )
            )
        if MONTHS[maturity] >= MONTHS[Maturity.PROVEN]:
            solution.documents.add(
                SolutionDocument(
                    kind=SolutionDocument.Kind.EVALUATION,
                    title=f"Évaluation — {template.title}",
                    document=demo_document(
                        organisation, template.title, EVALUATION_LINES, solution.slug, "evaluation"
                    ),
                )
            )
        solution.save()
        self.deploy(solution, maturity, places)
        return solution

    def deploy(self, solution: Solution, maturity: str, places) -> None:
        if maturity == Maturity.IDEA:
            return
        count = 3 if maturity == Maturity.SCALING else 1
        # Round the départements: a scaling solution runs in at least two of them.
        spread = [commune for row in zip_longest(*places) for commune in row if commune]
        spots = spread[:count]
        for number, commune in enumerate(spots):
            Deployment.objects.create(
                solution=solution,
                organisation=solution.organisation,
                commune=commune,
                departement_id=commune.departement_id,
                started_on=solution.started_on or months_ago(3),
                people_reached=40 + 10 * number,
                is_demo=True,
            )

    def moderate(self, solution: Solution, hub_slug: str, k: int, mediator, coordinator):
        revision = solution.save_revision(user=mediator)
        waiting = k == 0 and hub_slug in (WAITING_HUB, CHANGES_HUB) and mediator is not None
        if not waiting:
            revision.publish(user=coordinator)
            return
        workflow = Workflow.objects.get(name="Relecture par le hub")
        state = workflow.start(solution, mediator)
        if hub_slug == CHANGES_HUB:
            state.current_task_state.specific.reject(user=coordinator, comment=CHANGES_COMMENT)
