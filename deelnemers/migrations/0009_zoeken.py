"""Name search that finds people the way staff type them (issue 12): on PostgreSQL the contrib extensions
pg_trgm and unaccent, an IMMUTABLE wrapper that makes one normalised search name of the name parts, and a
trigram index on it (the search is `zs_zoeknaam(...) LIKE '% woord%'` per word, see DeelnemerQuerySet.zoek).
On SQLite the same function is a Python function (zorgstructuur.zoeken), so this migration does nothing there."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

# unaccent() itself is only STABLE (its dictionary could change), so an index cannot use it directly; the
# wrapper names dictionary and schema explicitly, which makes IMMUTABLE safe. Hyphens become spaces so
# either part of "Jansen-de Vries" starts a word; the leading space lets "% woord%" match the first word.
# COST: unaccent per row is dear; at the default cost the planner walks the list's name index and computes it
# for thousands of rows to find 50 matches of a rare name (0.5 s for "ozturk") instead of using the index.
FUNCTIE = """
CREATE OR REPLACE FUNCTION zs_zoeknaam(voornaam text, tussenvoegsel text, achternaam text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000 AS $$
    SELECT ' ' || translate(lower(public.unaccent('public.unaccent'::regdictionary,
        voornaam || ' ' || tussenvoegsel || ' ' || achternaam)), '-', ' ')
$$
"""
# Finer statistics of the search names (ANALYZE keeps them for an expression index): the planner then
# knows how many names a word starts, so it walks the name index for "van" but not for "jan".
INDEX = """
CREATE INDEX IF NOT EXISTS deelnemer_zoeknaam_trgm ON deelnemers_deelnemer
    USING gin (zs_zoeknaam(voornaam, tussenvoegsel, achternaam) gin_trgm_ops);
ALTER INDEX deelnemer_zoeknaam_trgm ALTER COLUMN 1 SET STATISTICS 1000
"""
# A studentnummer is searched from its start (LIKE 'woord%'): the same kind of index, so a search on
# "name OR studentnummer" is a BitmapOr of two index scans instead of a scan of all students.
STUDENTNUMMER_INDEX = """
CREATE INDEX IF NOT EXISTS deelnemer_studentnummer_trgm ON deelnemers_deelnemer
    USING gin (studentnummer gin_trgm_ops)
"""


def alleen_postgresql(sql):
    def uitvoeren(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return uitvoeren


class Migration(migrations.Migration):

    dependencies = [
        ('deelnemers', '0008_meldingen_en_gebeurtenissen_overleg'),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(alleen_postgresql(FUNCTIE),
                             alleen_postgresql("DROP FUNCTION IF EXISTS zs_zoeknaam(text, text, text)")),
        migrations.RunPython(alleen_postgresql(INDEX),
                             alleen_postgresql("DROP INDEX IF EXISTS deelnemer_zoeknaam_trgm")),
        migrations.RunPython(alleen_postgresql(STUDENTNUMMER_INDEX),
                             alleen_postgresql("DROP INDEX IF EXISTS deelnemer_studentnummer_trgm")),
        migrations.AddIndex(
            model_name='deelnemer',
            index=models.Index(fields=['achternaam', 'voornaam', 'id'], name='deelnemer_naam_idx'),
        ),
    ]
