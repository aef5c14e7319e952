from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from hubsite import choosers, reports, views

urlpatterns = [
    # The page chooser and the page-types report, scoped to their user, in place of Wagtail's.
    path("admin/", include(choosers.urlpatterns)),
    path("admin/", include(reports.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", views.search, name="search"),
    path("courriels/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("", include("funding.urls")),
    # An event's iCalendar file: Wagtail's page URLs cannot end with a file name.
    re_path(r"^((?:[\w\-]+/)+)calendrier\.ics$", views.event_calendar, name="event_calendar"),
    path("", include("directory.urls")),
    path("espace/", include("projects.urls_account")),
    path("", include("projects.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "hubsite.views.page_not_found"
handler500 = "hubsite.views.server_error"
