"""Demo data for a first run: an original article with marked claims in several workflow states, and one account per role."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from annotations import services, workflow
from annotations.models import Article, Rating, Role

DEMO_ARTICLE_URL = "https://news.example.org/lindenport/ferry-routes"

# Written for this project; Lindenport and everyone in it are invented.
DEMO_TITLE = "Lindenport council approves four new ferry routes as ridership climbs"
DEMO_BODY = """\
The Lindenport city council voted on Tuesday to add four new ferry routes to the harbour network, bringing the total to 17 lines by the summer of 2027.

Council leader Maren Okafor said ridership had grown by 23 percent since 2022 and that the ferries now carry "more than 40,000 passengers on a typical weekday". She told reporters that the expansion would cost €38 million, of which the regional government had already pledged half.

The network's operator, Lindenport Waterways, runs 31 vessels, eight of them electric. According to the operator's annual report, the first electric ferry entered service on 14 March 2019, and the fleet has not added a diesel boat in over five years.

Opposition councillor Pieter Haas questioned the figures. "The council keeps saying forty thousand, but the ticket data show about 28,000 boardings on an ordinary Wednesday," he said, adding that three of the existing routes run at less than half capacity.

The plan also includes a new terminal at the old grain wharf, which the council said would be the largest passenger pier on the coast. Construction is expected to take two years and to begin in January 2027.

