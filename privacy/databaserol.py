"""The PostgreSQL role the app runs as (README, Productie).

Migrations run as the owner of the tables; the app connects as a role that may read and write its
tables but only INSERT and SELECT the access log, and that owns nothing, so it can neither change nor
drop the log's triggers and functions, nor rewrite or empty the log. Run by the owner
(`manage.py maak_app_rol`); running it again after a migration is harmless.
"""

import re
from urllib.parse import quote, urlencode

from psycopg import sql

from .models import Toegangslog

ROLNAAM = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
LOG = Toegangslog._meta.db_table

# Default privileges: tables and sequences that later migrations create are the app's as well.
RECHTEN = """
GRANT USAGE ON SCHEMA {schema} TO {rol};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {rol};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {rol};
ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {rol};
ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {rol};
REVOKE ALL ON TABLE {schema}.{log} FROM {rol};
GRANT SELECT, INSERT ON TABLE {schema}.{log} TO {rol};
REVOKE INSERT, UPDATE, DELETE ON TABLE {schema}.django_migrations FROM {rol};
"""


def geldige_naam(rol: str) -> str:
    if not ROLNAAM.match(rol):
        raise ValueError(f"Ongeldige rolnaam {rol!r}: kleine letters, cijfers en _, hoogstens 63 tekens.")
    return rol


def bestaat(cursor, rol) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [rol])
    return cursor.fetchone() is not None


def aanmaken(cursor, rol):
    cursor.execute(f'CREATE ROLE "{geldige_naam(rol)}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION '
                   "NOBYPASSRLS")


def wachtwoord_zetten(cursor, rol, wachtwoord):
    literal = sql.Literal(wachtwoord).as_string(cursor.connection)
    cursor.execute(f'ALTER ROLE "{geldige_naam(rol)}" PASSWORD {literal}')


def rechten_geven(cursor, rol):
    cursor.execute("SELECT current_schema()")
    schema = cursor.fetchone()[0]
    cursor.execute(RECHTEN.format(schema=f'"{schema}"', rol=f'"{geldige_naam(rol)}"', log=f'"{LOG}"'))


def bezwaren(cursor, rol) -> list[str]:
    """What would let this role change the log after all; empty when it is as restricted as it should be."""
    cursor.execute(
        """SELECT r.rolsuper, r.rolbypassrls, pg_has_role(r.oid, c.relowner, 'USAGE'),
                  has_table_privilege(r.oid, c.oid, 'INSERT'), has_table_privilege(r.oid, c.oid, 'SELECT'),
                  has_table_privilege(r.oid, c.oid, 'UPDATE'), has_table_privilege(r.oid, c.oid, 'DELETE'),
                  has_table_privilege(r.oid, c.oid, 'TRUNCATE'), has_table_privilege(r.oid, c.oid, 'TRIGGER')
           FROM pg_roles r, pg_class c
           WHERE r.rolname = %s AND c.oid = to_regclass(%s)""",
        [rol, LOG],
    )
    rij = cursor.fetchone()
    if rij is None:
        return [f"Rol {rol} of tabel {LOG} bestaat niet (eerst migrate?)."]
    superuser, bypassrls, eigenaar, insert, select, update, delete, truncate, trigger = rij
    fouten = []
    if superuser:
        fouten.append(f"{rol} is superuser: die gaat om elk recht heen.")
    if eigenaar:
        fouten.append(f"{rol} is (lid van) de eigenaar van {LOG}: die kan de triggers uitzetten.")
    if bypassrls:
        fouten.append(f"{rol} heeft BYPASSRLS.")
    if update or delete or truncate or trigger:
        fouten.append(f"{rol} mag {LOG} wijzigen, legen of er triggers op zetten.")
    if not (insert and select):
        fouten.append(f"{rol} mag {LOG} niet aanvullen en lezen: de app kan dan niet loggen.")
    return fouten


def url(settings_dict, rol, wachtwoord=None) -> str:
    """A DATABASE_URL for the same database as `settings_dict`, as this role."""
    gebruiker = quote(rol, safe="") + (f":{quote(wachtwoord, safe='')}" if wachtwoord else "")
    host = settings_dict.get("HOST") or ""
    host = quote(host, safe="") if host.startswith("/") else (f"[{host}]" if ":" in host else host)
    poort = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    opties = {k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    query = f"?{urlencode(opties)}" if opties else ""
    return f"postgres://{gebruiker}@{host}{poort}/{quote(settings_dict['NAME'], safe='')}{query}"
