"""factory_boy factories for the core domain (territories, hubs, pages, people)."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Page

from hubsite.models import (
    Commune,
    Departement,
    EventPage,
    HomePage,
    Hub,
    NewsPage,
    PostalCode,
    Region,
    StandardPage,
)

factory.Faker._DEFAULT_LOCALE = "fr_FR"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{90 + n % 9}{n % 10}"[:2])
    name = factory.Faker("region")


_departement_numbers = itertools.count()


def _free_departement_code() -> str:
    """A two-digit code that no département of the test database holds yet: 01 to 89 once,
    then 90 to 99 before the others, round and round (tests name real low codes such as "16"
    themselves), so that a test making a dozen hubs late in a run meets none it made."""
    for _attempt in range(99):
        n = next(_departement_numbers)
        turn = (n - 89) % 99
        number = n + 1 if n < 89 else (90 + turn if turn < 10 else turn - 9)
        code = f"{number:02d}"
        if not Departement.objects.filter(code=code).exists():
            return code
    raise RuntimeError("every two-digit département code is taken in this test")


class DepartementFactory(DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = factory.LazyFunction(lambda: _free_departement_code())
    name = factory.Faker("department_name")
    region = factory.SubFactory(RegionFactory)
    boundary = factory.LazyAttribute(
        lambda o: {
            "type": "Polygon",
            "coordinates": [[[2.0, 46.0], [2.5, 46.0], [2.5, 46.5], [2.0, 46.5], [2.0, 46.0]]],
        }
    )
    min_latitude = 46.0
    max_latitude = 46.5
    min_longitude = 2.0
    max_longitude = 2.5


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]
        # The postcodes hook writes PostalCode rows, not the commune: no second save.
        skip_postgeneration_save = True

    departement = factory.SubFactory(DepartementFactory)
    insee_code = factory.LazyAttributeSequence(lambda o, n: f"{o.departement.code}{n % 1000:03d}")
    name = factory.Faker("city")
    latitude = 46.2
    longitude = 2.2
    population = 1000

    @factory.post_generation
    def postcodes(self, create, extracted, **kwargs):
        if create:
            for code in extracted or [f"{self.departement.code}000"[:5]]:
                PostalCode.objects.get_or_create(commune=self, code=code)


def home_page() -> HomePage:
    """The national home page, created under Wagtail's root and made the default site's root."""
    from wagtail.models import Site

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title="Maillage", slug="accueil")
        root.add_child(instance=home)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "root_page": home, "site_name": "Maillage"},
        )
        # Wagtail's initial "Welcome" page would otherwise remain as a stray sibling.
        Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


class HubFactory(factory.Factory):
    """Builds a hub through ``create_hub``, so tests see exactly what production creates."""

    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Hub territorial {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    presentation = factory.Faker("paragraph")
    contact_email = factory.Faker("email")
    departements = factory.LazyFunction(lambda: [DepartementFactory(), DepartementFactory()])

    @classmethod
    def _create(cls, model_class, **kwargs):
        from hubsite.services import create_hub

        home_page()
        return create_hub(**kwargs)

    _build = _create


def _hub_index(hub: Hub, slug: str) -> Page:
    return hub.page.get_children().get(slug=slug).specific


def add_news(hub: Hub, *, title: str = "Une actualité", **fields) -> NewsPage:
    fields.setdefault("date", timezone.localdate())
    page = NewsPage(title=title, **fields)
    _hub_index(hub, "actualites").add_child(instance=page)
    page.save_revision().publish()
    return page


def add_event(hub: Hub, *, title: str = "Un atelier", days_ahead: int = 7, **fields) -> EventPage:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days_ahead)
    fields.setdefault("start", start)
    fields.setdefault("location_name", "Médiathèque municipale")
    page = EventPage(title=title, **fields)
    _hub_index(hub, "evenements").add_child(instance=page)
    page.save_revision().publish()
    return page


def add_standard_page(parent: Page, *, title: str = "Une page", **fields) -> StandardPage:
    page = StandardPage(title=title, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-de-test")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)
        if create:
            self.save()


def coordinator_of(*hubs: Hub, **kwargs):
    return UserFactory(groups=[hub.group for hub in hubs], **kwargs)
