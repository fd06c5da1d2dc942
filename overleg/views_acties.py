"""STUB — replaced by the helper that owns this module."""

from django.http import Http404


def acties(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def actie_afronden(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def nazorg(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def nazorg_vastleggen(request, **kwargs):
    raise Http404("Nog niet gebouwd.")
