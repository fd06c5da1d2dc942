"""STUB — replaced by the helper that owns this module."""

from django.http import Http404


def agendapunt(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def actie_toevoegen(request, **kwargs):
    raise Http404("Nog niet gebouwd.")
