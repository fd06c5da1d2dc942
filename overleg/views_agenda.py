"""STUB — replaced by the helper that owns this module."""

from django.http import Http404


def lijst(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def plannen(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def overleg(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def wijzigen(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def annuleren(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def gehouden(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def aanwezigheid(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def agenda_bewerken(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def agendapunt_wijzigen(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def agendapunt_verwijderen(request, **kwargs):
    raise Http404("Nog niet gebouwd.")
