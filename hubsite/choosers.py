"""Wagtail's page chooser, showing a user only the pages they may choose.

``hubsite.permissions.choosable_pages`` is the rule: a coordinator's own pages and the
published public ones. The ``construct_page_chooser_queryset`` hook (``hubsite.wagtail_hooks``)
scopes the listings and the search; the views here, served at Wagtail's own chooser URLs
(``hubsite.urls``), also refuse to browse into a hidden page, take no hidden id, and show
another hub's pages under their published title.
"""

from django.http import Http404
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns

from hubsite.models.pages import chooser_viewer
from hubsite.permissions import choosable_pages, is_own_page


class ChooserViewer:
    """What the chooser's user may know of a page (``hubsite.models.pages.chooser_viewer``)."""

    def __init__(self, user):
        self.user = user

    def is_own(self, page) -> bool:
        return is_own_page(self.user, page)

    def children_count(self, page) -> int:
        return choosable_pages(self.user).child_of(page).count()


class PublicTitlesMixin:
    """While the view answers, a page outside the user's own shows its published title and
    counts only the children the user may choose."""

    def dispatch(self, request, *args, **kwargs):
        token = chooser_viewer.set(ChooserViewer(request.user))
        try:
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):  # a TemplateResponse renders here, not later
                response.render()
            return response
        finally:
            chooser_viewer.reset(token)


class BrowseView(PublicTitlesMixin, chooser.BrowseView):
    def get(self, request, parent_page_id=None):
        pages = choosable_pages(request.user)
        if parent_page_id:
            if not pages.filter(pk=parent_page_id).exists():
                raise Http404
        elif page_type := request.GET.get("page_type"):
            # Wagtail opens at the page above every page of the type in the whole tree, which
            # may be another hub's draft: open above those the user may choose instead.
            try:
                page_types = chooser.page_models_from_string(page_type)
            except (ValueError, LookupError) as error:
                raise Http404 from error
            above = pages.type(*page_types).first_common_ancestor()
            deepest = pages.ancestor_of(above, inclusive=True).order_by("-depth").first()
            parent_page_id = (deepest or Page.get_first_root_node()).pk
        return super().get(request, parent_page_id)


class SpecificParentColumn(chooser.ParentPageColumn):
    # The specific parent, whose title follows PublicTitlesMixin.
    def get_value(self, instance):
        parent = super().get_value(instance)
        return parent.specific if parent is not None else None


class SearchView(PublicTitlesMixin, chooser.SearchView):
    @property
    def columns(self):
        return [
            SpecificParentColumn(column.name, label=column.label)
            if isinstance(column, chooser.ParentPageColumn)
            else column
            for column in super().columns
        ]


class ChosenMultipleView(PublicTitlesMixin, chooser.ChosenMultipleView):
    def get(self, request):
        request.GET = request.GET.copy()
        ids = request.GET.getlist("id")
        visible = choosable_pages(request.user).filter(pk__in=[pk for pk in ids if pk.isdigit()])
        request.GET.setlist("id", [str(pk) for pk in visible.values_list("pk", flat=True)])
        return super().get(request)


# At Wagtail's own chooser URLs; hubsite.urls puts them before Wagtail's.
urlpatterns = decorate_urlpatterns(
    [
        path("choose-page/", BrowseView.as_view(), name="hubsite_choose_page"),
        path(
            "choose-page/<int:parent_page_id>/",
            BrowseView.as_view(),
            name="hubsite_choose_page_child",
        ),
        path("choose-page/search/", SearchView.as_view(), name="hubsite_choose_page_search"),
        path(
            "choose-page/chosen-multiple/",
            ChosenMultipleView.as_view(),
            name="hubsite_choose_page_chosen_multiple",
        ),
    ],
    require_admin_access,
)
