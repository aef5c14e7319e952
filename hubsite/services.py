"""Operations that write several rows: hubs with everything their coordinators need.

Roles (groups and their permissions) are written by ``hubsite.role_services``.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, GroupPagePermission, Page

from hubsite.models import Departement, EventIndexPage, HomePage, Hub, HubPage, NewsIndexPage
from hubsite.models.hubs import MAX_DEPARTEMENTS, MIN_DEPARTEMENTS
from hubsite.models.structure import hub_section_removal
from hubsite.permissions import can_change_hub_territory, can_delete_hub
from hubsite.role_services import grant_coordinator_permissions, sync_roles
from hubsite.roles import NATIONAL_TEAM, coordinators_group_name
from hubsite.transitions import move, move_many  # noqa: F401  (the one service for statuses)

# What a hub's coordinators may change themselves; the rest is the national team's.
HUB_PRESENTATION_FIELDS = ("presentation", "contact_email", "contact_phone", "address", "website")
HUB_FIELDS = ("name", "slug", *HUB_PRESENTATION_FIELDS)
# The listings every hub section starts with.
HUB_INDEXES = (
    (NewsIndexPage, gettext_noop("Actualités"), "actualites"),
    (EventIndexPage, gettext_noop("Événements"), "evenements"),
)


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
        d for d in departements if d.hub_id is not None and (hub is None or d.hub_id != hub.pk)
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


def validate_hub_slug(hub: Hub | None, slug: str) -> None:
    """A hub's slug is the first segment of its public URLs: it must be free for it."""
    home = HomePage.objects.first()
    pages = Page.objects.child_of(home).filter(slug=slug) if home else Page.objects.none()
    if hub is not None and hub.pk:
        pages = pages.exclude(hubpage__hub=hub)
    if pages.exists():
        raise ValidationError(
            _("Une page utilise déjà l'adresse /%(slug)s/.") % {"slug": slug}, code="slug_taken"
        )
    try:
        match = resolve(f"/{slug}/")
    except Resolver404:
        return
    if match.url_name != "wagtail_serve":
        raise ValidationError(
            _("L'adresse /%(slug)s/ est réservée par le portail.") % {"slug": slug},
            code="slug_reserved",
        )


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
    user=None,
) -> Hub:
    """Create a hub with its page section, its coordinators' group and its media collection."""
    home = HomePage.objects.first()
    if home is None:
        raise ValidationError(_("Le site n'a pas encore de page d'accueil nationale."))
    if user is not None and not can_change_hub_territory(user):
        raise PermissionDenied
    if not GroupPagePermission.objects.filter(group__name=NATIONAL_TEAM).exists():
        sync_roles()
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
    validate_hub_slug(None, slug)
    departements = validate_departements(None, departements)
    if Group.objects.filter(name=coordinators_group_name(name)).exists():
        raise ValidationError(
            {"name": _("Un groupe porte déjà le nom « %s ».") % coordinators_group_name(name)}
        )
    hub.save()
    set_hub_departements(hub=hub, departements=departements)

    root_collection = Collection.get_first_root_node()
    hub.collection = root_collection.add_child(name=name)
    hub.group = Group.objects.create(name=coordinators_group_name(name))
    hub.save(update_fields=["collection", "group"])

    page = HubPage(title=name, slug=slug, hub=hub, intro=presentation[:600])
    home.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    for index_class, title, index_slug in HUB_INDEXES:
        index = index_class(title=_(title), slug=index_slug)
        page.add_child(instance=index)
        index.save_revision(user=user).publish(user=user)

    grant_coordinator_permissions(hub)
    log(instance=hub, action="wagtail.create", user=user)
    return hub


