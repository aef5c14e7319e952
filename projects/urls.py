from django.urls import path

from projects import views, views_expert, views_opendata, views_take_up

app_name = "solutions"

urlpatterns = [
    path("solutions/", views.catalogue, name="index"),
    path("solutions/donnees/", views_opendata.opendata_page, name="opendata"),
    path("solutions/donnees/solutions.csv", views_opendata.solutions_csv, name="opendata_csv"),
    path("solutions/donnees/solutions.json", views_opendata.solutions_json, name="opendata_json"),
    path("solutions/donnees/schema.json", views_opendata.schema_json, name="opendata_schema"),
    path("api/solutions.json", views_opendata.solutions_json, name="api_json"),
    path("solutions/<slug:slug>/", views.solution_detail, name="detail"),
    path("solutions/<slug:slug>/deployer/", views_take_up.take_up, name="take_up"),
    path(
        "solutions/<slug:slug>/deployer/merci/<str:token>/",
        views_take_up.take_up_done,
        name="take_up_done",
    ),
    path("avis-expert/<str:token>/", views_expert.expert_opinion, name="expert_opinion"),
]
