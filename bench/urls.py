"""The project's urls plus the bench's fixed-size baseline at /bench/fixed/."""

from django.urls import URLPattern, URLResolver, include, path

from bench.views import FixedView

urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/fixed/", FixedView.as_view(), name="bench-fixed"),
    path("", include("factcheck.urls")),
]
