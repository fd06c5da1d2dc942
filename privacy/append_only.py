"""The SQL that makes the access log append-only in the database (used by migration 0002)."""

POSTGRES = """
CREATE OR REPLACE FUNCTION privacy_toegangslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Het toegangslog is alleen-toevoegen: % is niet toegestaan', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_toegangslog_geen_wijziging
    BEFORE UPDATE OR DELETE ON privacy_toegangslog
    FOR EACH ROW EXECUTE FUNCTION privacy_toegangslog_append_only();
CREATE TRIGGER privacy_toegangslog_geen_truncate
    BEFORE TRUNCATE ON privacy_toegangslog
    FOR EACH STATEMENT EXECUTE FUNCTION privacy_toegangslog_append_only();
"""
POSTGRES_TERUG = """
DROP TRIGGER IF EXISTS privacy_toegangslog_geen_wijziging ON privacy_toegangslog;
DROP TRIGGER IF EXISTS privacy_toegangslog_geen_truncate ON privacy_toegangslog;
DROP FUNCTION IF EXISTS privacy_toegangslog_append_only();
"""
SQLITE = [
    """CREATE TRIGGER privacy_toegangslog_geen_update BEFORE UPDATE ON privacy_toegangslog
       BEGIN SELECT RAISE(ABORT, 'Het toegangslog is alleen-toevoegen: UPDATE is niet toegestaan'); END;""",
    """CREATE TRIGGER privacy_toegangslog_geen_delete BEFORE DELETE ON privacy_toegangslog
       BEGIN SELECT RAISE(ABORT, 'Het toegangslog is alleen-toevoegen: DELETE is niet toegestaan'); END;""",
]
SQLITE_TERUG = [
    "DROP TRIGGER IF EXISTS privacy_toegangslog_geen_update;",
    "DROP TRIGGER IF EXISTS privacy_toegangslog_geen_delete;",
]


def maak(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)


def verwijder(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_TERUG, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_TERUG:
            schema_editor.execute(sql)
