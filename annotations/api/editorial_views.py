"""Editorial API views: validate the request, fetch with an access check, call one service, serialize."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import fetching, queries, services, w3c, workflow
from annotations.api import editorial_serializers as s
from annotations.api.permissions import IsAdmin, IsAnnotator
from annotations.errors import ApplicationError
from annotations.models import Article, ArticleImport, Claim, ClaimState, Comment, Rating, Source

EDITORS = [IsAuthenticated & IsAnnotator]
ERRORS = {
    400: OpenApiResponse(description='Bad input: {"field": ["reason"]}'),
    401: OpenApiResponse(description="Not logged in."),
    403: OpenApiResponse(description="Your role does not allow this."),
    404: OpenApiResponse(description="No such object."),
}


class Pagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def _user(request: Request) -> Any:
    return request.user if request.user.is_authenticated else None


def access_article(article_id: int) -> Article:
    return get_object_or_404(queries.articles_for_api(), pk=article_id)


def access_claim(claim_id: int) -> Claim:
    return get_object_or_404(queries.claims_for_api(), pk=claim_id)


# --- Articles -----------------------------------------------------------------------------


@extend_schema_view(get=extend_schema(responses={200: s.ArticleListSerializer(many=True), **ERRORS}))
class ArticleListCreate(generics.ListAPIView[Article]):
    permission_classes = EDITORS
    serializer_class = s.ArticleListSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Article]:
        return queries.articles_for_api()

    @extend_schema(
        request=s.ArticleCreateSerializer,
        responses={
            201: s.ArticleDetailSerializer,
            202: s.ArticleImportSerializer,
            413: OpenApiResponse(description="Text too large."),
            **ERRORS,
        },
        description="With title and body: the article, at once. With only a url: 202 and an import a worker runs.",
    )
    def post(self, request: Request) -> Response:
        if isinstance(request.data, dict) and set(request.data) == {"url"}:
            wanted = s.ArticleImportRequestSerializer(data=request.data)
            wanted.is_valid(raise_exception=True)
            article_import = fetching.article_import_request(
                url=wanted.validated_data["url"], requested_by=_user(request)
            )
            return Response(
                s.ArticleImportSerializer(article_import).data,
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": reverse("api-article-import", args=[article_import.pk])},
            )
        data = s.ArticleCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        article = services.article_create(created_by=_user(request), **data.validated_data)
        return Response(s.ArticleDetailSerializer(access_article(article.pk)).data, status=status.HTTP_201_CREATED)


class ArticleDetail(APIView):
    def get_permissions(self) -> list[Any]:
        return [
            permission() for permission in ([IsAuthenticated & IsAdmin] if self.request.method == "DELETE" else EDITORS)
        ]

    @extend_schema(responses={200: s.ArticleDetailSerializer, **ERRORS})
    def get(self, request: Request, article_id: int) -> Response:
        return Response(s.ArticleDetailSerializer(access_article(article_id)).data)

    @extend_schema(
        request=s.ArticleUpdateSerializer,
        responses={200: s.ArticleDetailSerializer, 413: OpenApiResponse(description="Text too large."), **ERRORS},
        description="A new body makes a new revision; the claims are re-anchored in the background.",
    )
    def patch(self, request: Request, article_id: int) -> Response:
        article = access_article(article_id)
        data = s.ArticleUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.article_update(article=article, changes=dict(data.validated_data), actor=_user(request))
        return Response(s.ArticleDetailSerializer(access_article(article_id)).data)

    @extend_schema(
        request=s.ArticleUpdateSerializer,
        responses={200: s.ArticleDetailSerializer, **ERRORS},
    )
    def put(self, request: Request, article_id: int) -> Response:
        return self.patch(request, article_id)

    @extend_schema(responses={204: None, 409: OpenApiResponse(description="Has published fact-checks."), **ERRORS})
    def delete(self, request: Request, article_id: int) -> Response:
        services.article_delete(article=access_article(article_id), actor=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ArticleImportDetail(APIView):
    permission_classes = EDITORS

    @extend_schema(responses={200: s.ArticleImportSerializer, **ERRORS})
    def get(self, request: Request, import_id: int) -> Response:
        return Response(s.ArticleImportSerializer(get_object_or_404(ArticleImport, pk=import_id)).data)


# --- Claims -------------------------------------------------------------------------------

CLAIM_EXAMPLES = [
    OpenApiExample(
        "By quote", value={"selector": {"exact": "31 members", "prefix": "has "}, "claim_text": "NATO has 31 members."}
    ),
    OpenApiExample("By position", value={"selector": {"start": 9, "end": 19}, "claimant": "The minister"}),
]


@extend_schema_view(get=extend_schema(responses={200: s.ClaimSerializer(many=True), **ERRORS}))
class ArticleClaims(generics.ListAPIView[Claim]):
    permission_classes = EDITORS
    serializer_class = s.ClaimSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Claim]:
        return queries.claims_for_api().filter(article=access_article(self.kwargs["article_id"]))

    @extend_schema(
        request=s.ClaimCreateSerializer,
        responses={201: s.ClaimSerializer, **ERRORS},
        examples=CLAIM_EXAMPLES,
        description="Mark a span of the article's current text by code point offsets or by quote.",
    )
    def post(self, request: Request, article_id: int) -> Response:
        article = access_article(article_id)
        data = s.ClaimCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        selector = fields.pop("selector")
        claim = services.claim_create(article=article, created_by=_user(request), **selector, **fields)
        return Response(s.ClaimSerializer(access_claim(claim.pk)).data, status=status.HTTP_201_CREATED)


class ClaimFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=ClaimState.choices)
    assignee = django_filters.NumberFilter(field_name="assignee_id")
    article = django_filters.NumberFilter(field_name="article_id")
    rating = django_filters.ModelChoiceFilter(
        field_name="verdict__current_version__rating", to_field_name="slug", queryset=Rating.objects.all()
    )
    queue = django_filters.ChoiceFilter(
        choices=[("mine", "My work"), ("review", "Review queue")],
        method="filter_queue",
        help_text="mine: assigned to me, not public; review: in review, current verdict not written by me.",
    )

    class Meta:
        model = Claim
        fields = ["state", "assignee", "article", "rating", "queue"]

    def filter_queue(self, claims: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        assert self.request is not None, "the queue filter needs the request's user"
        user = self.request.user
        if value == "mine":
            return queries.claims_my_work(claims, user=user)
        return queries.claims_review_queue(claims, user=user)


@extend_schema_view(get=extend_schema(responses={200: s.ClaimSerializer(many=True), **ERRORS}))
class ClaimList(generics.ListAPIView[Claim]):
    permission_classes = EDITORS
    serializer_class = s.ClaimSerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter

    def get_queryset(self) -> QuerySet[Claim]:
        return queries.claims_for_api()


class ClaimDetail(APIView):
    permission_classes = EDITORS

    @extend_schema(responses={200: s.ClaimSerializer, **ERRORS})
    def get(self, request: Request, claim_id: int) -> Response:
        return Response(s.ClaimSerializer(access_claim(claim_id)).data)

    @extend_schema(request=s.ClaimWriteSerializer, responses={200: s.ClaimSerializer, **ERRORS})
    def patch(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        data = s.ClaimWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.claim_update(claim=claim, changes=dict(data.validated_data), actor=_user(request))
        return Response(s.ClaimSerializer(access_claim(claim_id)).data)

    @extend_schema(responses={204: None, 409: OpenApiResponse(description="The claim is published."), **ERRORS})
    def delete(self, request: Request, claim_id: int) -> Response:
        services.claim_delete(claim=access_claim(claim_id), actor=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Sources ------------------------------------------------------------------------------


class ClaimSources(APIView):
    permission_classes = EDITORS

    @extend_schema(responses={200: s.SourceSerializer(many=True), **ERRORS})
    def get(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        return Response(s.SourceSerializer(queries.sources_for_api().filter(claim=claim), many=True).data)

    @extend_schema(request=s.SourceCreateSerializer, responses={201: s.SourceSerializer, **ERRORS})
    def post(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        data = s.SourceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        source = services.source_add(claim=claim, added_by=_user(request), **data.validated_data)
        return Response(s.SourceSerializer(source).data, status=status.HTTP_201_CREATED)


class SourceDetail(APIView):
    permission_classes = EDITORS

    def _source(self, source_id: int) -> Source:
        return get_object_or_404(queries.sources_for_api(), pk=source_id)

    @extend_schema(responses={200: s.SourceSerializer, **ERRORS})
    def get(self, request: Request, source_id: int) -> Response:
        return Response(s.SourceSerializer(self._source(source_id)).data)

    @extend_schema(request=s.SourceUpdateSerializer, responses={200: s.SourceSerializer, **ERRORS})
    def patch(self, request: Request, source_id: int) -> Response:
        data = s.SourceUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        source = services.source_update(
            source=self._source(source_id), changes=dict(data.validated_data), actor=_user(request)
        )
        return Response(s.SourceSerializer(source).data)

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request: Request, source_id: int) -> Response:
        services.source_delete(source=self._source(source_id), actor=_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class SourceRefetch(APIView):
    permission_classes = EDITORS

    @extend_schema(request=None, responses={202: s.SourceSerializer, **ERRORS})
    def post(self, request: Request, source_id: int) -> Response:
        source = fetching.source_request_fetch(source=get_object_or_404(Source, pk=source_id))
        return Response(s.SourceSerializer(source).data, status=status.HTTP_202_ACCEPTED)


# --- Verdict, workflow, history, comments, ratings ----------------------------------------


def _version_etag(number: int) -> str:
    return f'"v{number}"'


def _expected_version(request: Request, body_version: int | None) -> int | None:
    """The version the client edits, from If-Match ("v3", W/"v3" or 3) or the body's `version`."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return body_version
    token = header.removeprefix("W/").strip('"').removeprefix("v")
    if not token.isdigit():
        raise ApplicationError('If-Match must be the verdict\'s ETag, like "v3".', code="invalid", field="If-Match")
    return int(token)


