from wagtail.models import Page

from tests.factories import HubFactory, add_news, add_standard_page


def test_pages_know_the_hub_they_stand_under(db):
    hub = HubFactory()
    news = add_news(hub)
    page = add_standard_page(hub.page, title="Ressources")
    child = add_standard_page(page, title="Guides")
    assert {news.hub, page.hub, child.hub} == {hub}


def test_moving_a_section_to_another_hub_moves_its_hub(db):
    hub_a, hub_b = HubFactory(), HubFactory()
    section = add_standard_page(hub_a.page, title="Ressources")
    child = add_standard_page(section, title="Guides")

    Page.objects.get(pk=section.pk).move(hub_b.page, pos="last-child")

    section.refresh_from_db()
    child.refresh_from_db()
    assert section.hub == hub_b
    assert child.hub == hub_b
