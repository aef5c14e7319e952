from django.urls import path

from directory import views

app_name = "finder"

urlpatterns = [
    path("lieux/", views.finder, name="index"),
    path("lieux/carte/", views.finder_map, name="map"),
    path("lieux/<int:pk>/", views.venue_short, name="venue_short"),
    path("lieux/<int:pk>-<slug:slug>/", views.venue_detail, name="venue"),
    path("lieux/<int:pk>-<slug:slug>/signaler/", views.venue_report, name="report"),
]
