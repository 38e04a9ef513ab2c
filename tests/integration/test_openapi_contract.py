"""schemathesis against /api/schema/: no 5xx and no answer that breaks the schema, logged in and anonymous."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from annotations.demo import demo_load
from annotations.models import Article, Claim

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# The schema view needs no database, so the schema loads when the module is collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_test_connection(db: None) -> Iterator[None]:
    # Like Django's test client: keep the test's connection (and its transaction) across requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(db: None) -> str:
    demo_load()
    from accounts.models import User

    token, _ = Token.objects.get_or_create(user=User.objects.get(username="demo-reviewer"))
    return str(token.key)


def _with_known_ids(case: Any) -> None:
    # Point path ids at rows that exist, so generated requests reach the views and not only 404.
    ids = {
        "article_id": Article.objects.values_list("pk", flat=True).first(),
        "claim_id": Claim.objects.values_list("pk", flat=True).first(),
    }
    for name, value in ids.items():
        if case.path_parameters and name in case.path_parameters and value is not None:
            case.path_parameters[name] = value


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_answers_within_its_schema_for_an_editor(case: Any, editor_token: str) -> None:
    _with_known_ids(case)
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"}, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_answers_within_its_schema_for_anonymous_clients(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
