"""URL map of the public HTML pages: one per published fact-check, and the corrections log."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
