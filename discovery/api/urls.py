"""URL map of the reference-discovery API (authenticated editors)."""

from django.urls import path

from discovery.api import views as v

urlpatterns = [
    path(
        "claims/<int:claim_id>/reference-suggestions/",
        v.ClaimReferenceSuggestions.as_view(),
        name="api-claim-reference-suggestions",
    ),
    path(
        "claims/<int:claim_id>/reference-suggestions/refresh/",
        v.ClaimReferenceSuggestionsRefresh.as_view(),
        name="api-claim-reference-suggestions-refresh",
    ),
    path(
        "reference-suggestions/<int:suggestion_id>/attach/",
        v.ReferenceSuggestionAttach.as_view(),
        name="api-reference-suggestion-attach",
    ),
    path(
        "reference-suggestions/<int:suggestion_id>/dismiss/",
        v.ReferenceSuggestionDismiss.as_view(),
        name="api-reference-suggestion-dismiss",
    ),
]
