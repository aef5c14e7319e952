"""Each organisation's own media library: a collection under « Médiathèque des médiateurs »
and a group of the organisation's members holding Wagtail's media permissions on it.

A mediator's choosers and uploads are then their organisations' collections only, by
Wagtail's own collection permissions: another organisation's drafts, evaluation reports or
photos are never offered to them. The national team keeps its rights on every collection.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Collection

from hubsite.role_services import grant_collection_permissions, role_collection
from hubsite.roles import MEDIA_PERMISSIONS
from projects.models import Membership, Organisation

# The parent of every organisation's collection.
LIBRARY = "Médiathèque des médiateurs"


def group_name(organisation: Organisation) -> str:
    return f"Organisation {organisation.pk} : médiathèque"


@transaction.atomic
def media_of(given: Organisation) -> tuple[Collection, Group]:
    """The organisation's collection and members' group, created (and granted) if missing;
    ``given`` is updated too."""
    organisation = Organisation.objects.select_for_update().get(pk=given.pk)
    changed = []
    if organisation.collection_id is None:
        library = role_collection(LIBRARY)
        organisation.collection = library.add_child(
            instance=Collection(name=organisation.name[:255])
        )
        changed.append("collection")
    if organisation.media_group_id is None:
        organisation.media_group, _created = Group.objects.get_or_create(
            name=group_name(organisation)
        )
        changed.append("media_group")
    if changed:
        organisation.save(update_fields=changed)
        grant_collection_permissions(
            organisation.media_group, organisation.collection, MEDIA_PERMISSIONS, exclusive=True
        )
    given.collection, given.media_group = organisation.collection, organisation.media_group
    return organisation.collection, organisation.media_group


def sync_member(organisation: Organisation, user) -> None:
    """Put ``user`` in the organisation's media group if a member, take them out if not."""
    _collection, group = media_of(organisation)
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)
