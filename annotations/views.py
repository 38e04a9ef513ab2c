"""Server-rendered editorial pages: the dashboard and a read view of one article."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from annotations import queries
from annotations.highlight import paragraphs_with_highlights


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "annotations/dashboard.html", queries.dashboard_context(user=request.user))


@login_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(queries.articles_for_dashboard(), pk=article_id)
    claims = queries.claims_of_article(article=article)
    assert article.current_revision is not None
    on_current = [c for c in claims if c.revision_id == article.current_revision_id]
    context = {
        "article": article,
        "claims": claims,
        "orphaned": [c for c in claims if c.revision_id != article.current_revision_id],
        "paragraphs": paragraphs_with_highlights(
            article.current_revision.body, [(c.position_start, c.position_end, c.state) for c in on_current]
        ),
    }
    return render(request, "annotations/article_detail.html", context)
