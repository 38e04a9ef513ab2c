"""Suggestions API views: validate the request, fetch with an access check, call one service, serialize."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api import editorial_serializers as annotation_serializers
from annotations.api.editorial_views import ERRORS, Pagination, access_article, access_claim
from annotations.api.permissions import IsAnnotator
from suggestions import queries, services
from suggestions.api import serializers as s
from suggestions.models import Suggestion, SuggestionState

EDITORS = [IsAuthenticated & IsAnnotator]
CONFLICT = {409: OpenApiResponse(description="Already decided, or the article text no longer holds the quote.")}


def _user(request: Request) -> Any:
    return request.user if request.user.is_authenticated else None


def access_suggestion(suggestion_id: int) -> Suggestion:
    return get_object_or_404(queries.suggestions_for_api(), pk=suggestion_id)


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter(
                "state",
                str,
                enum=SuggestionState.values,
                description="open (default): on the current text, best first; accepted or dismissed.",
            )
        ],
        responses={200: s.SuggestionSerializer(many=True), **ERRORS},
        description="Check-worthy spans a worker proposed for the article's current text, best first.",
    )
)
class ArticleSuggestions(generics.ListAPIView[Suggestion]):
    permission_classes = EDITORS
    serializer_class = s.SuggestionSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Suggestion]:
        article = access_article(self.kwargs["article_id"])
        wanted = s.SuggestionListQuerySerializer(data=self.request.query_params)
        wanted.is_valid(raise_exception=True)
        return queries.suggestions_of_article(article=article, state=wanted.validated_data["state"])


class SuggestionAccept(APIView):
    permission_classes = EDITORS

    @extend_schema(
        request=s.SuggestionAcceptSerializer,
        responses={201: annotation_serializers.ClaimSerializer, **CONFLICT, **ERRORS},
        description="Make the suggestion a claim on the same span; answers the claim.",
    )
    def post(self, request: Request, suggestion_id: int) -> Response:
        suggestion = access_suggestion(suggestion_id)
        data = s.SuggestionAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = services.suggestion_accept(suggestion=suggestion, actor=_user(request), **data.validated_data)
        return Response(
            annotation_serializers.ClaimSerializer(access_claim(claim.pk)).data, status=status.HTTP_201_CREATED
        )


class SuggestionDismiss(APIView):
    permission_classes = EDITORS

    @extend_schema(
        request=None,
        responses={200: s.SuggestionSerializer, **CONFLICT, **ERRORS},
        description="Dismiss the suggestion; later revisions of the article do not propose its quote again.",
    )
    def post(self, request: Request, suggestion_id: int) -> Response:
        services.suggestion_dismiss(suggestion=access_suggestion(suggestion_id), actor=_user(request))
        return Response(s.SuggestionSerializer(access_suggestion(suggestion_id)).data)


class ClaimMatches(APIView):
    permission_classes = EDITORS

    @extend_schema(
        responses={200: s.ClaimMatchSerializer(many=True), **ERRORS},
        description="Earlier claims and published fact-checks that say what this claim says, best first.",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        matches = list(queries.matches_of_claim(claim=claim))
        differences = services.claim_match_differences(claim=claim, matched=[match.matched for match in matches])
        return Response(s.ClaimMatchSerializer(matches, many=True, context={"differences": differences}).data)
