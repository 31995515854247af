"""The engine-specific full-text index: an FTS5 table on SQLite, a tsvector column on PostgreSQL."""

from django.db import migrations

FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS library_search_fts USING fts5("
    "title, body, content='', tokenize='unicode61 remove_diacritics 0')"
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(FTS)
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE library_searchdocument ADD COLUMN terms tsvector")
        schema_editor.execute(
            "CREATE INDEX library_searchdocument_terms ON library_searchdocument USING gin (terms)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS library_search_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE library_searchdocument DROP COLUMN terms")


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
