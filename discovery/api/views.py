"""Reference-discovery API views: validate, fetch with an access check, call one service, serialize."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.editorial_views import EDITORS, ERRORS, access_claim
from discovery import queries, services
from discovery.api import serializers as s
from discovery.models import ReferenceSuggestion
from discovery.queries import DEFAULT_STATES

CONFLICT = {409: OpenApiResponse(description="Attached already.")}


def _user(request: Request) -> Any:
    return request.user if request.user.is_authenticated else None


def access_suggestion(suggestion_id: int) -> ReferenceSuggestion:
    return get_object_or_404(queries.suggestions_for_api(), pk=suggestion_id)


class ClaimReferenceSuggestions(APIView):
    permission_classes = EDITORS

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "state",
                str,
                many=True,
                enum=["suggested", "attached", "dismissed"],
                description="Repeatable; default suggested and attached.",
            )
        ],
        responses={200: s.ClaimDiscoverySerializer, **ERRORS},
        description="Each provider's search (searching, done, failed with a message) and the suggestions, best first.",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        wanted = s.SuggestionListQuerySerializer(data=request.query_params)
        wanted.is_valid(raise_exception=True)
        states = wanted.validated_data.get("state") or DEFAULT_STATES
        return Response(s.ClaimDiscoverySerializer(queries.claim_discovery(claim=claim, states=states)).data)


class ClaimReferenceSuggestionsRefresh(APIView):
    permission_classes = EDITORS

    @extend_schema(
        request=s.RefreshSerializer,
        responses={202: s.ClaimDiscoverySerializer, **ERRORS},
        description="Search again (every enabled provider, or the ones named); workers run the searches.",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        data = s.RefreshSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.reference_search_request(claim=claim, providers=data.validated_data.get("providers"))
        return Response(
            s.ClaimDiscoverySerializer(queries.claim_discovery(claim=claim)).data, status=status.HTTP_202_ACCEPTED
        )


class ReferenceSuggestionAttach(APIView):
    permission_classes = EDITORS

    @extend_schema(
        request=s.AttachSerializer,
        responses={201: s.AttachResultSerializer, **CONFLICT, **ERRORS},
        description="Make the suggestion a source of its claim; a worker fetches it like any other source.",
    )
    def post(self, request: Request, suggestion_id: int) -> Response:
        suggestion = access_suggestion(suggestion_id)
        data = s.AttachSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        source = services.reference_suggestion_attach(
            suggestion=suggestion, actor=_user(request), **data.validated_data
        )
        return Response(
            s.AttachResultSerializer({"suggestion": suggestion, "source": source}).data, status=status.HTTP_201_CREATED
        )


class ReferenceSuggestionDismiss(APIView):
    permission_classes = EDITORS

    @extend_schema(
        request=None,
        responses={200: s.ReferenceSuggestionSerializer, **CONFLICT, **ERRORS},
        description="Hide the suggestion; searching again will not bring it back.",
    )
    def post(self, request: Request, suggestion_id: int) -> Response:
        suggestion = services.reference_suggestion_dismiss(
            suggestion=access_suggestion(suggestion_id), actor=_user(request)
        )
        return Response(s.ReferenceSuggestionSerializer(suggestion).data)
