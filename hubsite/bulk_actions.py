"""Wagtail's bulk actions, kept to the objects their user may act on.

Wagtail's confirmation page lists, by name, every object whose id is in the URL and that the
user may not act on, and ``?id=all`` takes every object of the model: a coordinator would
read the titles of every hub's drafts, images and documents. Here an action considers only
the objects of the user's own scope (``hubsite.permissions.bulk_action_scope``): another id is
dropped without being named, and a URL with none left answers 404, as for an id that does not
exist, so that nothing tells which ids exist either.
"""

from django.http import Http404
from wagtail.admin.views.pages import bulk_actions as page_actions
from wagtail.documents.views import bulk_actions as document_actions
from wagtail.images.views import bulk_actions as image_actions
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as DeleteSnippets

from hubsite.permissions import bulk_action_scope


class ScopedBulkActionMixin:
    """Put before a ``BulkAction`` class: only the user's own objects are considered."""

    # Wagtail declares ``get_queryset`` as a class method but calls it on the view; this one
    # needs the request's user.
    def get_queryset(self, model, object_ids):
        objects = list(bulk_action_scope(self.request.user, model).filter(pk__in=object_ids))
        if not objects:
            raise Http404
        return objects


def scoped(action_class: type) -> type:
    return type(action_class.__name__, (ScopedBulkActionMixin, action_class), {})


# Wagtail's own bulk actions for pages, images, documents and snippets, registered again,
# scoped, after Wagtail's (``hubsite.wagtail_hooks``). Users' bulk actions are for the
# national team only.
SCOPED_BULK_ACTIONS = [
    scoped(action_class)
    for action_class in (
        page_actions.DeleteBulkAction,
        page_actions.MoveBulkAction,
        page_actions.PublishBulkAction,
        page_actions.UnpublishBulkAction,
        image_actions.DeleteBulkAction,
        image_actions.AddTagsBulkAction,
        image_actions.AddToCollectionBulkAction,
        document_actions.DeleteBulkAction,
        document_actions.AddTagsBulkAction,
        document_actions.AddToCollectionBulkAction,
        DeleteSnippets,
    )
]
