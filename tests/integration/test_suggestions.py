"""Suggestions and claim matching on PostgreSQL: services, tasks, the API, roles and query counts."""

from __future__ import annotations

from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services, workflow
from annotations.errors import ApplicationError
from annotations.models import Article, Claim, Rating, Role
from suggestions import matching, tasks
from suggestions import queries as suggestion_queries
from suggestions import services as suggestion_services
from suggestions.models import ClaimMatch, DetectionRun, Suggestion, SuggestionState
from tests.factories import make_article, make_claim, make_fetched_source, make_user

pytestmark = pytest.mark.django_db

BODY = (
    "The alliance now has 31 members, the minister said.\n\n"
    "Four additional NATO ships arrived on July 11. The fund is worth \u20ac2.4 billion, "
    "the largest in the alliance's history."
)


@pytest.fixture
def annotator() -> Any:
    return make_user(Role.ANNOTATOR)


@pytest.fixture
def api(annotator: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(annotator)
    return client


def create_article(api: APIClient, capture: Any, body: str = BODY) -> dict[str, Any]:
    """Create an article through the API and run what is enqueued on commit (detection), as a worker would."""
    with capture(execute=True):
        response = api.post("/api/v1/articles/", {"title": "Summit", "body": body}, format="json")
    assert response.status_code == 201, response.json()
    created: dict[str, Any] = response.json()
    return created


def open_suggestions(api: APIClient, article_id: int) -> list[dict[str, Any]]:
    response = api.get(f"/api/v1/articles/{article_id}/suggestions/")
    assert response.status_code == 200, response.json()
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def by_quote(suggestions: list[dict[str, Any]], quote: str) -> dict[str, Any]:
    for suggestion in suggestions:
        if suggestion["selectors"][1]["exact"] == quote:
            return suggestion
    raise AssertionError(f"no suggestion {quote!r} in {[s['selectors'][1]['exact'] for s in suggestions]}")


def test_suggestions_appear_ranked_with_selectors_and_numbers(
    api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    article = create_article(api, django_capture_on_commit_callbacks)
    suggestions = open_suggestions(api, article["id"])
    assert [s["score"] for s in suggestions] == sorted((s["score"] for s in suggestions), reverse=True)
    assert {s["type"] for s in suggestions} >= {"count", "date", "money", "comparison", "attribution"}

    members = by_quote(suggestions, "31 members")
    position, quote = members["selectors"]
    assert position == {"type": "TextPositionSelector", "start": 21, "end": 31}
    assert quote["type"] == "TextQuoteSelector" and quote["prefix"].endswith("now has ")
    assert article["body"][position["start"] : position["end"]] == "31 members"
    assert (members["type"], members["state"], members["revision"], members["claim"]) == ("count", "open", 1, None)
    assert members["reason"] == "states a count of members"
    (number,) = members["numbers"]
    assert (number["value"], number["unit"], number["counted"], number["kind"]) == (31.0, "members", "members", "count")

    ships = by_quote(suggestions, "Four additional NATO ships")
    assert ships["numbers"][0]["value"] == 4.0 and ships["numbers"][0]["counted"] == "ships"
    assert by_quote(suggestions, "\u20ac2.4 billion")["numbers"][0]["unit"] == "EUR"


def test_accepting_makes_a_claim_on_the_same_span(api: APIClient, django_capture_on_commit_callbacks: Any) -> None:
    article = create_article(api, django_capture_on_commit_callbacks)
    ships = by_quote(open_suggestions(api, article["id"]), "Four additional NATO ships")

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/suggestions/{ships['id']}/accept/", {"claimant": "The minister"}, format="json")
    assert response.status_code == 201, response.json()
    claim = response.json()
    assert claim["selectors"] == ships["selectors"]
    assert claim["claimant"] == "The minister"
    assert claim["claim_text"] == "Four additional NATO ships arrived on July 11."  # the sentence, to tighten
    assert claim["state"] == "draft"

    stored = Suggestion.objects.get(pk=ships["id"])
    assert (stored.state, stored.claim_id) == (SuggestionState.ACCEPTED, claim["id"])
    assert ships["id"] not in [s["id"] for s in open_suggestions(api, article["id"])]
    accepted = api.get(f"/api/v1/articles/{article['id']}/suggestions/?state=accepted").json()["results"]
    assert [s["id"] for s in accepted] == [ships["id"]]

    again = api.post(f"/api/v1/suggestions/{ships['id']}/accept/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "not_open"
    assert Claim.objects.filter(article_id=article["id"]).count() == 1


def test_dismissed_and_accepted_quotes_do_not_come_back_after_a_revision(
    api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    article = create_article(api, django_capture_on_commit_callbacks)
    suggestions = open_suggestions(api, article["id"])
    date = by_quote(suggestions, "July 11")
    members = by_quote(suggestions, "31 members")
    money = by_quote(suggestions, "\u20ac2.4 billion")

    dismissed = api.post(f"/api/v1/suggestions/{date['id']}/dismiss/")
    assert dismissed.status_code == 200 and dismissed.json()["state"] == "dismissed"
    assert api.post(f"/api/v1/suggestions/{date['id']}/dismiss/").status_code == 200  # twice: no change
    assert api.post(f"/api/v1/suggestions/{members['id']}/accept/", {}, format="json").status_code == 201
    refused = api.post(f"/api/v1/suggestions/{members['id']}/dismiss/")
    assert refused.status_code == 409 and refused.json()["code"] == "accepted"

    new_body = "Breaking news. " + BODY + "\n\nEight leaders met on July 11."
    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(f"/api/v1/articles/{article['id']}/", {"body": new_body}, format="json")
    assert response.status_code == 200

    after = open_suggestions(api, article["id"])
    quotes = [s["selectors"][1]["exact"] for s in after]
    assert "July 11" not in quotes, "a dismissed quote came back"
    assert "31 members" not in quotes, "an accepted quote came back"
    assert "Eight leaders" in quotes
    moved = by_quote(after, "\u20ac2.4 billion")
    assert moved["id"] == money["id"] and moved["revision"] == 2
    start, end = moved["selectors"][0]["start"], moved["selectors"][0]["end"]
    assert new_body[start:end] == "\u20ac2.4 billion"
    assert all(s["revision"] == 2 for s in after)


def test_accepting_a_suggestion_whose_text_changed_is_refused(
    api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    article = create_article(api, django_capture_on_commit_callbacks)
    members = by_quote(open_suggestions(api, article["id"]), "31 members")
    # The text changes and detection has not run again yet (nothing executes the callbacks).
    api.patch(f"/api/v1/articles/{article['id']}/", {"body": "Now: " + BODY}, format="json")
    response = api.post(f"/api/v1/suggestions/{members['id']}/accept/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_suggestion"
    assert "no longer holds" in response.json()["detail"][0]
    assert not Claim.objects.filter(article_id=article["id"]).exists()


def test_bad_input_names_the_field_and_unknown_ids_are_404(
    api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    article = create_article(api, django_capture_on_commit_callbacks)
    suggestion = open_suggestions(api, article["id"])[0]
    nul = api.post(f"/api/v1/suggestions/{suggestion['id']}/accept/", {"claim_text": "a\x00b"}, format="json")
    assert nul.status_code == 400 and "claim_text" in nul.json()
    state = api.get(f"/api/v1/articles/{article['id']}/suggestions/?state=maybe")
    assert state.status_code == 400 and "state" in state.json()
    not_a_list = api.post(f"/api/v1/suggestions/{suggestion['id']}/accept/", ["x"], format="json")
    assert not_a_list.status_code == 400
    assert api.get("/api/v1/articles/999999/suggestions/").status_code == 404
    assert api.post("/api/v1/suggestions/999999/accept/", {}, format="json").status_code == 404
    assert api.post("/api/v1/suggestions/999999/dismiss/").status_code == 404
    assert api.get("/api/v1/claims/999999/matches/").status_code == 404
    assert Suggestion.objects.get(pk=suggestion["id"]).state == SuggestionState.OPEN


@pytest.mark.parametrize("role", ["anonymous", "no_role"])
def test_editor_roles_only(role: str, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(body=BODY)
    claim = make_claim(article, "31 members")
    suggestion = Suggestion.objects.filter(article=article).first()
    assert suggestion is not None
    client = APIClient()
    if role == "no_role":
        client.force_authenticate(make_user(None))
    expected = 401 if role == "anonymous" else 403
    assert client.get(f"/api/v1/articles/{article.pk}/suggestions/").status_code == expected
    assert client.post(f"/api/v1/suggestions/{suggestion.pk}/accept/", {}, format="json").status_code == expected
    assert client.post(f"/api/v1/suggestions/{suggestion.pk}/dismiss/").status_code == expected
    assert client.get(f"/api/v1/claims/{claim.pk}/matches/").status_code == expected
    earlier = make_claim(make_article(body="The alliance has 31 members."), "31 members")
    match = ClaimMatch.objects.create(claim=claim, matched=earlier, score=0.9)
    assert client.post(f"/api/v1/claims/{claim.pk}/matches/{earlier.pk}/reject/").status_code == expected
    ClaimMatch.objects.filter(pk=match.pk).update(rejected_at=timezone.now())
    assert client.post(f"/api/v1/claims/{claim.pk}/matches/{earlier.pk}/restore/").status_code == expected
    assert client.get(f"/api/v1/claims/{claim.pk}/matches/?rejected=true").status_code == expected
    suggestion.refresh_from_db()
    match.refresh_from_db()
    assert suggestion.state == SuggestionState.OPEN, "a refused request changes nothing"
    assert match.rejected_at is not None and match.rejected_by is None, "a refused request changes nothing"


def test_detection_is_idempotent_skips_claimed_spans_and_ignores_missing_articles() -> None:
    article = make_article(body=BODY)
    make_claim(article, "31 members")
    first = suggestion_services.suggestions_detect(article_id=article.pk)
    rows = list(Suggestion.objects.filter(article=article).values_list("pk", "quote_exact").order_by("pk"))
    second = suggestion_services.suggestions_detect(article_id=article.pk)
    assert first is not None and second is not None
    assert (first.open_count, second.open_count, second.created) == (len(rows), len(rows), 0)
    assert list(Suggestion.objects.filter(article=article).values_list("pk", "quote_exact").order_by("pk")) == rows
    assert "31 members" not in [quote for _, quote in rows], "a span already marked as a claim is not suggested"
    assert DetectionRun.objects.get(article=article).revision_id == article.current_revision_id
    assert suggestion_services.suggestions_detect(article_id=999999) is None
    assert tasks.detect_article(999999) is None


def test_the_cap_keeps_the_best_suggestions(settings: Any) -> None:
    settings.FACTCHECK_MAX_SUGGESTIONS = 2
    article = make_article(body=BODY)
    suggestion_services.suggestions_detect(article_id=article.pk)
    kept = list(Suggestion.objects.filter(article=article).order_by("-score"))
    assert len(kept) == 2 and kept[0].score >= 0.8


def test_sweep_recovers_lost_detection_and_matching() -> None:
    # The broker loses both messages: nothing runs on commit.
    with mock.patch.object(tasks.detect_article, "delay"), mock.patch.object(tasks.match_claim, "delay"):
        article = make_article(body=BODY)
        claim = make_claim(article, "31 members", claim_text="NATO has 31 members.")
    with override_settings(FACTCHECK_SUGGESTIONS_STALE_SECONDS=-5):
        swept = tasks.sweep()  # eager in tests: the re-enqueued tasks run at once
    assert article.pk in swept["articles"] and claim.pk in swept["claims"]
    assert DetectionRun.objects.filter(article=article).exists()
    with override_settings(FACTCHECK_SUGGESTIONS_STALE_SECONDS=-5):
        assert tasks.sweep() == {"articles": [], "claims": []}


# --- Matching --------------------------------------------------------------------------------------


def publish(claim: Claim, rating: str = "false") -> None:
    annotator, reviewer = make_user(Role.ANNOTATOR), make_user(Role.REVIEWER)
    make_fetched_source(claim)
    services.verdict_write(
        claim=claim,
        author=annotator,
        rating=Rating.objects.get(slug=rating),
        summary="The treaty lists 32.",
        explanation="Checked.",
        expected_version=None,
    )
    for action in ("submit", "approve", "publish"):
        workflow.claim_transition(claim=claim, action=action, actor=annotator if action == "submit" else reviewer)


def post_reworded_claim(api: APIClient, capture: Any) -> int:
    """ "thirty-one member states" marked through the API; what is enqueued on commit (matching) runs at once."""
    article = make_article(body="The alliance counts thirty-one member states, she said.")
    with capture(execute=True):
        response = api.post(
            f"/api/v1/articles/{article.pk}/claims/",
            {"selector": {"exact": "thirty-one member states"}, "claim_text": "NATO counts thirty-one members."},
            format="json",
        )
    assert response.status_code == 201
    claim_id: int = response.json()["id"]
    return claim_id


def test_a_reworded_claim_shows_the_earlier_fact_check(api: APIClient, django_capture_on_commit_callbacks: Any) -> None:
    earlier_article = make_article(body="Officials said NATO has 31 members.", title="Earlier")
    earlier = make_claim(earlier_article, "NATO has 31 members", claim_text="NATO has 31 members.")
    publish(earlier)
    unrelated = make_claim(
        make_article(body="NATO has 32 members now."), "32 members", claim_text="NATO has 32 members."
    )

    claim_id = post_reworded_claim(api, django_capture_on_commit_callbacks)

    matches = api.get(f"/api/v1/claims/{claim_id}/matches/")
    assert matches.status_code == 200
    (match,) = matches.json()
    assert match["claim"] == earlier.pk and match["article"] == earlier_article.pk
    assert (match["checked_before"], match["state"], match["rating"], match["rating_label"]) == (
        True,
        "published",
        "false",
        "False",
    )
    assert match["public_url"].endswith(f"/fact-checks/{earlier.pk}/")
    assert match["article_title"] == "Earlier" and match["quote"] == "NATO has 31 members"
    assert 0.5 <= match["score"] <= 1
    assert match["differences"] == {"only_here": ["counts"], "only_there": []}
    assert unrelated.pk not in [m["claim"] for m in matches.json()], "31 is not 32"

    # Editing the checkable sentence matches again; an unpublished match has no public url.
    with django_capture_on_commit_callbacks(execute=True):
        api.patch(f"/api/v1/claims/{claim_id}/", {"claim_text": "NATO counts thirty-two members."}, format="json")
    (again,) = api.get(f"/api/v1/claims/{claim_id}/matches/").json()
    assert (again["claim"], again["checked_before"], again["public_url"], again["rating"]) == (
        unrelated.pk,
        False,
        None,
        None,
    )


def test_matches_show_what_each_claim_says_apart_in_a_fixed_number_of_queries(api: APIClient) -> None:
    counts = []
    for n in (1, 10):
        claim = make_claim(make_article(body="Sheep farmers in Istral get €28,000 a year."), "Sheep farmers")
        claim.claim_text = "Sheep farmers in Istral get €28,000 a year."
        claim.save(update_fields=["claim_text"])
        earlier = [
            make_claim(make_article(body=f"Farmers in Istral get €28,000 a year, report {i} says."), "Farmers")
            for i in range(n)
        ]
        for other in earlier:
            other.claim_text = "Farmers in Istral got €28,000 in 2023."
            other.save(update_fields=["claim_text"])
        ClaimMatch.objects.bulk_create(ClaimMatch(claim=claim, matched=other, score=0.7) for other in earlier)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/v1/claims/{claim.pk}/matches/")
        assert response.status_code == 200 and len(response.json()) == n
        counts.append(len(queries))
        assert response.json()[0]["differences"] == {"only_here": ["Sheep", "get"], "only_there": ["2023", "got"]}
    assert counts[0] == counts[1], counts


def test_matching_is_idempotent_and_never_matches_its_own_article() -> None:
    article = make_article(body="NATO has 31 members. NATO has 31 members, they said.")
    first = make_claim(article, "NATO has 31 members", prefix="", suffix=". NATO", claim_text="NATO has 31 members.")
    second = make_claim(article, "NATO has 31 members", prefix=". ", claim_text="NATO has 31 members.")
    assert suggestion_services.claim_matches_refresh(claim_id=second.pk) == 0
    assert first.pk != second.pk and not ClaimMatch.objects.exists()
    other = make_claim(make_article(body="NATO has 31 members."), "NATO has 31 members")
    assert suggestion_services.claim_matches_refresh(claim_id=other.pk) == 2
    assert suggestion_services.claim_matches_refresh(claim_id=other.pk) == 2
    assert ClaimMatch.objects.filter(claim=other).count() == 2
    assert suggestion_services.claim_matches_refresh(claim_id=999999) is None


# --- Not the same claim -----------------------------------------------------------------------------


def claim_matching_nato(api: APIClient, capture: Any) -> tuple[int, Claim]:
    """A new claim through the API, matched (as a worker would) with a published fact-check that says the same."""
    earlier = make_claim(
        make_article(body="NATO has 31 members."), "NATO has 31 members", claim_text="NATO has 31 members."
    )
    publish(earlier)
    return post_reworded_claim(api, capture), earlier


def listed(api: APIClient, claim_id: int, query: str = "") -> list[int]:
    response = api.get(f"/api/v1/claims/{claim_id}/matches/{query}")
    assert response.status_code == 200, response.json()
    return [match["claim"] for match in response.json()]


def test_a_rejected_match_is_not_listed_again_even_after_an_edit_until_restored(
    api: APIClient, annotator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    claim_id, earlier = claim_matching_nato(api, django_capture_on_commit_callbacks)
    assert listed(api, claim_id) == [earlier.pk]

    rejected = api.post(f"/api/v1/claims/{claim_id}/matches/{earlier.pk}/reject/")
    assert rejected.status_code == 200, rejected.json()
    body = rejected.json()
    assert (body["claim"], body["rejected_by"], body["checked_before"]) == (earlier.pk, annotator.pk, True)
    assert body["rejected_at"] is not None
    assert listed(api, claim_id) == []
    assert listed(api, claim_id, "?rejected=true") == [earlier.pk]
    again = api.post(f"/api/v1/claims/{claim_id}/matches/{earlier.pk}/reject/")
    assert again.status_code == 200 and again.json()["rejected_at"] == body["rejected_at"], "twice changes nothing"

    # Editing the checkable sentence matches the claim again; the rejected one stays out.
    with django_capture_on_commit_callbacks(execute=True):
        edited = api.patch(f"/api/v1/claims/{claim_id}/", {"claim_text": "NATO now counts 31 members."}, format="json")
    assert edited.status_code == 200
    assert suggestion_services.claim_matches_refresh(claim_id=claim_id) == 0
    assert listed(api, claim_id) == [] and listed(api, claim_id, "?rejected=true") == [earlier.pk]

    restored = api.post(f"/api/v1/claims/{claim_id}/matches/{earlier.pk}/restore/")
    assert restored.status_code == 200
    assert (restored.json()["rejected_at"], restored.json()["rejected_by"]) == (None, None)
    assert listed(api, claim_id) == [earlier.pk] and listed(api, claim_id, "?rejected=true") == []
    assert api.post(f"/api/v1/claims/{claim_id}/matches/{earlier.pk}/restore/").status_code == 200


def test_rejecting_bad_input_names_the_field_and_what_is_no_match_is_404(
    api: APIClient, django_capture_on_commit_callbacks: Any
) -> None:
    claim_id, earlier = claim_matching_nato(api, django_capture_on_commit_callbacks)
    stranger = make_claim(make_article(body="Rents rose 9%."), "Rents rose 9%")
    bad = api.get(f"/api/v1/claims/{claim_id}/matches/?rejected=maybe")
    assert bad.status_code == 400 and "rejected" in bad.json()
    assert api.post(f"/api/v1/claims/{claim_id}/matches/{stranger.pk}/reject/").status_code == 404
    assert api.post(f"/api/v1/claims/{claim_id}/matches/{stranger.pk}/restore/").status_code == 404
    assert api.post(f"/api/v1/claims/999999/matches/{earlier.pk}/reject/").status_code == 404
    assert api.post(f"/api/v1/claims/{earlier.pk}/matches/{claim_id}/reject/").status_code == 404, "one way only"
    assert api.get(f"/api/v1/claims/{claim_id}/matches/{earlier.pk}/reject/").status_code == 405
    assert listed(api, claim_id) == [earlier.pk], "refused requests change nothing"
    assert not ClaimMatch.objects.filter(rejected_at__isnull=False).exists()


def test_matching_again_fills_up_to_the_cap_around_rejected_matches() -> None:
    text = "NATO has 31 members."
    for i in range(matching.MAX_MATCHES + 1):
        make_claim(make_article(body=f"NATO has 31 members ({i})."), "NATO has 31 members", claim_text=text)
    claim = make_claim(make_article(body=text), "NATO has 31 members", claim_text=text)
    assert suggestion_services.claim_matches_refresh(claim_id=claim.pk) == matching.MAX_MATCHES
    rejected = ClaimMatch.objects.filter(claim=claim).order_by("matched_id").first()
    assert rejected is not None
    suggestion_services.claim_match_reject(match=rejected, actor=None)

    services.claim_update(claim=claim, changes={"claim_text": "NATO has 31 members now."}, actor=None)
    assert suggestion_services.claim_matches_refresh(claim_id=claim.pk) == matching.MAX_MATCHES
    shown = set(ClaimMatch.objects.filter(claim=claim, rejected_at__isnull=True).values_list("matched", flat=True))
    assert len(shown) == matching.MAX_MATCHES and rejected.matched_id not in shown, "the eleventh takes its place"
    assert ClaimMatch.objects.get(pk=rejected.pk).rejected_at is not None


def test_a_claim_is_matched_with_the_earlier_claims_sharing_most_words() -> None:
    alike = make_claim(
        make_article(body="NATO has 31 members."), "NATO has 31 members", claim_text="NATO has 31 members."
    )
    near = make_claim(make_article(body="NATO grew."), "NATO grew", claim_text="NATO grew in 2023.")
    make_claim(make_article(body="Rents rose 9%."), "Rents rose 9%", claim_text="Rents rose 9% in Leeds.")
    claim = make_claim(make_article(body="NATO has 31 members now."), "NATO has 31 members")
    text = "NATO has 31 members now."
    assert [pk for pk, _ in suggestion_queries.match_candidates(claim=claim, text=text)] == [alike.pk, near.pk]
    with mock.patch.object(suggestion_queries, "MATCH_CANDIDATES", 1):
        assert [pk for pk, _ in suggestion_queries.match_candidates(claim=claim, text=text)] == [alike.pk]
    assert list(suggestion_queries.match_candidates(claim=claim, text="... !")) == [], "nothing to search by"
    assert suggestion_services.claim_matches_refresh(claim_id=claim.pk) == 1


def test_picking_claims_to_match_can_use_the_full_text_index() -> None:
    make_claim(make_article(body="NATO has 31 members."), "NATO has 31 members")
    sharing = suggestion_queries.claims_sharing_words(Claim.objects.all(), "NATO has 31 members.")
    assert sharing is not None
    with connection.cursor() as cursor:
        # A handful of rows makes any plan cheap; take the other ways away (the test's transaction rolls this back).
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = sharing.explain()
    assert "suggestions_claim_fulltext" in plan, plan


def test_rejecting_a_match_replaced_meanwhile_is_a_conflict() -> None:
    claim = make_claim(make_article(body="NATO has 31 members."), "NATO has 31 members")
    earlier = make_claim(make_article(body="The alliance has 31 members."), "31 members")
    match = ClaimMatch.objects.create(claim=claim, matched=earlier, score=0.9)
    ClaimMatch.objects.filter(pk=match.pk).delete()  # matching ran again in between
    with pytest.raises(ApplicationError) as caught:
        suggestion_services.claim_match_reject(match=match, actor=None)
    assert (caught.value.code, caught.value.status) == ("stale_match", 409)
    assert not ClaimMatch.objects.exists()


def test_matching_report_counts_what_editors_marked_as_other_claims() -> None:
    out = StringIO()
    call_command("matching_report", stdout=out)
    assert out.getvalue().splitlines() == [
        "Matches: 0, of which 0 marked as other claims (-).",
        "Claims with a match: 0; best match marked as another claim: 0 (-).",
    ]
    first, second = (make_claim(make_article(body=f"Rents rose 9% in {y}."), "Rents rose 9%") for y in (2023, 2024))
    earlier = [make_claim(make_article(body=f"Rents went up 9% ({i})."), "Rents went up 9%") for i in range(3)]
    ClaimMatch.objects.bulk_create(
        [
            ClaimMatch(claim=first, matched=earlier[0], score=0.9, rejected_at=timezone.now()),  # its best
            ClaimMatch(claim=first, matched=earlier[1], score=0.8),
            ClaimMatch(claim=second, matched=earlier[1], score=0.95),  # its best
            ClaimMatch(claim=second, matched=earlier[2], score=0.7, rejected_at=timezone.now()),
        ]
    )
    out = StringIO()
    call_command("matching_report", stdout=out)
    assert out.getvalue().splitlines() == [
        "Matches: 4, of which 2 marked as other claims (50%).",
        "Claims with a match: 2; best match marked as another claim: 1 (50%).",
    ]


# --- Query counts ----------------------------------------------------------------------------------


def _count_queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def test_suggestion_list_has_a_fixed_number_of_queries(api: APIClient) -> None:
    counts = []
    for sentences in (1, 40):
        body = " ".join(f"The port handled {i + 2} ships in {1990 + i}, officials said." for i in range(sentences))
        article = make_article(body=body)
        suggestion_services.suggestions_detect(article_id=article.pk)
        assert Suggestion.objects.filter(article=article).count() >= sentences
        counts.append(_count_queries(api, f"/api/v1/articles/{article.pk}/suggestions/?limit=200"))
    assert counts[0] == counts[1], counts


def test_match_list_has_a_fixed_number_of_queries(api: APIClient) -> None:
    counts = []
    for earlier in (1, 8):
        for i in range(earlier):
            old = make_claim(make_article(body=f"Report {i}: NATO has 31 members."), "NATO has 31 members")
            if i % 2 == 0:
                publish(old, rating="true")
        claim = make_claim(make_article(body="NATO has 31 members today."), "NATO has 31 members")
        suggestion_services.claim_matches_refresh(claim_id=claim.pk)
        assert ClaimMatch.objects.filter(claim=claim).count() >= earlier
        counts.append(_count_queries(api, f"/api/v1/claims/{claim.pk}/matches/"))
    assert counts[0] == counts[1], counts


def test_demo_article_gets_suggestions(django_capture_on_commit_callbacks: Any) -> None:
    from annotations.demo import DEMO_ARTICLE_URL, demo_load

    with django_capture_on_commit_callbacks(execute=True):
        demo_load()
    article = Article.objects.get(url=DEMO_ARTICLE_URL)
    quotes = set(Suggestion.objects.filter(article=article).values_list("quote_exact", flat=True))
    assert "\u20ac38 million" in quotes
    assert "17 lines" not in quotes, "the demo's claims are not suggested again"


def test_an_edit_during_detection_stores_nothing_for_the_old_text() -> None:
    from suggestions import detection

    article = make_article(body=BODY)
    real_detect = detection.detect

    def detect_while_an_editor_saves(text: str) -> list[detection.Candidate]:
        services.article_revise(article=article, body="Edited: " + BODY, actor=None)
        return real_detect(text)

    with mock.patch.object(detection, "detect", side_effect=detect_while_an_editor_saves):
        summary = suggestion_services.suggestions_detect(article_id=article.pk)
    assert summary is not None and summary.superseded
    assert not Suggestion.objects.filter(article=article).exists()
    done = suggestion_services.suggestions_detect(article_id=article.pk)
    assert done is not None and done.revision_number == 2 and done.open_count > 0


def test_deleting_an_article_with_suggestions_and_matches(django_capture_on_commit_callbacks: Any) -> None:
    admin = make_user(Role.ADMIN)
    client = APIClient()
    client.force_authenticate(admin)
    with django_capture_on_commit_callbacks(execute=True):
        earlier = make_claim(make_article(body="NATO has 31 members."), "NATO has 31 members")
        article = make_article(body=BODY)
    suggestion = Suggestion.objects.filter(article=article).first()
    assert suggestion is not None
    with django_capture_on_commit_callbacks(execute=True):
        claim = suggestion_services.suggestion_accept(
            suggestion=suggestion, actor=admin, claim_text="NATO has 31 members"
        )
    assert ClaimMatch.objects.filter(claim=claim, matched=earlier).exists()
    assert client.delete(f"/api/v1/articles/{article.pk}/").status_code == 204
    assert not Suggestion.objects.filter(article_id=article.pk).exists()
    assert not ClaimMatch.objects.exists()
    # The earlier article goes too, with the matches that pointed at its claim.
    assert client.delete(f"/api/v1/articles/{earlier.article_id}/").status_code == 204


def test_admin_lists_suggestions_and_matches_read_only(client: Any) -> None:
    article = make_article(body=BODY)
    suggestion_services.suggestions_detect(article_id=article.pk)
    make_claim(make_article(body="NATO has 31 members."), "NATO has 31 members")
    claim = make_claim(article, "31 members", claim_text="NATO has 31 members.")
    suggestion_services.claim_matches_refresh(claim_id=claim.pk)
    client.force_login(make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    suggestion = Suggestion.objects.filter(article=article).first()
    assert suggestion is not None
    for url in (
        "/admin/suggestions/suggestion/",
        "/admin/suggestions/claimmatch/",
        f"/admin/suggestions/suggestion/{suggestion.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/suggestions/suggestion/add/").status_code == 403
