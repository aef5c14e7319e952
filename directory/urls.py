from django.urls import include, path

urlpatterns = [
    path("", include("directory.urls_public")),
    path("", include("directory.urls_opendata")),
    path("api/", include("directory.urls_api")),
]
