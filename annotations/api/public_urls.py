"""URL map of /api/v1/public/: published fact-checks for anyone, read-only."""

from django.urls import URLPattern, path

from annotations.api import public_views

urlpatterns: list[URLPattern] = [
    path("fact-checks/", public_views.FactCheckListView.as_view(), name="public-fact-check-list"),
    path(
        "fact-checks/export.csv",
        public_views.FactCheckCSVExportView.as_view(),
        name="public-fact-check-export-csv",
    ),
    path(
        "fact-checks/export.jsonl",
        public_views.FactCheckJSONLinesExportView.as_view(),
        name="public-fact-check-export-jsonl",
    ),
    path("fact-checks/<int:claim_id>/", public_views.FactCheckDetailView.as_view(), name="public-fact-check-detail"),
    path(
        "fact-checks/<int:claim_id>/claim-review/",
        public_views.ClaimReviewDetailView.as_view(),
        name="public-claim-review-detail",
    ),
    path("claim-reviews/", public_views.ClaimReviewListView.as_view(), name="public-claim-review-list"),
    path("corrections/", public_views.CorrectionsLogView.as_view(), name="public-corrections"),
]
