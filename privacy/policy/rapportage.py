"""Who reaches which management overview, over which locaties (issue 11; DESIGN §3, §5).

- management: every overview for management, over all locaties of their instelling(s);
- the zorgcoördinator: the overviews for them, over their own locaties (their IZ teams');
- the SMW: only the overviews that name the SMW (their own SMW overview), over their teams' locaties;
- an overview with names (`toont_namen`, the state of affairs per client): the zorgcoördinator only, over
  their own locaties — never management, whatever else the exporter class says;
- within the SMW overview, an SMW who reaches it only through the SMW functie sees only their own work
  (`smw_alleen_eigen_werk`; seed 000), management and the zorgcoördinator all SMW work in their reach.
The overview decides nothing itself: the views ask `rapport_of_403` and `rapport_bereik`, the SMW overview
`smw_alleen_eigen_werk`.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zorgstructuur.models import Functie, Lidmaatschap, Locatie

from ..profiel import profiel

RAPPORT_FUNCTIES = (Functie.MANAGEMENT, Functie.ZORGCOORDINATOR, Functie.SMW)
# Who sees all SMW work of the locaties in their reach, not only their own.
ALLE_SMW_WERK = frozenset({Functie.MANAGEMENT, Functie.ZORGCOORDINATOR})


def _locaties_per_functie(user) -> dict[str, dict[int, frozenset[int]]]:
    """{functie: {instelling_id: locatie ids}} for the report functies of this user; two queries, once per
    request."""
    cached = getattr(user, "_zs_rapport_locaties", None)
    if cached is not None:
        return cached
    p = profiel(user)
    uit: dict[str, dict[int, set[int]]] = {}
    functies = p.functies & set(RAPPORT_FUNCTIES)
    if functies:
        rijen = Lidmaatschap.objects.geldig().filter(gebruiker=user, functie__in=functies).values_list(
            "functie", "team__instelling_id", "team__locaties")
        instellingen_mgmt = set()
        for functie, instelling_id, locatie_id in rijen:
            if functie == Functie.MANAGEMENT:
                instellingen_mgmt.add(instelling_id)
            elif functie == Functie.ZORGCOORDINATOR:
                if locatie_id in p.zc_locaties:
                    uit.setdefault(functie, {}).setdefault(instelling_id, set()).add(locatie_id)
            elif locatie_id:
                uit.setdefault(functie, {}).setdefault(instelling_id, set()).add(locatie_id)
        if instellingen_mgmt:
            for instelling_id, locatie_id in Locatie.objects.filter(
                    instelling_id__in=instellingen_mgmt).values_list("instelling_id", "pk"):
                uit.setdefault(Functie.MANAGEMENT, {}).setdefault(instelling_id, set()).add(locatie_id)
    user._zs_rapport_locaties = {f: {i: frozenset(s) for i, s in d.items()} for f, d in uit.items()}
    return user._zs_rapport_locaties


def rapport_bereik(user, exporter) -> dict[int, frozenset[int]]:
    """{instelling_id: locatie ids} this user may see in this overview (empty: not at all)."""
    if not user.is_authenticated:
        return {}
    per_functie = _locaties_per_functie(user)
    functies = {Functie.ZORGCOORDINATOR} if exporter.toont_namen else set(exporter.functies)
    bereik: dict[int, set[int]] = {}
    for functie in functies & set(per_functie):
        for instelling_id, locaties in per_functie[functie].items():
            bereik.setdefault(instelling_id, set()).update(locaties)
    return {i: frozenset(s) for i, s in bereik.items() if s}


def rapporten_voor(user) -> list:
    """The overviews this user reaches, in menu order."""
    from rapportage.exporters import alle

    return [e for e in alle() if rapport_bereik(user, e)]


def rapport_of_403(user, naam: str):
    """The exporter class `naam` if this user reaches it; an unknown name 404, an overview not for their
    functie 403 (the section, not an object: it says nothing about data)."""
    from rapportage.exporters import zoek

    exporter = zoek(naam)
    if exporter is None:
        raise Http404("Onbekend overzicht.")
    if not rapport_bereik(user, exporter):
        raise PermissionDenied("Dit overzicht is niet voor uw functie.")
    return exporter


def smw_alleen_eigen_werk(user):
    """The SMW whose own work (contacts they registered, clients they manage) is all this user sees in the SMW
    overview: the user, when they reach it only as SMW; None when they see all SMW work in their reach
    (management, zorgcoördinator) or when no user asks (the command line, which runs as a system actor)."""
    if user is None or profiel(user).functies & ALLE_SMW_WERK:
        return None
    return user
