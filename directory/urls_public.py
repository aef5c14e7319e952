from django.urls import path

from directory import views, views_confirmation

app_name = "finder"

urlpatterns = [
    path("lieux/", views.finder, name="index"),
    path("lieux/carte/", views.finder_map, name="map"),
    path("lieux/<int:pk>/", views.venue_short, name="venue_short"),
    path("lieux/<int:pk>-<slug:slug>/", views.venue_detail, name="venue"),
    path("lieux/<int:pk>-<slug:slug>/signaler/", views.venue_report, name="report"),
    path("lieux/confirmer/<str:token>/", views_confirmation.confirm, name="confirm"),
    path(
        "lieux/confirmer/<str:token>/desabonnement/",
        views_confirmation.unsubscribe,
        name="confirm_unsubscribe",
    ),
]
