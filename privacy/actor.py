"""Who acts. Every service that writes takes an Actor as `door` and writes its own audit trail with it
(timeline line and access-log row, in its own transaction), so a write from a management command is
logged exactly like one from the browser (Zulip's do_* actions are the model)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.conf import settings

from .profiel import profiel


def adres(request) -> str | None:
    """The client's address; behind our own load balancer the one it saw (the last hop it appended:
    earlier entries come from the client and prove nothing)."""
    kandidaat = request.META.get("REMOTE_ADDR")
    if settings.ACHTER_PROXY and request.META.get("HTTP_X_FORWARDED_FOR"):
        kandidaat = request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(kandidaat))
    except ValueError:
        return None


@dataclass(frozen=True)
class Actor:
    """A user acting in a role (on whose behalf, from which address), or a named system actor."""

    gebruiker: object | None  # the User; None only for a system actor without an account
    rol: str
    namens: str = ""
    adres: str | None = None
    systeem: str = ""  # the command's name for a system actor

    @classmethod
    def uit_request(cls, request, rol: str | None = None) -> Actor:
        p = profiel(request.user)
        return cls(request.user, rol or p.rol, ", ".join(sorted(p.organisaties)), adres(request))

    @classmethod
    def systeemactor(cls, naam: str, gebruiker=None) -> Actor:
        """A management command: named in the log, optionally on behalf of a user (--door)."""
        return cls(gebruiker, f"systeem ({naam})", systeem=naam)

    def met_rol(self, rol: str) -> Actor:
        """The same actor in the role that a relation with one student gives (the dossier's `inzage.rol`)."""
        return Actor(self.gebruiker, rol or self.rol, self.namens, self.adres, self.systeem)

    @property
    def pk(self) -> int | None:
        return getattr(self.gebruiker, "pk", None)

    @property
    def naam(self) -> str:
        if self.gebruiker is not None and self.gebruiker.is_authenticated:
            return self.gebruiker.get_username()
        return f"(systeem: {self.systeem})" if self.systeem else "(anoniem)"
