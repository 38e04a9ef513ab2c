"""A GIN index over claims' checkable sentences and quotes, for picking the claims a new one is matched with and
the fact_checks provider's search (PostgreSQL only)."""

from django.db import migrations

# The expression must be the one suggestions/queries.py (claims_sharing_words) builds with SearchVector, or
# PostgreSQL will not use the index. Built concurrently, so that a deploy does not hold up editors saving claims.
CREATE = """
CREATE INDEX CONCURRENTLY IF NOT EXISTS suggestions_claim_fulltext ON annotations_claim USING gin (
    to_tsvector('english'::regconfig, COALESCE(claim_text, '') || ' ' || COALESCE(quote_exact, ''))
)
"""
DROP = "DROP INDEX CONCURRENTLY IF EXISTS suggestions_claim_fulltext"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("annotations", "0007_source_passage_details"),
        ("suggestions", "0002_claim_match_rejection"),
    ]

    operations = [migrations.RunPython(create, drop)]
