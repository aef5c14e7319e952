"""factory_boy factories for the solutions catalogue."""

import datetime

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from stdnum import luhn

from hubsite.roles import MEDIATORS, role_group
from projects import organisation_media
from projects.models import (
    Deployment,
    LegalForm,
    Membership,
    Organisation,
    Solution,
    SolutionIndicator,
)
from tests.factories import CommuneFactory, UserFactory


def valid_siret(n: int) -> str:
    """A distinct SIRET for every ``n`` whose two Luhn keys hold: the SIREN's (9 digits) and
    the whole number's (SIREN + 4-digit establishment number + key)."""
    siren = f"{10000000 + n:08d}"
    siren += luhn.calc_check_digit(siren)
    body = f"{siren}{n % 10000:04d}"
    return body + luhn.calc_check_digit(body)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association numérique {n}")
    siret = factory.Sequence(valid_siret)
    legal_form = LegalForm.ASSOCIATION
    address = factory.Faker("street_address")
    postcode = "16000"
    commune = factory.SubFactory(CommuneFactory)


def organisation_in(hub, **fields) -> Organisation:
    """An organisation whose commune lies in ``hub``'s first département."""
    fields.setdefault("commune", CommuneFactory(departement=hub.departements.first()))
    return OrganisationFactory(**fields)


def mediator_of(organisation: Organisation, *, is_admin: bool = True, **user_fields):
    """A mediator who belongs to ``organisation``."""
    user = UserFactory(**user_fields)
    user.groups.add(role_group(MEDIATORS))
    Membership.objects.create(organisation=organisation, user=user, is_admin=is_admin)
    organisation_media.sync_member(organisation, user)
    return user


class SolutionFactory(DjangoModelFactory):
    class Meta:
        model = Solution

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Solution {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Des ateliers pour apprendre à faire ses démarches en ligne."
    problem = "Beaucoup d'habitants n'arrivent pas à faire leurs démarches en ligne."
    how_it_works = "Un atelier par semaine, en petit groupe, avec un médiateur."
    live = True


def published_solution(organisation: Organisation, **fields) -> Solution:
    """A live solution with a first published revision, as the moderation leaves it."""
    solution = SolutionFactory(organisation=organisation, **fields)
    revision = solution.save_revision()
    solution.publish(revision)
    return solution


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = SolutionIndicator

    solution = factory.SubFactory(SolutionFactory)
    label = "Personnes accompagnées"
    value = 120
    unit = "personnes"
    measured_on = datetime.date(2026, 6, 30)
    source = "Bilan annuel de l'association"


class DeploymentFactory(DjangoModelFactory):
    class Meta:
        model = Deployment

    solution = factory.SubFactory(SolutionFactory)
    organisation = factory.LazyAttribute(lambda o: o.solution.organisation)
    commune = factory.SubFactory(CommuneFactory)
    departement = factory.LazyAttribute(lambda o: o.commune.departement)
    started_on = datetime.date(2025, 1, 1)
