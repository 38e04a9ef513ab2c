"""Editorial pages: the dashboard, and the shells the front end mounts the add-article and annotator pages in."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render

from annotations import queries
from annotations.api import editorial_serializers as s
from annotations.models import Rating, Role
from annotations.permissions import has_role, user_roles

View = Callable[..., HttpResponse]


def editor_required(view: View) -> View:
    """Logged in (else the login page) and holding an editorial role (else 403): the API would refuse the rest."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not has_role(request.user, Role.ANNOTATOR):
            raise PermissionDenied("you need the annotator role (or higher) for this page.")
        return view(request, *args, **kwargs)

    return wrapped


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "annotations/dashboard.html", queries.dashboard_context(user=request.user))


def _app_page(request: HttpRequest, *, page: str, title: str, data: dict[str, Any]) -> HttpResponse:
    """A page the front end draws from `boot`: who is logged in, the CSRF token, and the page's data."""
    user = request.user
    boot = {
        "page": page,
        "csrfToken": get_token(request),
        "user": {"id": user.pk, "username": user.get_username(), "roles": user_roles(user)},
        **data,
    }
    return render(request, "annotations/app.html", {"title": title, "boot": boot})


@editor_required
def article_new(request: HttpRequest) -> HttpResponse:
    return _app_page(request, page="add-article", title="Add an article", data={})


@editor_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    """The annotator: the article and an outline of each claim come with the page, so highlights draw at once."""
    article = get_object_or_404(queries.articles_for_api(), pk=article_id)
    data = {
        "article": s.ArticleDetailSerializer(article).data,
        "claims": queries.claim_outlines(article=article),
        "ratings": s.RatingSerializer(Rating.objects.filter(is_active=True).order_by("order", "id"), many=True).data,
        "users": list(queries.editorial_users().values("id", "username")),
    }
    return _app_page(request, page="annotator", title=article.title, data=data)
