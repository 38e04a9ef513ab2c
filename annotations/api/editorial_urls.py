"""URL map of the editorial API (authenticated)."""

from django.urls import path

from annotations.api import editorial_views as v

urlpatterns = [
    path("auth/token/", v.TokenCreate.as_view(), name="api-token"),
    path("articles/", v.ArticleListCreate.as_view(), name="api-articles"),
    path("articles/<int:article_id>/", v.ArticleDetail.as_view(), name="api-article"),
    path("articles/<int:article_id>/claims/", v.ArticleClaims.as_view(), name="api-article-claims"),
    path("claims/", v.ClaimList.as_view(), name="api-claims"),
    path("claims/<int:claim_id>/", v.ClaimDetail.as_view(), name="api-claim"),
    path("claims/<int:claim_id>/sources/", v.ClaimSources.as_view(), name="api-claim-sources"),
    path("claims/<int:claim_id>/verdict/", v.ClaimVerdict.as_view(), name="api-claim-verdict"),
    path("claims/<int:claim_id>/transitions/", v.ClaimTransitions.as_view(), name="api-claim-transitions"),
    path("claims/<int:claim_id>/history/", v.ClaimHistory.as_view(), name="api-claim-history"),
    path("claims/<int:claim_id>/comments/", v.ClaimComments.as_view(), name="api-claim-comments"),
    path("sources/<int:source_id>/", v.SourceDetail.as_view(), name="api-source"),
    path("sources/<int:source_id>/refetch/", v.SourceRefetch.as_view(), name="api-source-refetch"),
    path("article-imports/<int:import_id>/", v.ArticleImportDetail.as_view(), name="api-article-import"),
    path("ratings/", v.RatingList.as_view(), name="api-ratings"),
    path("annotations/", v.ArticleAnnotations.as_view(), name="api-annotations"),
]
