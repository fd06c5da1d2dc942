"""What a user's valid memberships give, computed once per request: the base of the policy and of
the actor that writes the log (so neither needs the other)."""

from dataclasses import dataclass

from zorgstructuur.models import Functie, Lidmaatschap, Team


@dataclass(frozen=True)
class Profiel:
    """What a user's valid memberships give; computed once per request (one query)."""

    functies: frozenset[str] = frozenset()
    docent_opleidingen: frozenset[int] = frozenset()
    taakdocent_opleidingen: frozenset[int] = frozenset()
    zc_locaties: frozenset[int] = frozenset()
    organisaties: frozenset[str] = frozenset()
    organisatie_ids: frozenset[int] = frozenset()
    # (team soort, locatie) of every membership but a partner's: whose team handles a traject at that level
    # there (privacy.policy.dossier: an IZ / ZAT member's relation, without a query per dossier).
    interne_teams: frozenset[tuple[str, int]] = frozenset()

    @property
    def rol(self) -> str:
        return ", ".join(sorted(Functie(f).label for f in self.functies)) or "geen functie"


def profiel(user) -> Profiel:
    if not user.is_authenticated:
        return Profiel()
    cached = getattr(user, "_zs_profiel", None)
    if cached is not None:
        return cached
    functies, docent, taakdocent, zc, organisaties, organisatie_ids = set(), set(), set(), set(), set(), set()
    interne_teams = set()
    rijen = Lidmaatschap.objects.geldig().filter(gebruiker=user).values_list(
        "functie", "team__soort", "team__opleidingen", "team__locaties", "organisatie__naam", "organisatie_id"
    )
    for functie, soort, opleiding_id, locatie_id, organisatie, organisatie_id in rijen:
        functies.add(functie)
        if organisatie:
            organisaties.add(organisatie)
            organisatie_ids.add(organisatie_id)
        if soort == Team.Soort.TEAMOVERLEG and opleiding_id:
            if functie == Functie.TAAKDOCENT:
                taakdocent.add(opleiding_id)
            elif functie == Functie.DOCENT:
                docent.add(opleiding_id)
        if functie == Functie.ZORGCOORDINATOR and locatie_id and soort == Team.Soort.INTERN_ZORGTEAM:
            zc.add(locatie_id)
        if functie != Functie.PARTNER and locatie_id:
            interne_teams.add((soort, locatie_id))
    user._zs_profiel = Profiel(
        frozenset(functies), frozenset(docent), frozenset(taakdocent), frozenset(zc), frozenset(organisaties),
        frozenset(organisatie_ids), frozenset(interne_teams),
    )
    return user._zs_profiel
