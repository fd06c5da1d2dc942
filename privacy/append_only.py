"""The SQL that makes the access log append-only and chained in the database (migrations 0002, 0003).

Two parts, both owned by the migrating role, which the app's own role cannot alter or drop (README, Productie):
- weigering: UPDATE, DELETE and TRUNCATE are refused, on PostgreSQL and SQLite;
- keten (PostgreSQL): a BEFORE INSERT trigger sets the time, the place in the chain and the hash, so no
  caller chooses them. It takes a transaction-wide advisory lock: rows are chained one writer at a time,
  each onto the last committed row (the lock is held until commit, so a rolled-back row leaves no gap).
"""

from .keten import KETEN_VELDEN

WEIGERING_POSTGRES = """
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
WEIGERING_POSTGRES_TERUG = """
DROP TRIGGER IF EXISTS privacy_toegangslog_geen_wijziging ON privacy_toegangslog;
DROP TRIGGER IF EXISTS privacy_toegangslog_geen_truncate ON privacy_toegangslog;
DROP FUNCTION IF EXISTS privacy_toegangslog_append_only();
"""
WEIGERING_SQLITE = [
    """CREATE TRIGGER privacy_toegangslog_geen_update BEFORE UPDATE ON privacy_toegangslog
       BEGIN SELECT RAISE(ABORT, 'Het toegangslog is alleen-toevoegen: UPDATE is niet toegestaan'); END;""",
    """CREATE TRIGGER privacy_toegangslog_geen_delete BEFORE DELETE ON privacy_toegangslog
       BEGIN SELECT RAISE(ABORT, 'Het toegangslog is alleen-toevoegen: DELETE is niet toegestaan'); END;""",
]
WEIGERING_SQLITE_TERUG = [
    "DROP TRIGGER IF EXISTS privacy_toegangslog_geen_update;",
    "DROP TRIGGER IF EXISTS privacy_toegangslog_geen_delete;",
]

# The canonical text of each field, exactly as keten._tekst() writes it in Python.
_ALS_TEKST = {
    "tijdstip": """to_char(NEW.tijdstip AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')""",
    "ip_adres": "host(NEW.ip_adres)",
}


def _tekst_sql(veld: str) -> str:
    waarde = _ALS_TEKST.get(veld, f"NEW.{veld}::text")
    return f"CASE WHEN {waarde} IS NULL THEN '-' ELSE length({waarde}) || ':' || {waarde} END"


# search_path is fixed so that nothing the app's role could create (a function, operator or temporary
# table of the same name) is picked up by the trigger; the table is named by schema.
KETEN_POSTGRES = """
CREATE OR REPLACE FUNCTION privacy_toegangslog_keten() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    vorig_nummer bigint;
    vorig_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(7513);
    EXECUTE format('SELECT volgnummer, hash FROM %I.%I ORDER BY volgnummer DESC LIMIT 1',
                   TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO vorig_nummer, vorig_hash;
    NEW.tijdstip := clock_timestamp();
    NEW.ip_adres := host(NEW.ip_adres)::inet;
    NEW.volgnummer := coalesce(vorig_nummer, 0) + 1;
    NEW.vorige_hash := coalesce(vorig_hash, repeat('0', 64));
    NEW.hash := encode(sha256(convert_to(NEW.vorige_hash || '|' || VELDEN, 'UTF8')), 'hex');
    RETURN NEW;
END;
$$;
CREATE TRIGGER privacy_toegangslog_keten
    BEFORE INSERT ON privacy_toegangslog
    FOR EACH ROW EXECUTE FUNCTION privacy_toegangslog_keten();
""".replace("VELDEN", "\n        || '|' || ".join(_tekst_sql(veld) for veld in KETEN_VELDEN))
KETEN_POSTGRES_TERUG = """
DROP TRIGGER IF EXISTS privacy_toegangslog_keten ON privacy_toegangslog;
DROP FUNCTION IF EXISTS privacy_toegangslog_keten();
"""


def _uitvoeren(schema_editor, postgres, sqlite):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres, params=None)
    elif vendor == "sqlite":
        for sql in sqlite:
            schema_editor.execute(sql)


def maak_weigering(apps, schema_editor):
    _uitvoeren(schema_editor, WEIGERING_POSTGRES, WEIGERING_SQLITE)


def verwijder_weigering(apps, schema_editor):
    _uitvoeren(schema_editor, WEIGERING_POSTGRES_TERUG, WEIGERING_SQLITE_TERUG)


def maak_keten(apps, schema_editor):
    _uitvoeren(schema_editor, KETEN_POSTGRES, [])  # SQLite: privacy.keten does it in Python


def verwijder_keten(apps, schema_editor):
    _uitvoeren(schema_editor, KETEN_POSTGRES_TERUG, [])


def maak(apps, schema_editor):
    maak_weigering(apps, schema_editor)
    maak_keten(apps, schema_editor)


def verwijder(apps, schema_editor):
    verwijder_weigering(apps, schema_editor)
    verwijder_keten(apps, schema_editor)
