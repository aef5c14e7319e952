"""The likely duplicates in the admin: the list of open pairs of the user's hubs with their
score and reasons, a side-by-side comparison with the merge form (a radio button per field)
and the dismissal, and a new search on demand. Built on ``HubScopedViewSet``: a pair of
another hub answers 404 on every URL."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from django_filters import ModelChoiceFilter
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin

from directory import duplicate_services
from directory.forms_merge import MergeForm
from directory.models import DuplicatePair, PairStatus, Venue
from directory.permissions import can_manage_venues
from hubsite.admin_views import HubScopedViewSet
from hubsite.models import Hub


class DuplicateFilterSet(WagtailFilterSet):
    hub = ModelChoiceFilter(
        label=gettext_lazy("Hub"), field_name="first__departement__hub", queryset=Hub.objects.all()
    )

    class Meta:
        model = DuplicatePair
        fields = []


def _reasons(pair: DuplicatePair) -> str:
    return ", ".join(pair.reasons)


def _commune(pair: DuplicatePair) -> str:
    return pair.first.commune_name


class DuplicateIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().open().select_related("first", "second")


class DuplicateCompareView(WagtailAdminTemplateMixin, FormView):
    """GET: the two venues side by side and the merge form; POST: merge, or dismiss."""

    model = DuplicatePair
    template_name = "directory/admin/duplicate_compare.html"
    header_icon = "copy"
    index_url_name = None
    page_title = gettext_lazy("Doublon probable")

    def get_object(self):
        pair = (
            DuplicatePair.objects.select_related("first", "second")
            .filter(pk=self.kwargs["pk"], status=PairStatus.OPEN, second__isnull=False)
            .first()
        )
        if pair is None:
            raise Http404
        return pair

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("duplicates:index"), "label": _("Doublons probables")},
            {"url": "", "label": str(self.object)},
        ]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "first": self.object.first,
            "second": self.object.second,
        }

    def get_form_class(self):
        return MergeForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pair"] = self.object
        context["venues"] = (self.object.first, self.object.second)
        context["index_url"] = reverse("duplicates:index")
        return context

    def post(self, request, *args, **kwargs):
        if "dismiss" in request.POST:
            try:
                duplicate_services.dismiss_pair(pair=self.object, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Paire écartée : elle ne sera plus proposée."))
            return redirect("duplicates:index")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            survivor = duplicate_services.merge_pair(
                pair=self.object,
                keep=form.cleaned_data["keep"],
                choices=form.choices(),
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Lieux fusionnés en « %(name)s ».") % {"name": survivor.name}
        )
        return redirect("venues:inspect", survivor.pk)


class RefreshDuplicatesView(View):
    """Search the user's hubs' communes for duplicates again, in the background (POST)."""

    http_method_names = ["post"]

    def post(self, request):
        if not can_manage_venues(request.user):
            raise PermissionDenied
        communes = (
            Venue.objects.visible_to(request.user)
            .exclude(commune__isnull=True)
            .values_list("commune_id", flat=True)
            .distinct()
        )
        duplicate_services.queue_refresh(communes=list(communes))
        messages.success(request, _("Recherche des doublons lancée."))
        return redirect("duplicates:index")


class DuplicateViewSet(HubScopedViewSet):
    model = DuplicatePair
    name = "duplicates"
    icon = "copy"
    menu_label = gettext_lazy("Doublons probables")
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    # A pair is no content that references a venue: the venue's usage page does not list it.
    add_to_reference_index = False
    index_view_class = DuplicateIndexView
    index_template_name = "directory/admin/duplicate_index.html"
    list_per_page = 50
    filterset_class = DuplicateFilterSet
    list_display = [
        Column("first", label=gettext_lazy("Lieu"), accessor="first"),
        Column("second", label=gettext_lazy("Doublon probable de"), accessor="second"),
        Column("commune", label=gettext_lazy("Commune"), accessor=_commune),
        Column("score", label=gettext_lazy("Score"), sort_key="score"),
        Column("reasons", label=gettext_lazy("Raisons"), accessor=_reasons),
    ]

    def get_common_view_kwargs(self, **kwargs):
        # The pairs have no add, edit, delete, history or usage view: the listing's links lead
        # to the comparison instead.
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=self.get_url_name("compare"),
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("compare")
        return finder

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.construct_view(DuplicateCompareView), name="compare"),
            path("refresh/", self.construct_view(RefreshDuplicatesView), name="refresh"),
        ]


duplicate_viewset = DuplicateViewSet()
