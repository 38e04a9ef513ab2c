"""Bounding a provider's database search in time (PostgreSQL statement_timeout)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def statement_timeout(seconds: float) -> Iterator[None]:
    """Cancel any query inside the block that runs longer than `seconds` (PostgreSQL; a no-op on SQLite)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # SET LOCAL ends with the transaction, so the pooled connection keeps its default.
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{int(seconds * 1000)}ms"])
        yield
