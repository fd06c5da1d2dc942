"""STUB — replaced by the helper that owns this module."""

from django.http import Http404


def uitnodigen(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def intrekken(request, **kwargs):
    raise Http404("Nog niet gebouwd.")