Residents can comment on the proposal until 30 November at the town hall or online.
"""


@dataclass(frozen=True)
class DemoClaim:
    quote: str
    claim_text: str
    claimant: str
    # The workflow actions taken, in order, after the verdict is written.
    actions: tuple[str, ...] = ()
    rating: str | None = None
    summary: str = ""
    explanation: str = ""
    sources: tuple[tuple[str, str, str], ...] = ()  # (url, stance, note)


DEMO_CLAIMS = (
    DemoClaim(
        quote="four new ferry routes",
        claim_text="Lindenport is adding four new ferry routes.",
        claimant="Lindenport city council",
        actions=("submit", "approve", "publish"),
        rating="true",
        summary="The council's resolution lists four new routes.",
        explanation="The adopted resolution names routes 14 to 17, all of them new.",
        sources=(("https://council.example.org/minutes/ferry-resolution", "supports", "Adopted resolution."),),
    ),
    DemoClaim(
        quote="17 lines",
        claim_text="The Lindenport ferry network will have 17 lines by summer 2027.",
        claimant="Lindenport city council",
        actions=("submit", "approve"),
        rating="mostly-true",
        summary="17 lines are planned, but two depend on the new terminal.",
        explanation="The timetable plan shows 17 lines; lines 16 and 17 need the grain wharf terminal.",
        sources=(("https://waterways.example.org/plans/2027", "supports", "Operator's network plan."),),
    ),
    DemoClaim(
        quote="grown by 23 percent since 2022",
        claim_text="Lindenport ferry ridership has grown by 23 percent since 2022.",
        claimant="Maren Okafor",
        actions=("submit",),
        rating="half-true",
        summary="Ridership grew 23% in boardings, but only 9% in distinct riders.",
        explanation="The operator counts boardings; transfers between routes inflate the growth figure.",
        sources=(("https://stats.example.org/ferries/ridership", "context", "Regional transport statistics."),),
    ),
    DemoClaim(
        quote="more than 40,000 passengers on a typical weekday",
        claim_text="Lindenport ferries carry more than 40,000 passengers on a typical weekday.",
        claimant="Maren Okafor",
        actions=("submit", "request_changes"),
        rating="mostly-false",
        summary="Ticket data show about 28,000 weekday boardings.",
        explanation="The 40,000 figure counts a festival week; ordinary weekdays are lower.",
        sources=(("https://waterways.example.org/reports/annual", "refutes", "Annual report, table 3."),),
    ),
    DemoClaim(
        quote="runs 31 vessels, eight of them electric",
        claim_text="Lindenport Waterways runs 31 vessels, eight of them electric.",
        claimant="Lindenport Waterways",
        rating="true",
        summary="The fleet list shows 31 vessels, eight electric.",
        explanation="Draft: waiting for the operator's fleet register.",
    ),
    DemoClaim(
        quote="14 March 2019",
        claim_text="Lindenport's first electric ferry entered service on 14 March 2019.",
        claimant="Lindenport Waterways",
    ),
    DemoClaim(
        quote="the largest passenger pier on the coast",
        claim_text="The grain wharf terminal will be the largest passenger pier on the coast.",
        claimant="Lindenport city council",
    ),
)


# What the demo's invented source pages say: the desk's library, in which reference discovery
# finds support for new claims on the article (the budget, the electric fleet, the terminal).
DEMO_SOURCE_TEXTS = {
    "https://council.example.org/minutes/ferry-resolution": (
        "The council adopted the ferry resolution by 21 votes to 8. It creates routes 14 to 17, all of them new, "
        "and budgets the expansion at €38 million; the regional government has pledged €19 million, half of the cost. "
        "A new passenger terminal at the old grain wharf is part of the plan; construction starts in January 2027."
    ),
    "https://waterways.example.org/plans/2027": (
        "Lindenport Waterways plans 17 lines for the summer 2027 timetable. Lines 16 and 17 depend on the new "
        "grain wharf terminal. The operator's fleet of 31 vessels includes eight electric ferries."
    ),
    "https://stats.example.org/ferries/ridership": (
        "Regional transport statistics: ferry boardings in Lindenport grew by 23 percent between 2022 and 2025, "
        "while the number of distinct riders grew by 9 percent. Transfers between routes count as boardings."
    ),
    "https://waterways.example.org/reports/annual": (
        "Annual report of Lindenport Waterways. Table 3: an ordinary weekday saw about 28,000 boardings; the "
        "busiest day of the festival week saw 41,200. The first electric ferry entered service on 14 March 2019, "
        "and no diesel vessel has been bought since 2019."
    ),
}


def _stored_copy(url: str, note: str) -> services.FetchedDocument:
    text = DEMO_SOURCE_TEXTS.get(url) or f"{note} Stored copy of {url} for the Lindenport demo; the page is invented."
    return services.FetchedDocument(
        final_url=url,
        http_status=200,
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
        extracted_text=text,
        title=note.rstrip("."),
        publisher="Lindenport demo sources",
    )


@dataclass
class DemoResult:
    created_data: bool
    # username -> (role, password); empty when the accounts existed already.
    new_logins: dict[str, tuple[str, str]] = field(default_factory=dict)


def _demo_users(*, new_passwords: bool) -> tuple[dict[str, User], dict[str, tuple[str, str]]]:
    users: dict[str, User] = {}
    logins: dict[str, tuple[str, str]] = {}
    for role in Role:
        username = f"demo-{role.value}"
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        user.groups.add(Group.objects.get(name=role.value))
        if created or new_passwords:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
            logins[username] = (role.label, password)
        users[role.value] = user
    return users, logins


@transaction.atomic
def demo_load(*, new_passwords: bool = False) -> DemoResult:
    """Create the demo accounts and article once; later runs change nothing unless asked for new passwords."""
    users, logins = _demo_users(new_passwords=new_passwords)
    if Article.objects.filter(url=DEMO_ARTICLE_URL).exists():
        return DemoResult(created_data=False, new_logins=logins)

    annotator, reviewer = users[Role.ANNOTATOR], users[Role.REVIEWER]
    article = services.article_create(
        title=DEMO_TITLE,
        body=DEMO_BODY,
        url=DEMO_ARTICLE_URL,
        publisher="Lindenport Evening Post",
        author="Demo Desk",
        published_at=datetime.datetime(2026, 11, 24, 9, 30, tzinfo=datetime.UTC),
        created_by=annotator,
    )
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    for spec in DEMO_CLAIMS:
        claim = services.claim_create(
            article=article,
            exact=spec.quote,
            claim_text=spec.claim_text,
            claimant=spec.claimant,
            assignee=annotator,
            created_by=annotator,
        )
        for url, stance, note in spec.sources:
            source = services.source_add(claim=claim, url=url, stance=stance, note=note, added_by=annotator)
            # The demo's sources are invented pages, so they come with a stored copy, as if fetched.
            services.source_record_fetched(source=source, document=_stored_copy(url, note))
        if spec.rating:
            services.verdict_write(
                claim=claim,
                author=annotator,
                rating=ratings[spec.rating],
                summary=spec.summary,
                explanation=spec.explanation,
                expected_version=None,
            )
        for action in spec.actions:
            actor = annotator if action == "submit" else reviewer
            comment = "Please separate boardings from riders." if action == "request_changes" else ""
            workflow.claim_transition(claim=claim, action=action, actor=actor, comment=comment)
    services.comment_add(
        claim=article.claims.get(quote_exact="14 March 2019"),
        author=reviewer,
        body="Can we find the operator's press release from the launch day?",
    )
    return DemoResult(created_data=True, new_logins=logins)