class ClaimVerdict(APIView):
    permission_classes = EDITORS

    @extend_schema(responses={200: s.VerdictVersionSerializer, **ERRORS})
    def get(self, request: Request, claim_id: int) -> Response:
        version = queries.current_verdict_version(claim=access_claim(claim_id))
        if version is None:
            return Response({"detail": ["the claim has no verdict yet."]}, status=status.HTTP_404_NOT_FOUND)
        return Response(s.VerdictVersionSerializer(version).data, headers={"ETag": _version_etag(version.number)})

    @extend_schema(
        request=s.VerdictWriteSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description='The ETag read, "v3".')],
        responses={
            200: s.VerdictVersionSerializer,
            409: OpenApiResponse(description="The claim's state does not allow edits."),
            412: OpenApiResponse(description="Someone saved a newer version first."),
            **ERRORS,
        },
    )
    def put(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        data = s.VerdictWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        expected = _expected_version(request, fields.pop("version", None))
        version = services.verdict_write(claim=claim, author=_user(request), expected_version=expected, **fields)
        return Response(s.VerdictVersionSerializer(version).data, headers={"ETag": _version_etag(version.number)})


class ClaimTransitions(APIView):
    permission_classes = EDITORS

    @extend_schema(
        responses={200: s.AvailableTransitionSerializer(many=True), **ERRORS},
        description="What the caller's role and the claim's state allow; other preconditions are checked on POST.",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        transitions = workflow.available_transitions(claim=access_claim(claim_id), user=request.user)  # type: ignore[arg-type]
        return Response(s.AvailableTransitionSerializer(transitions, many=True).data)

    @extend_schema(
        request=s.TransitionSerializer,
        responses={200: s.TransitionResultSerializer, 409: OpenApiResponse(description="Wrong state."), **ERRORS},
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = workflow.claim_transition(claim=claim, actor=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response({"state": claim.state, "event": s.WorkflowEventSerializer(event).data})


class ClaimHistory(APIView):
    permission_classes = EDITORS

    @extend_schema(responses={200: s.HistorySerializer, **ERRORS})
    def get(self, request: Request, claim_id: int) -> Response:
        return Response(s.HistorySerializer(queries.claim_history(claim=access_claim(claim_id))).data)


class ClaimComments(APIView):
    permission_classes = EDITORS

    @extend_schema(responses={200: s.CommentSerializer(many=True), **ERRORS})
    def get(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        return Response(
            s.CommentSerializer(Comment.objects.filter(claim=claim).order_by("created_at", "id"), many=True).data
        )

    @extend_schema(request=s.CommentCreateSerializer, responses={201: s.CommentSerializer, **ERRORS})
    def post(self, request: Request, claim_id: int) -> Response:
        claim = access_claim(claim_id)
        data = s.CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_add(claim=claim, author=_user(request), **data.validated_data)
        return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(responses={200: s.RatingSerializer(many=True), **ERRORS}))
class RatingList(generics.ListAPIView[Rating]):
    permission_classes = EDITORS
    serializer_class = s.RatingSerializer
    queryset = Rating.objects.order_by("order", "id")


class TokenCreate(ObtainAuthToken):
    """Exchange a username and password for an API token (`Authorization: Token <key>`)."""

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Wrong username or password."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().post(request, *args, **kwargs)


class W3CAnnotationRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"
    charset = None


class ArticleAnnotations(APIView):
    """An article's claims as a W3C Web Annotation AnnotationPage (JSON-LD)."""

    permission_classes = EDITORS
    renderer_classes = [W3CAnnotationRenderer, JSONRenderer]

    @extend_schema(
        parameters=[OpenApiParameter("article", int, required=True, description="The article's id.")],
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        description="Claims on the current text (orphaned claims, whose quote is no longer in it, are left out).",
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("article", "")
        if not raw.isdigit():
            raise ApplicationError("article must be an article id.", code="invalid", field="article")
        article = access_article(int(raw))
        claims = queries.claims_for_annotation_export(article=article)
        source = article.url or request.build_absolute_uri(reverse("api-article", args=[article.pk]))
        page = w3c.annotation_page(
            claims,
            page_id=request.build_absolute_uri(),
            article_source=source,
            annotation_id_for=lambda claim: request.build_absolute_uri(reverse("api-claim", args=[claim.pk])),
            creator_name_for=lambda claim: claim.created_by.username if claim.created_by else None,
        )
        response = Response(page)
        if request.accepted_renderer.format == "jsonld":
            response.content_type = w3c.ANNO_MEDIA_TYPE
        return response
