"""Two hubs whose content a coordinator of one must not reach from the other.

Each hub has an image and a document in its collection, a published news article, a draft
page that was never published, a published page with unpublished changes and a private
page; every title carries the hub's marker, so that a test can assert that none of hub B's
names shows to hub A's coordinator.
"""

from contextlib import contextmanager
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.test import Client, override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from hubsite.models import StandardPage
from hubsite.roles import NATIONAL_TEAM
from hubsite.services import sync_roles
from tests.factories import HubFactory, UserFactory, add_news, add_standard_page, home_page

Image = get_image_model()
Document = get_document_model()

MARKERS = {"A": "Aubépine", "B": "Bruyère"}


def png(name: str = "carte.png") -> ImageFile:
    buffer = BytesIO()
    PILImage.new("RGB", (12, 8), "teal").save(buffer, "PNG")
    return ImageFile(buffer, name=name)


def hub_media(hub, marker: str) -> tuple:
    """An image and a document in the hub's collection, titled with the hub's marker."""
    image = Image.objects.create(title=f"Image {marker}", file=png(), collection=hub.collection)
    document = Document.objects.create(
        title=f"Document {marker}",
        file=ContentFile(b"compte rendu", name="compte-rendu.txt"),
        collection=hub.collection,
    )
    return image, document


def hub_coordinator(hub, key: str):
    return UserFactory(username=f"coordination-{key.lower()}", groups=[hub.group])


def national_team_member():
    """The national team's member, once every hub exists (its roles synced first)."""
    sync_roles()
    return UserFactory(username="equipe-nationale", groups=[Group.objects.get(name=NATIONAL_TEAM)])


@contextmanager
def built_once(django_db_blocker, tmp_path_factory, build):
    """What ``build()`` returns, built once for a module in a media folder of its own.

    The module's tests run inside this outer transaction (each test in its own savepoint),
    which is rolled back at the end.
    """
    with (
        override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build()
        transaction.set_rollback(True)
    cache.clear()


def client_for(user_pk: int) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_pk))
    return client


def build_two_hubs() -> dict:
    """Create both hubs and their content; return the primary keys, by hub key."""
    home_page()
    world = {"home": home_page().pk}
    for key, marker in MARKERS.items():
        hub = HubFactory(name=f"Hub {marker}", slug=f"hub-{key.lower()}")
        news = add_news(hub, title=f"Actualité {marker}")
        draft = StandardPage(title=f"Brouillon {marker}", slug="brouillon", live=False)
        hub.page.add_child(instance=draft)
        draft.save_revision()
        changed = add_standard_page(hub.page, title=f"Publiée {marker}", slug="publiee")
        changed.title = f"Retitrée {marker}"
        changed.save_revision()
        private = add_standard_page(hub.page, title=f"Privée {marker}", slug="privee")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        image, document = hub_media(hub, marker)
        coordinator = hub_coordinator(hub, key)
        world[key] = {
            "hub": hub.pk,
            "page": hub.page.pk,
            "news_index": news.get_parent().pk,
            "news": news.pk,
            "draft": draft.pk,
            "changed": changed.pk,
            "private": private.pk,
            "image": image.pk,
            "document": document.pk,
            "collection": hub.collection_id,
            "coordinator": coordinator.pk,
        }
    world["national"] = national_team_member().pk
    return world


# What of hub B must never show to hub A's coordinator, and what of hub B may (public pages).
def secret_names(key: str) -> list[str]:
    marker = MARKERS[key]
    return [
        f"Brouillon {marker}",
        f"Retitrée {marker}",
        f"Privée {marker}",
        f"Image {marker}",
        f"Document {marker}",
    ]
