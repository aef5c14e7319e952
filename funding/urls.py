from django.urls import path

from funding.views_feeds import calendar_feed

urlpatterns = [
    path("financements/calendrier/<str:token>.ics", calendar_feed, name="funding_calendar_feed"),
]
