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
from annotations.models import Claim
from suggestions import queries, services
from suggestions.api import serializers as s
from suggestions.models import ClaimMatch, Suggestion, SuggestionState

EDITORS = [IsAuthenticated & IsAnnotator]
CONFLICT = {409: OpenApiResponse(description="Already decided, or the article text no longer holds the quote.")}
STALE_MATCH = {409: OpenApiResponse(description="The claim was matched again meanwhile and the match is gone.")}


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


def _matches_response(claim: Claim, matches: list[ClaimMatch]) -> list[Any]:
    differences = services.claim_match_differences(claim=claim, matched=[match.matched for match in matches])
    return list(s.ClaimMatchSerializer(matches, many=True, context={"differences": differences}).data)


def access_match(claim: Claim, matched_id: int, *, rejected: bool) -> ClaimMatch:
    return get_object_or_404(queries.matches_of_claim(claim=claim, rejected=rejected), matched_id=matched_id)


class ClaimMatches(APIView):
    permission_classes = EDITORS

    @extend_schema(
        parameters=[s.MatchListQuerySerializer],
        responses={200: s.ClaimMatchSerializer(many=True), **ERRORS},
        description="Earlier claims and published fact-checks that say what this claim says, best first "
        "(with rejected=true, those an editor said are other claims).",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        wanted = s.MatchListQuerySerializer(data=request.query_params)
        wanted.is_valid(raise_exception=True)
        matches = list(queries.matches_of_claim(claim=claim, rejected=wanted.validated_data["rejected"]))
        return Response(_matches_response(claim, matches))


class ClaimMatchReject(APIView):
    permission_classes = EDITORS

    @extend_schema(
        request=None,
        responses={200: s.ClaimMatchSerializer, **STALE_MATCH, **ERRORS},
        description="Not the same claim: the earlier claim is no longer listed as a match, nor after matching "
        "the claim again. 404 when it is not a match of the claim; rejecting twice changes nothing.",
    )
    def post(self, request: Request, claim_id: int, matched_id: int) -> Response:
        claim = access_claim(claim_id)
        match = get_object_or_404(ClaimMatch, claim=claim, matched_id=matched_id)
        services.claim_match_reject(match=match, actor=_user(request))
        (shown,) = _matches_response(claim, [access_match(claim, matched_id, rejected=True)])
        return Response(shown)


class ClaimMatchRestore(APIView):
    permission_classes = EDITORS

    @extend_schema(
        request=None,
        responses={200: s.ClaimMatchSerializer, **STALE_MATCH, **ERRORS},
        description="Undo a rejection: the earlier claim is listed as a match again. Restoring a match that was "
        "not rejected changes nothing.",
    )
    def post(self, request: Request, claim_id: int, matched_id: int) -> Response:
        claim = access_claim(claim_id)
        match = get_object_or_404(ClaimMatch, claim=claim, matched_id=matched_id)
        services.claim_match_restore(match=match)
        (shown,) = _matches_response(claim, [access_match(claim, matched_id, rejected=False)])
        return Response(shown)
