"""Reference discovery on PostgreSQL: the library and earlier fact-checks, de-duplication, attach, dismiss, the API."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from annotations import services, workflow
from annotations.models import Claim, FetchState, Rating, Role, Source
from discovery import ratelimit, searching, tasks
from discovery import services as discovery_services
from discovery.models import ReferenceSearch, ReferenceSuggestion, SearchState, SuggestionState
from discovery.providers import fact_checks
from discovery.providers.base import Found
from suggestions import matching, pair_model
from tests.factories import make_article, make_claim, make_fetched_source, make_user
from tests.providerserver import WIKIPEDIA, ProviderServer, running_provider_server
from tests.sourceserver import SourceServer, running_source_server

pytestmark = pytest.mark.django_db

LIBRARY = [
    (
        "https://stats.example.org/alliance-members",
        "Alliance membership register",
        "The register was updated in April 2023. Since Finland's accession the alliance counts 31 members, "
        "and Sweden's application is still pending in two parliaments.",
    ),
    (
        "https://history.example.org/alliance-1999",
        "The alliance in 1999",
        "In 1999 the alliance had 19 members; Poland, Hungary and the Czech Republic had just joined the members.",
    ),
    (
        "https://ports.example.org/ships",
        "Harbour report",
        "Four additional ships arrived in the port; the navy said the members of the crew were well.",
    ),
    (
        "https://bakery.example.org/bread",
        "Bread prices",
        "The price of bread rose by 31 percent in the city bakeries last year.",
    ),
]


def other_claim(text: str = "Some other claim.") -> Claim:
    article = make_article(body="Other article with a claim about things.", title="Other")
    return make_claim(article, "a claim", claim_text=text)


def fill_library() -> None:
    """Fetched sources gathered for other claims: the desk's library."""
    holder = other_claim()
    for url, title, text in LIBRARY:
        make_fetched_source(holder, url=url, text=text, title=title)


def run_all(claim: Claim, capture: Any) -> None:
    """Run each of the claim's current searches as their tasks would."""
    for search in ReferenceSearch.objects.filter(claim=claim):
        with capture(execute=True):
            searching.reference_search_step(search_id=search.pk, generation=search.generation)


def publish(claim: Claim, *, summary: str, rating: str = "true") -> None:
    annotator, reviewer = make_user(Role.ANNOTATOR), make_user(Role.REVIEWER)
    make_fetched_source(claim, url=f"https://evidence.example.org/{claim.pk}")
    services.verdict_write(
        claim=claim,
        author=annotator,
        rating=Rating.objects.get(slug=rating),
        summary=summary,
        explanation="Checked.",
        expected_version=None,
    )
    for action in ("submit", "approve", "publish"):
        workflow.claim_transition(claim=claim, action=action, actor=annotator if action == "submit" else reviewer)


@pytest.fixture
def api() -> APIClient:
    client = APIClient()
    client.force_authenticate(make_user(Role.ANNOTATOR))
    return client


def test_the_library_finds_the_source_that_states_the_claims_number_first(
    django_capture_on_commit_callbacks: Any,
) -> None:
    fill_library()
    claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
    run_all(claim, django_capture_on_commit_callbacks)
    ranked = list(ReferenceSuggestion.objects.filter(claim=claim).order_by("-score", "id"))
    assert ranked[0].url == "https://stats.example.org/alliance-members"
    assert ranked[0].provider == "library" and "31 members" in ranked[0].snippet
    assert ranked[0].title == "Alliance membership register"
    urls = [s.url for s in ranked]
    # Same words, another figure: found, but below the page that states 31.
    assert "https://history.example.org/alliance-1999" in urls
    assert ranked[0].score > max(s.score for s in ranked[1:])
    search = ReferenceSearch.objects.get(claim=claim, provider="library")
    assert (search.state, search.message, search.query) == (SearchState.DONE, "", "The alliance has 31 members.")


