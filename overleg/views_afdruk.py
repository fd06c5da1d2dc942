"""STUB — replaced by the helper that owns this module."""

from django.http import Http404


def agenda(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def agenda_pdf(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def verslag(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def verslag_pdf(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def versturen(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def ics(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def feed_beheren(request, **kwargs):
    raise Http404("Nog niet gebouwd.")


def feed(request, **kwargs):
    raise Http404("Nog niet gebouwd.")
