"""URL map of the public HTML pages: one per published fact-check, and the corrections log."""

from django.urls import URLPattern, path

from annotations import public_views

urlpatterns: list[URLPattern] = [
    path("fact-checks/<int:claim_id>/", public_views.fact_check_page, name="public-fact-check"),
    path("corrections/", public_views.corrections_page, name="public-corrections-page"),
]
