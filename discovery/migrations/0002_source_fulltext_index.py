"""A GIN index over fetched sources' text, for the library provider's full-text search (PostgreSQL only)."""

from django.db import migrations

# The expression must be the one discovery/providers/library.py builds with SearchVector, or
# PostgreSQL will not use the index; partial, since only fetched sources are searched.
CREATE = """
CREATE INDEX IF NOT EXISTS discovery_fetched_source_fulltext ON annotations_source USING gin (
    (setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
     || setweight(to_tsvector('english'::regconfig, COALESCE(extracted_text, '')), 'B'))
) WHERE fetch_state = 'fetched'
"""
DROP = "DROP INDEX IF EXISTS discovery_fetched_source_fulltext"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0006_source_canonical_url"),
        ("discovery", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
