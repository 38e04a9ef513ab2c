"""URL map of /api/v1/public/: published fact-checks for anyone, read-only."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
