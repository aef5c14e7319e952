from django.urls import path

from directory import views_opendata

urlpatterns = [
    path("lieux/donnees-ouvertes/", views_opendata.opendata_page, name="directory_opendata"),
    path(
        "lieux/donnees-ouvertes/lieux.csv", views_opendata.venues_csv, name="directory_opendata_csv"
    ),
    path(
        "lieux/donnees-ouvertes/lieux.json",
        views_opendata.venues_json,
        name="directory_opendata_json",
    ),
    path(
        "lieux/donnees-ouvertes/schema.json",
        views_opendata.schema_json,
        name="directory_opendata_schema",
    ),
]
