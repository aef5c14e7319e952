from django.urls import path

from directory import api

app_name = "directory_api"

urlpatterns = [
    path("venues.geojson", api.venues_geojson, name="venues_geojson"),
    path("venues/nearest", api.venues_nearest, name="venues_nearest"),
]
