"""factory_boy factories that build domain objects through the services, as the product does."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from annotations import services
from annotations.models import Article, Claim, Role

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
