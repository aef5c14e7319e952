"""Wagtail's admin reports, kept to their user's own pages.

The page-types report counts the pages of each type and names the one edited last, over the
whole tree: a coordinator would learn how many pages the other hubs have and the title of
their latest draft. Here both are of the user's own pages (``hubsite.permissions.own_pages``);
the national team's own pages are all of them.
"""

from django.db.models import Count, F
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports import page_types_usage
from wagtail.models import Page
from wagtail.utils.urlpatterns import decorate_urlpatterns

from hubsite.permissions import own_pages


class PageTypesUsageReportView(page_types_usage.PageTypesUsageReportView):
    def own_pages(self):
        pages = Page.objects.filter(pk__in=own_pages(self.request.user).values("pk"))
        filters = self.filters.form.cleaned_data if self.filters else {}
        if language_code := filters.get("page_locale"):
            pages = pages.filter(locale__language_code=language_code)
        if site_root_path := filters.get("site"):
            pages = pages.filter(path__startswith=site_root_path)
        return pages

    def decorate_paginated_queryset(self, page_types):
        pages = self.own_pages()
        counts = dict(pages.order_by().values_list("content_type").annotate(count=Count("pk")))
        latest_first = (F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
        page_types = list(page_types)
        for page_type in page_types:
            page_type.count = counts.get(page_type.pk, 0)
            page_type.last_edited_page_id = (
                pages.filter(content_type=page_type.pk)
                .order_by(*latest_first)
                .values_list("pk", flat=True)
                .first()
            )
        page_types.sort(key=lambda page_type: (-page_type.count, page_type.app_label))
        return super().decorate_paginated_queryset(page_types)


# At Wagtail's own report URLs; hubsite.urls puts them before Wagtail's.
urlpatterns = decorate_urlpatterns(
    [
        path(
            "reports/page-types-usage/",
            PageTypesUsageReportView.as_view(),
            name="hubsite_page_types_usage",
        ),
        path(
            "reports/page-types-usage/results/",
            PageTypesUsageReportView.as_view(results_only=True),
            name="hubsite_page_types_usage_results",
        ),
    ],
    require_admin_access,
)
