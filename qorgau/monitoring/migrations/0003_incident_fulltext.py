"""The full-text index over incidents' public text: an external-content FTS5 table kept in step by
triggers on SQLite, a GIN index over to_tsvector('simple', search_text) on PostgreSQL. The same
statements are in qorgau/monitoring/fulltext.py (migrations do not import app code)."""

from django.db import migrations

SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS monitoring_incident_fts USING fts5(search_text, "
    "content='monitoring_incident', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='3 4 5 6 7 8')",
    "CREATE TRIGGER IF NOT EXISTS monitoring_incident_fts_ai AFTER INSERT ON monitoring_incident "
    "BEGIN INSERT INTO monitoring_incident_fts(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS monitoring_incident_fts_ad AFTER DELETE ON monitoring_incident "
    "BEGIN INSERT INTO monitoring_incident_fts(monitoring_incident_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS monitoring_incident_fts_au "
    "AFTER UPDATE OF search_text ON monitoring_incident "
    "BEGIN INSERT INTO monitoring_incident_fts(monitoring_incident_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO monitoring_incident_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)
POSTGRESQL = (
    "CREATE INDEX IF NOT EXISTS monitoring_incident_fts ON monitoring_incident "
    "USING gin (to_tsvector('simple', search_text))",
)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'monitoring_incident_fts'"
            )
            existed = cursor.fetchone()[0]
        for statement in SQLITE:
            schema_editor.execute(statement)
        if not existed:  # incidents written before the index: read them all once
            schema_editor.execute(
                "INSERT INTO monitoring_incident_fts(monitoring_incident_fts) VALUES ('rebuild')"
            )
    elif connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS monitoring_incident_fts_{suffix}")
        schema_editor.execute("DROP TABLE IF EXISTS monitoring_incident_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS monitoring_incident_fts")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_seed_vocabulary")]
    operations = [migrations.RunPython(forwards, backwards)]