def test_creating_a_claim_searches_on_commit_and_the_api_shows_the_live_state(
    api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    fill_library()
    article = make_article(body="The minister said the alliance has 31 members.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(
            f"/api/v1/articles/{article.pk}/claims/",
            {"selector": {"exact": "31 members"}, "claim_text": "The alliance has 31 members."},
        )
    assert response.status_code == 201
    claim_id = response.json()["id"]
    waiting = api.get(f"/api/v1/claims/{claim_id}/reference-suggestions/").json()
    assert waiting["searching"] is True
    assert {(s["provider"], s["state"]) for s in waiting["searches"]} == {
        ("library", "pending"),
        ("fact_checks", "pending"),
    }
    for callback in callbacks:
        with django_capture_on_commit_callbacks(execute=True):
            callback()  # the tasks run in-process here
    done = api.get(f"/api/v1/claims/{claim_id}/reference-suggestions/").json()
    assert done["searching"] is False
    assert {(s["provider"], s["state"], s["message"]) for s in done["searches"]} == {
        ("library", "done", ""),
        ("fact_checks", "done", ""),
    }
    assert [s["provider_label"] for s in done["searches"]] == ["Earlier fact-checks", "Library"]
    best = done["suggestions"][0]
    assert best["url"] == "https://stats.example.org/alliance-members"
    assert best["state"] == "suggested" and best["found_by"] == {"library": best["score"]}


def test_changing_the_checkable_sentence_searches_again(django_capture_on_commit_callbacks: Any) -> None:
    fill_library()
    claim = make_claim(make_article(), "31 members", claim_text="Bread became dearer.")
    first = ReferenceSearch.objects.get(claim=claim, provider="library").generation
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.claim_update(claim=claim, changes={"claimant": "Someone"}, actor=None)
    assert not callbacks and ReferenceSearch.objects.get(claim=claim, provider="library").generation == first
    with (
        mock.patch.object(tasks.discover_references, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.claim_update(claim=claim, changes={"claim_text": "The alliance has 31 members."}, actor=None)
    search = ReferenceSearch.objects.get(claim=claim, provider="library")
    assert search.generation == first + 1 and search.query == "The alliance has 31 members."
    assert mock.call(search.pk, search.generation) in delay.call_args_list
    # A task of the superseded search does nothing.
    searching.reference_search_step(search_id=search.pk, generation=first)
    search.refresh_from_db()
    assert search.state == SearchState.PENDING


def test_earlier_fact_checks_of_other_articles_are_suggested(django_capture_on_commit_callbacks: Any) -> None:
    earlier = other_claim("The alliance has 31 members.")
    publish(earlier, summary="The register lists 31 members.")
    unpublished = other_claim("The alliance has 31 members, a draft.")
    same_article = make_article(body="The alliance has 31 members. It also has ships.")
    sibling = make_claim(same_article, "It also has ships", claim_text="The alliance has 31 members too.")
    publish(sibling, summary="Sibling claim.")
    claim = make_claim(same_article, "31 members", claim_text="The alliance has 31 members.")
    run_all(claim, django_capture_on_commit_callbacks)
    found = ReferenceSuggestion.objects.filter(claim=claim, provider="fact_checks")
    assert [s.title for s in found] == ["The alliance has 31 members."]
    suggestion = found.get()
    assert suggestion.url.endswith(f"/fact-checks/{earlier.pk}/")
    assert (suggestion.textual_rating, suggestion.snippet) == ("True", "The register lists 31 members.")
    assert suggestion.published_at is not None
    assert unpublished.pk != suggestion.pk


# The provider's candidate pool: PostgreSQL full-text search, or the plain word search SQLite falls back to.
VENDORS = ["postgresql", "sqlite"]


def earlier(text: str, *, vendor: str, exclude_article_id: int = 0, limit: int = 5) -> list[Found]:
    with mock.patch.object(fact_checks, "connection", SimpleNamespace(vendor=vendor)):
        return fact_checks.earlier_fact_checks(text=text, exclude_article_id=exclude_article_id, limit=limit)


def matching_score(query: str, published: str) -> float:
    """As "checked before" scores a pair: the rules' similarity and the pair model's probability, blended."""
    rules = matching.similarity(matching.profile(query), matching.profile(published))
    [scored] = pair_model.rescore(query, [pair_model.Candidate(0, published, rules)], threshold=0.0)
    return round(fact_checks.SCORE_SCALE * scored.score, 4)


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_reworded_claim_finds_the_earlier_fact_check_first(vendor: str) -> None:
    nato = other_claim("NATO has 31 members")
    publish(nato, summary="The register lists 31 members.")
    # More words in common with the claim, but another figure: lexically closer, matching says another claim.
    other_figure = other_claim("The alliance has 29 members")
    publish(other_figure, summary="It had 29 before Finland joined.")
    unrelated = other_claim("Bread prices rose by 31 percent")
    publish(unrelated, summary="Bakeries confirm.")
    found = earlier("The alliance now counts 31 members", vendor=vendor)
    assert found[0].url.endswith(f"/fact-checks/{nato.pk}/")
    assert (found[0].title, found[0].textual_rating, found[0].snippet) == (
        "NATO has 31 members",
        "True",
        "The register lists 31 members.",
    )
    assert found[0].score == matching_score("The alliance now counts 31 members", "NATO has 31 members")
    assert found[0].score >= fact_checks.SCORE_SCALE * pair_model.THRESHOLD
    assert all(f.score <= found[0].score for f in found)
    urls = [f.url for f in found]
    assert not any(url.endswith(f"/fact-checks/{other_figure.pk}/") for url in urls)
    assert not any(url.endswith(f"/fact-checks/{unrelated.pk}/") for url in urls)


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_claim_with_another_figure_ranks_the_earlier_fact_check_lower_or_not_at_all(vendor: str) -> None:
    nato = other_claim("NATO has 31 members")
    publish(nato, summary="The register lists 31 members.")
    same_figure = {f.url: f.score for f in earlier("The alliance now counts 31 members", vendor=vendor)}
    other_figure = {f.url: f.score for f in earlier("NATO has 29 members", vendor=vendor)}
    url = next(u for u in same_figure if u.endswith(f"/fact-checks/{nato.pk}/"))
    expected = matching_score("NATO has 29 members", "NATO has 31 members")
    assert expected < same_figure[url]
    # As matching decides: kept with its lower score at or above the threshold, left out below it.
    if expected >= fact_checks.SCORE_SCALE * pair_model.THRESHOLD:
        assert other_figure[url] == expected
    else:
        assert url not in other_figure


@pytest.mark.parametrize("vendor", VENDORS)
def test_unpublished_claims_and_the_same_articles_claims_are_never_returned(vendor: str) -> None:
    other_claim("NATO has 31 members")  # a draft: no verdict yet
    in_review = other_claim("NATO has 31 members")
    annotator = make_user(Role.ANNOTATOR)
    services.verdict_write(
        claim=in_review,
        author=annotator,
        rating=Rating.objects.get(slug="true"),
        summary="Not yet published.",
        explanation="Checked.",
        expected_version=None,
    )
    workflow.claim_transition(claim=in_review, action="submit", actor=annotator)
    article = make_article(body="NATO has 31 members. The alliance now counts 31 members.")
    sibling = make_claim(article, "NATO has 31 members", claim_text="NATO has 31 members")
    publish(sibling, summary="The same article's own fact-check.")
    published = other_claim("NATO has 31 members")
    publish(published, summary="The register lists 31 members.")
    found = earlier("The alliance now counts 31 members", vendor=vendor, exclude_article_id=article.pk)
    assert [f.url.rsplit("/", 2)[-2] for f in found] == [str(published.pk)]
    # Seen from the other article, the first article's fact-check is an earlier one, and the other's own is not.
    found = earlier("The alliance now counts 31 members", vendor=vendor, exclude_article_id=published.article_id)
    assert [f.url.rsplit("/", 2)[-2] for f in found] == [str(sibling.pk)]


def test_the_best_limit_are_returned_and_a_claim_without_words_finds_nothing() -> None:
    for n in range(3):
        publish(other_claim("NATO has 31 members"), summary=f"Checked {n}.")
    assert len(earlier("The alliance now counts 31 members", vendor="postgresql", limit=2)) == 2
    assert earlier("The alliance now counts 31 members", vendor="postgresql", limit=0) == []
    assert earlier("... !", vendor="postgresql") == []


@pytest.fixture
def wikipedia(settings: Any) -> Iterator[ProviderServer]:
    with running_provider_server() as server:
        settings.FETCH_ALLOWED_HOSTS = [server.allow_entry]
        settings.DISCOVERY_PROVIDERS = ["library", "fact_checks", WIKIPEDIA]
        settings.DISCOVERY_WIKIPEDIA_BASE_URL = server.origin
        cache.clear()
        ratelimit.reset(WIKIPEDIA)
        yield server


def test_the_same_page_from_two_providers_is_one_suggestion(
    wikipedia: ProviderServer, django_capture_on_commit_callbacks: Any
) -> None:
    holder = other_claim()
    # The library holds the Wikipedia page under another spelling of its url.
    make_fetched_source(
        holder,
        url="http://www.en.wikipedia.org/wiki/Member_states_of_NATO/?utm_source=feed#History",
        text="NATO has 31 member states since Finland joined in 2023; the alliance has 31 members.",
        title="Member states of NATO - Wikipedia",
    )
    claim = make_claim(make_article(), "31 members", claim_text="NATO has 31 members.")
    run_all(claim, django_capture_on_commit_callbacks)
    rows = list(ReferenceSuggestion.objects.filter(claim=claim, url__icontains="Member_states_of_NATO"))
    assert len(rows) == 1
    assert set(rows[0].found_by) == {"library", WIKIPEDIA}
    assert rows[0].score == max(rows[0].found_by.values())
    assert ReferenceSuggestion.objects.filter(claim=claim).count() == 2  # and the NATO article


def test_dismissing_is_remembered_when_searching_again(api: APIClient, django_capture_on_commit_callbacks: Any) -> None:
    fill_library()
    claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
    run_all(claim, django_capture_on_commit_callbacks)
    top = ReferenceSuggestion.objects.filter(claim=claim).order_by("-score").first()
    assert top is not None
    response = api.post(f"/api/v1/reference-suggestions/{top.pk}/dismiss/")
    assert response.status_code == 200 and response.json()["state"] == "dismissed"

    with mock.patch.object(tasks.discover_references, "delay"), django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/claims/{claim.pk}/reference-suggestions/refresh/", {})
    assert response.status_code == 202 and response.json()["searching"] is True
    run_all(claim, django_capture_on_commit_callbacks)
    top.refresh_from_db()
    assert top.state == SuggestionState.DISMISSED and "library" in top.found_by, "found again, still dismissed"
    listed = api.get(f"/api/v1/claims/{claim.pk}/reference-suggestions/").json()["suggestions"]
    assert top.pk not in [s["id"] for s in listed] and listed
    hidden = api.get(f"/api/v1/claims/{claim.pk}/reference-suggestions/?state=dismissed").json()["suggestions"]
    assert [s["id"] for s in hidden] == [top.pk]


@pytest.fixture
def web(settings: Any) -> Iterator[SourceServer]:
    with running_source_server() as server:
        settings.FETCH_ALLOWED_HOSTS = [server.allow_entry]
        yield server


def test_attaching_makes_a_source_that_is_fetched_like_any_other(
    api: APIClient, web: SourceServer, django_capture_on_commit_callbacks: Any
) -> None:
    holder = other_claim()
    make_fetched_source(holder, url=web.url("/article.html"), text="The alliance has thirty-one members.")
    claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
    run_all(claim, django_capture_on_commit_callbacks)
    suggestion = ReferenceSuggestion.objects.get(claim=claim, url=web.url("/article.html"))

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            f"/api/v1/reference-suggestions/{suggestion.pk}/attach/", {"stance": "supports", "note": "Register."}
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["suggestion"]["state"] == "attached" and body["source"]["url"] == web.url("/article.html")
    source = Source.objects.get(pk=body["source"]["id"])
    assert (source.claim_id, source.stance, source.note) == (claim.pk, "supports", "Register.")
    assert source.fetch_state == FetchState.FETCHED and "thirty-one members" in source.passage_text
    assert web.hits["/article.html"] == 1
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.source_id) == (SuggestionState.ATTACHED, source.pk)

    # Once attached: a second attach and a dismiss are refused; searching again keeps it attached.
    assert api.post(f"/api/v1/reference-suggestions/{suggestion.pk}/attach/", {}).status_code == 409
    assert api.post(f"/api/v1/reference-suggestions/{suggestion.pk}/dismiss/").status_code == 409
    with mock.patch.object(tasks.discover_references, "delay"):
        discovery_services.reference_search_request(claim=claim)
    run_all(claim, django_capture_on_commit_callbacks)
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.ATTACHED


def test_a_url_already_a_source_of_the_claim_is_not_suggested(django_capture_on_commit_callbacks: Any) -> None:
    fill_library()
    claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
    services.source_add(
        claim=claim, url="https://stats.example.org/alliance-members/", stance="supports", added_by=None
    )
    run_all(claim, django_capture_on_commit_callbacks)
    assert not ReferenceSuggestion.objects.filter(claim=claim, url__contains="alliance-members").exists()


# --- The API's answers to bad requests -------------------------------------------------------


@pytest.fixture
def suggestion(django_capture_on_commit_callbacks: Any) -> ReferenceSuggestion:
    fill_library()
    claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
    run_all(claim, django_capture_on_commit_callbacks)
    found = ReferenceSuggestion.objects.filter(claim=claim).first()
    assert found is not None
    return found


def test_anonymous_and_roleless_users_are_refused(suggestion: ReferenceSuggestion) -> None:
    paths = [
        ("get", f"/api/v1/claims/{suggestion.claim_id}/reference-suggestions/"),
        ("post", f"/api/v1/claims/{suggestion.claim_id}/reference-suggestions/refresh/"),
        ("post", f"/api/v1/reference-suggestions/{suggestion.pk}/attach/"),
        ("post", f"/api/v1/reference-suggestions/{suggestion.pk}/dismiss/"),
    ]
    anonymous, roleless = APIClient(), APIClient()
    roleless.force_authenticate(make_user())
    for method, path in paths:
        assert getattr(anonymous, method)(path).status_code == 401, path
        assert getattr(roleless, method)(path).status_code == 403, path
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.SUGGESTED


def test_unknown_ids_answer_404(api: APIClient) -> None:
    assert api.get("/api/v1/claims/999999/reference-suggestions/").status_code == 404
    assert api.post("/api/v1/claims/999999/reference-suggestions/refresh/", {}).status_code == 404
    assert api.post("/api/v1/reference-suggestions/999999/attach/", {}).status_code == 404
    assert api.post("/api/v1/reference-suggestions/999999/dismiss/").status_code == 404


def test_bad_input_answers_400_naming_the_field(api: APIClient, suggestion: ReferenceSuggestion) -> None:
    claim_path = f"/api/v1/claims/{suggestion.claim_id}/reference-suggestions/"
    response = api.get(claim_path + "?state=gone")
    assert response.status_code == 400 and "state" in response.json()
    response = api.post(claim_path + "refresh/", {"providers": ["altavista"]})
    assert response.status_code == 400 and "providers" in response.json()
    response = api.post(claim_path + "refresh/", {"providers": [WIKIPEDIA]})
    assert response.status_code == 400 and response.json()["providers"] == [
        "wikipedia is not enabled; enabled providers: library, fact_checks."
    ]
    response = api.post(f"/api/v1/reference-suggestions/{suggestion.pk}/attach/", {"stance": "maybe"})
    assert response.status_code == 400 and "stance" in response.json()
    response = api.post(claim_path + "refresh/", ["library"], format="json")
    assert response.status_code == 400
    response = api.post(f"/api/v1/reference-suggestions/{suggestion.pk}/attach/", "supports", format="json")
    assert response.status_code == 400
    response = api.post(f"/api/v1/reference-suggestions/{suggestion.pk}/attach/", {"note": "a\x00b"})
    assert response.status_code == 400 and "note" in response.json()
    suggestion.refresh_from_db()
    assert (
        suggestion.state == SuggestionState.SUGGESTED
        and not Source.objects.filter(url=suggestion.url, claim_id=suggestion.claim_id).exists()
    )


def test_the_list_answers_in_the_same_number_of_queries_for_1_and_40_suggestions(api: APIClient) -> None:
    counts = []
    for n in (1, 40):
        claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
        for i in range(n):
            ReferenceSuggestion.objects.create(
                claim=claim, url=f"https://example.org/{i}", url_key=f"{n}-{i}", provider="library", score=i / 100
            )
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/v1/claims/{claim.pk}/reference-suggestions/")
        assert response.status_code == 200 and len(response.json()["suggestions"]) == n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_sweep_re_enqueues_searches_whose_message_was_lost(settings: Any) -> None:
    claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
    settings.FETCH_SWEEP_GRACE_SECONDS = -60  # everything open counts as overdue
    with mock.patch.object(tasks.discover_references, "delay") as delay:
        swept = tasks.sweep_stale_searches()
    searches = ReferenceSearch.objects.filter(claim=claim)
    assert sorted(swept) == sorted(s.pk for s in searches)
    assert sorted(delay.call_args_list) == sorted(mock.call(s.pk, s.generation) for s in searches)


def test_a_new_claim_in_the_demo_finds_a_library_reference(django_capture_on_commit_callbacks: Any) -> None:
    from annotations.demo import DEMO_ARTICLE_URL, demo_load
    from annotations.models import Article

    demo_load()
    article = Article.objects.get(url=DEMO_ARTICLE_URL)
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_create(
            article=article,
            exact="€38 million",
            claim_text="The ferry expansion will cost €38 million.",
            created_by=None,
        )
    best = ReferenceSuggestion.objects.filter(claim=claim).order_by("-score").first()
    assert best is not None and best.url == "https://council.example.org/minutes/ferry-resolution"
    assert "€38 million" in best.snippet


def test_the_library_search_can_use_its_full_text_index() -> None:
    from discovery.providers import ClaimQuery
    from discovery.providers.library import fulltext_candidates

    fill_library()
    claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
    query = ClaimQuery(claim_id=claim.pk, article_id=claim.article_id, text=claim.claim_text, language="en")
    candidates = fulltext_candidates(query)
    assert candidates is not None
    with connection.cursor() as cursor:
        # A handful of rows makes any plan cheap; take the other ways away (the test's transaction
        # rolls this back) to see that the index matches the query's expression.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for index in Source._meta.indexes:
            cursor.execute(f'DROP INDEX "{index.name}"')
    plan = candidates.explain()
    assert "discovery_fetched_source_fulltext" in plan, plan


def test_only_web_links_become_suggestions() -> None:
    from discovery.providers import Found

    claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
    found = [
        Found(url="javascript:alert(1)", title="x", snippet="", score=0.9),
        Found(url="data:text/html,<script>alert(1)</script>", title="x", snippet="", score=0.9),
        Found(url="https://example.org/" + "a" * 2000, title="too long", snippet="", score=0.9),
        Found(url="HTTPS://example.org/fine", title="fine", snippet="", score=0.5),
    ]
    assert searching.merge_results(claim_id=claim.pk, provider="wikipedia", found=found) == 1
    assert list(ReferenceSuggestion.objects.filter(claim=claim).values_list("title", flat=True)) == ["fine"]


def test_search_again_with_named_providers_restarts_only_those(api: APIClient) -> None:
    claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
    before = dict(ReferenceSearch.objects.filter(claim=claim).values_list("provider", "generation"))
    with mock.patch.object(tasks.discover_references, "delay"):
        response = api.post(f"/api/v1/claims/{claim.pk}/reference-suggestions/refresh/", {"providers": ["library"]})
    assert response.status_code == 202
    after = dict(ReferenceSearch.objects.filter(claim=claim).values_list("provider", "generation"))
    assert after == {"library": before["library"] + 1, "fact_checks": before["fact_checks"]}
    with mock.patch.object(tasks.discover_references, "delay") as delay:
        response = api.post(f"/api/v1/claims/{claim.pk}/reference-suggestions/refresh/")  # no body: every provider
    assert response.status_code == 202 and delay.call_count == 0, "enqueued on commit, not before"


def test_a_search_whose_claim_was_deleted_does_nothing(django_capture_on_commit_callbacks: Any) -> None:
    fill_library()
    claim = make_claim(make_article(), "31 members", claim_text="The alliance has 31 members.")
    search = ReferenceSearch.objects.get(claim=claim, provider="library")
    services.claim_delete(claim=claim, actor=None)
    searching.reference_search_step(search_id=search.pk, generation=search.generation)
    assert not ReferenceSearch.objects.filter(pk=search.pk).exists()
    assert not ReferenceSuggestion.objects.filter(claim_id=claim.pk).exists()


def test_dismissing_twice_changes_nothing_more(api: APIClient, suggestion: ReferenceSuggestion) -> None:
    first = api.post(f"/api/v1/reference-suggestions/{suggestion.pk}/dismiss/").json()
    second = api.post(f"/api/v1/reference-suggestions/{suggestion.pk}/dismiss/").json()
    assert first["state"] == second["state"] == "dismissed" and first["decided_at"] == second["decided_at"]
