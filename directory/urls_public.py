from django.urls import path

from directory import views, views_confirmation, views_coverage, views_venue

app_name = "finder"

urlpatterns = [
    path("lieux/", views.finder, name="index"),
    path("lieux/carte/", views.finder_map, name="map"),
    path("lieux/couverture/", views_coverage.national_coverage, name="coverage"),
    path(
        "lieux/couverture/communes.csv",
        views_coverage.national_coverage_csv,
        name="coverage_csv",
    ),
    path("lieux/couverture/<slug:slug>/", views_coverage.hub_coverage, name="hub_coverage"),
    path(
        "lieux/couverture/<slug:slug>/communes.csv",
        views_coverage.hub_coverage_csv,
        name="hub_coverage_csv",
    ),
    path("lieux/<int:pk>/", views_venue.venue_short, name="venue_short"),
    path("lieux/<int:pk>-<slug:slug>/", views_venue.venue_detail, name="venue"),
    path("lieux/<int:pk>-<slug:slug>/signaler/", views_venue.venue_report, name="report"),
    path("lieux/confirmer/<str:token>/", views_confirmation.confirm, name="confirm"),
    path(
        "lieux/confirmer/<str:token>/desabonnement/",
        views_confirmation.unsubscribe,
        name="confirm_unsubscribe",
    ),
]
