"""Migration 0005 repairs timeline lines stored before year 1 (PostgreSQL only: SQLite never stored them)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection, transaction

from deelnemers.models import Gebeurtenis

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="alleen PostgreSQL bewaarde zo'n tijdstip"),
]


def _lees(pk):
    with transaction.atomic():
        return Gebeurtenis.objects.get(pk=pk).tijdstip


def test_tijdlijnregel_voor_jaar_1_wordt_weer_leesbaar(eigen_deelnemer, als, actors):
    regel = Gebeurtenis.objects.filter(deelnemer=eigen_deelnemer).first()
    with connection.cursor() as cursor:  # what the old code stored for an entry dated 01-01-0001, at 00:05
        cursor.execute("UPDATE deelnemers_gebeurtenis SET tijdstip = '0001-01-01 00:05:00+00:19:32' WHERE id = %s",
                       [regel.pk])
    with pytest.raises(Exception, match="before year 1"):
        _lees(regel.pk)
    migratie = importlib.import_module("deelnemers.migrations.0005_tijdlijn_voor_jaar_1")
    with connection.schema_editor() as editor:
        migratie.herstel(apps, editor)
    assert _lees(regel.pk).year == 1
    assert als(actors["mentor"]).get(f"/deelnemers/{eigen_deelnemer.pk}/?tijdlijn=999").status_code == 200