@transaction.atomic
def update_hub(
    *, hub: Hub, user=None, departements: Iterable[Departement] | None = None, **changes
) -> Hub:
    """Change a hub's fields (``HUB_FIELDS``) and, if given, its départements.

    A new name renames the coordinators' group, the media collection and the hub's page; a
    new slug moves the hub's section (Wagtail redirects the old addresses). With ``user``,
    only the national team may change the name, slug or départements.
    """
    if unknown := set(changes) - set(HUB_FIELDS):
        raise TypeError(f"update_hub() got unexpected fields: {sorted(unknown)}")
    before = Hub.objects.select_for_update().get(pk=hub.pk)
    if departements is not None:
        departements = list(departements)
    territorial = any(
        field not in HUB_PRESENTATION_FIELDS and changes[field] != getattr(before, field)
        for field in changes
    ) or (
        departements is not None
        and {d.pk for d in departements} != set(before.departements.values_list("pk", flat=True))
    )
    if user is not None and territorial and not can_change_hub_territory(user, hub):
        raise PermissionDenied
    for field, value in changes.items():
        setattr(hub, field, value)
    hub.full_clean(exclude=["group", "collection"])
    if hub.slug != before.slug:
        validate_hub_slug(hub, hub.slug)
    if hub.name != before.name and (
        Group.objects.filter(name=coordinators_group_name(hub.name))
        .exclude(pk=hub.group_id)
        .exists()
    ):
        raise ValidationError(
            {"name": _("Un groupe porte déjà le nom « %s ».") % coordinators_group_name(hub.name)}
        )
    hub.save()
    if departements is not None:
        set_hub_departements(hub=hub, departements=departements)
    if hub.name != before.name:
        if hub.group_id:
            Group.objects.filter(pk=hub.group_id).update(name=coordinators_group_name(hub.name))
        if hub.collection_id:
            collection = hub.collection
            collection.name = hub.name
            collection.save(update_fields=["name"])
    page = HubPage.objects.filter(hub=hub).first()
    if page is not None and (hub.slug != before.slug or hub.name != before.name):
        _carry_identity_to_page(page)
    log(instance=hub, action="wagtail.edit", user=user)
    return hub


def _carry_identity_to_page(page: HubPage) -> None:
    # HubPage.save() takes the hub's name and slug; Page.save() rewrites the url_path of the
    # page and its descendants and sends page_slug_changed, from which wagtail.contrib.redirects
    # creates the redirects. Revisions, a pending draft included, are read with the hub's
    # identity (HubPage.with_content_json), so publishing one later does not undo the change.
    page.draft_title = page.hub.name
    page.save(clean=False)


def hub_content(hub: Hub) -> list[str]:
    """What keeps ``hub`` from being deleted: content beyond its empty section, in French."""
    reasons = []
    page = HubPage.objects.filter(hub=hub).first()
    if page is not None:
        skeleton = Page.objects.child_of(page).filter(
            slug__in=[slug for _class, _title, slug in HUB_INDEXES]
        )
        pages = Page.objects.descendant_of(page).exclude(pk__in=skeleton.values("pk"))
        if count := pages.count():
            reasons.append(_("%(count)d page(s) dans sa section") % {"count": count})
    if hub.collection_id:
        collections = Collection.objects.descendant_of(hub.collection, inclusive=True)
        for model, label in (
            (get_image_model(), _("%(count)d image(s)")),
            (get_document_model(), _("%(count)d document(s)")),
        ):
            if count := model.objects.filter(collection__in=collections).count():
                reasons.append(label % {"count": count})
        if count := collections.count() - 1:
            reasons.append(_("%(count)d sous-collection(s) de médias") % {"count": count})
    for relation in Hub._meta.related_objects:
        if relation.name in {"page", "departements"} or relation.related_model is HubPage:
            continue
        if relation.one_to_one or relation.one_to_many or relation.many_to_many:
            manager = relation.related_model._base_manager
            if count := manager.filter(**{relation.field.name: hub}).count():
                reasons.append(
                    _("%(count)d objet(s) « %(model)s »")
                    % {"count": count, "model": relation.related_model._meta.verbose_name}
                )
    return reasons


@transaction.atomic
def delete_hub(*, hub: Hub, user=None) -> None:
    """Delete an empty hub with its section, group and collection; free its départements.

    A hub that still has content (pages, media, objects of other apps) is refused with the
    list of what it holds: deleting a hub must never delete work by accident, so its content
    is removed or moved first. Its coordinators keep their accounts.
    """
    if user is not None and not can_delete_hub(user, hub):
        raise PermissionDenied
    hub = Hub.objects.select_for_update().get(pk=hub.pk)
    if reasons := hub_content(hub):
        raise ValidationError(
            _("Le hub %(hub)s ne peut pas être supprimé : il contient encore %(content)s.")
            % {"hub": hub, "content": ", ".join(reasons)},
            code="hub_not_empty",
        )
    log(instance=hub, action="wagtail.delete", user=user)
    Departement.objects.filter(hub=hub).update(hub=None)
    page = HubPage.objects.filter(hub=hub).first()
    if page is not None:
        with hub_section_removal():
            page.delete()
    group, collection = hub.group, hub.collection
    hub.delete()
    if group is not None:
        group.delete()
    if collection is not None:
        collection.delete()
