"""URL map of the suggestions API, included under /api/v1/."""

from django.urls import path

from suggestions.api import views as v

urlpatterns = [
    path("articles/<int:article_id>/suggestions/", v.ArticleSuggestions.as_view(), name="api-article-suggestions"),
    path("suggestions/<int:suggestion_id>/accept/", v.SuggestionAccept.as_view(), name="api-suggestion-accept"),
    path("suggestions/<int:suggestion_id>/dismiss/", v.SuggestionDismiss.as_view(), name="api-suggestion-dismiss"),
    path("claims/<int:claim_id>/matches/", v.ClaimMatches.as_view(), name="api-claim-matches"),
    path(
        "claims/<int:claim_id>/matches/<int:matched_id>/reject/",
        v.ClaimMatchReject.as_view(),
        name="api-claim-match-reject",
    ),
    path(
        "claims/<int:claim_id>/matches/<int:matched_id>/restore/",
        v.ClaimMatchRestore.as_view(),
        name="api-claim-match-restore",
    ),
]
