"""factory_boy factories that build domain objects through the services, as the product does."""

from __future__ import annotations

import hashlib
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from annotations import services
from annotations.models import Article, Claim, Role, Source

User = get_user_model()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def role(self, create: bool, extracted: Role | None, **kwargs: Any) -> None:
        self.save()
        if extracted:
            self.groups.add(Group.objects.get(name=extracted.value))


def make_user(role: Role | None = None, **kwargs: Any) -> Any:
    return UserFactory(role=role, **kwargs)


def make_article(body: str = "NATO has 31 members. Four additional ships arrived.", **kwargs: Any) -> Article:
    kwargs.setdefault("title", "Test article")
    kwargs.setdefault("created_by", None)
    return services.article_create(body=body, **kwargs)


def make_claim(article: Article, exact: str, **kwargs: Any) -> Claim:
    kwargs.setdefault("created_by", None)
    return services.claim_create(article=article, exact=exact, **kwargs)


def make_fetched_source(
    claim: Claim,
    url: str = "https://example.org/report",
    stance: str = "supports",
    *,
    text: str = "The report lists 31 members.",
    title: str = "Report",
) -> Source:
    """A source as the fetch worker leaves it after a successful fetch."""
    source = services.source_add(claim=claim, url=url, stance=stance, added_by=None)
    document = services.FetchedDocument(
        final_url=url,
        http_status=200,
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
        extracted_text=text,
        title=title,
    )
    return services.source_record_fetched(source=source, document=document)
