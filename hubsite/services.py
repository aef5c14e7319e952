"""Operations that write several rows: creating a hub with everything its coordinators need."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from hubsite.models import Departement, EventIndexPage, HomePage, Hub, HubPage, NewsIndexPage
from hubsite.models.hubs import MAX_DEPARTEMENTS, MIN_DEPARTEMENTS
from hubsite.roles import coordinators_group_name

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page")
MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
)
# Model permissions a coordinator needs to see Wagtail's admin; objects are scoped per hub.
COORDINATOR_MODEL_PERMISSIONS = (("wagtailadmin", "access_admin"),)


def validate_departements(hub: Hub | None, departements: Iterable[Departement]) -> list:
    """Check the two-to-five rule and that no département already belongs to another hub."""
    departements = list(departements)
    if not MIN_DEPARTEMENTS <= len(departements) <= MAX_DEPARTEMENTS:
        raise ValidationError(
            _("Un hub couvre de %(min)d à %(max)d départements (%(count)d choisis).")
            % {"min": MIN_DEPARTEMENTS, "max": MAX_DEPARTEMENTS, "count": len(departements)},
            code="departement_count",
        )
    taken = [
        d
        for d in departements
        if d.hub_id is not None and (hub is None or d.hub_id != hub.pk)
    ]
    if taken:
        raise ValidationError(
            [
                ValidationError(
                    _("%(departement)s appartient déjà au hub %(hub)s.")
                    % {"departement": d, "hub": d.hub},
                    code="departement_taken",
                )
                for d in taken
            ]
        )
    return departements


def _permissions(pairs) -> list[Permission]:
    permissions = []
    for app_label, codename in pairs:
        permissions.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return permissions


@transaction.atomic
def set_hub_departements(*, hub: Hub, departements: Iterable[Departement]) -> None:
    """Make ``hub`` cover exactly ``departements``, freeing those it no longer covers."""
    departements = validate_departements(hub, departements)
    codes = [d.code for d in departements]
    # Lock the rows so that two hubs cannot take the same département at the same time.
    locked = list(Departement.objects.select_for_update().filter(code__in=codes))
    validate_departements(hub, locked)
    Departement.objects.filter(hub=hub).exclude(code__in=codes).update(hub=None)
    Departement.objects.filter(code__in=codes).update(hub=hub)


@transaction.atomic
def create_hub(
    *,
    name: str,
    slug: str,
    departements: Iterable[Departement],
    presentation: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    address: str = "",
    website: str = "",
) -> Hub:
    """Create a hub with its page section, its coordinators' group and its media collection."""
    home = HomePage.objects.first()
    if home is None:
        raise ValidationError(_("Le site n'a pas encore de page d'accueil nationale."))
    hub = Hub(
        name=name,
        slug=slug,
        presentation=presentation,
        contact_email=contact_email,
        contact_phone=contact_phone,
        address=address,
        website=website,
    )
    hub.full_clean(exclude=["group", "collection"])
    if Page.objects.child_of(home).filter(slug=slug).exists():
        raise ValidationError({"slug": _("Une page utilise déjà l'adresse /%s/.") % slug})
    departements = validate_departements(None, departements)
    hub.save()
    set_hub_departements(hub=hub, departements=departements)

    root_collection = Collection.get_first_root_node()
    hub.collection = root_collection.add_child(name=name)
    hub.group = Group.objects.create(name=coordinators_group_name(name))
    hub.save(update_fields=["collection", "group"])

    page = HubPage(title=name, slug=slug, hub=hub, intro=presentation[:600])
    home.add_child(instance=page)
    page.save_revision().publish()
    for index_class, title, index_slug in (
        (NewsIndexPage, _("Actualités"), "actualites"),
        (EventIndexPage, _("Événements"), "evenements"),
    ):
        index = index_class(title=title, slug=index_slug)
        page.add_child(instance=index)
        index.save_revision().publish()

    grant_coordinator_permissions(hub)
    return hub


def grant_coordinator_permissions(hub: Hub) -> None:
    """Give the hub's group page rights on its subtree and media rights on its collection."""
    group = hub.group
    group.permissions.add(*_permissions(COORDINATOR_MODEL_PERMISSIONS))
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=hub.page, permission=permission)
    for permission in _permissions(MEDIA_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=hub.collection, permission=permission
        )
