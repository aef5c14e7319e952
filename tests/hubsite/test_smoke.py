from directory.models import Venue
from directory.vocabulary import Service
from tests.factories import HubFactory, add_event, add_news


def test_hub_creation_builds_its_section(db):
    hub = HubFactory(name="Bretagne", slug="bretagne")
    assert hub.page.url == "/bretagne/"
    news = add_news(hub, title="Lancement")
    assert news.url.startswith("/bretagne/actualites/")
    assert news.hub == hub
    assert add_event(hub).hub == hub


def test_flags_lookups(db):
    v = Venue.objects.create(
        source_id="x",
        name="A",
        address="1 rue",
        commune_name="X",
        postcode="16000",
        updated_on="2024-01-01",
        services=[Service.DEMARCHES, Service.SECURITE],
    )
    assert Venue.objects.filter(services__has_any=[Service.DEMARCHES]).get() == v
    assert Venue.objects.filter(services__has_all=[Service.DEMARCHES, Service.SECURITE]).exists()
    assert not Venue.objects.filter(services__has_all=[Service.DEMARCHES, Service.LOISIRS]).exists()
    v.refresh_from_db()
    assert v.services == [Service.DEMARCHES, Service.SECURITE]
