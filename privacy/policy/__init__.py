"""The one access policy: who may see or do what, for single objects and for querysets.

Every view and every queryset that touches personal data asks this package; nothing else decides
access. Access comes from team memberships with a functie (the main path) and from explicit
django-guardian grants with an end date (an invited partner, an added specialist).

One rule for refusals:
- 403 means "this part of the application is not for your functie" (a view guard, `privacy.toegang.
  vereist`): it is decided before any object is looked up, so it says nothing about an id.
- 404 means both "you may not read this" and "you may read this but not do that": a URL with the id of
  something one may not see or not change answers as if it did not exist (pretix: "to prevent
  information leakage"). The `…_of_404` getters decide it in one call and log the refusal.
Both are written to the access log (the getters with their reason, privacy.middleware otherwise).

Layers (DESIGN §5) per relation with the student (`Relatie`):
- mentor: basis, begeleiding; docent of the team: basis; taakdocent zorg of the team: basis,
  begeleiding, zorg; zorgcoördinator of the locatie: basis to zat;
- casemanager of an open traject, internal member of the IZ that handles it: basis, zorg; internal
  member of the ZAT that handles it: basis, zorg, zat (so an SMW or specialist in a team sees that
  team's cases, not only their explicit grants);
- a grant: dossier_zorg → basis, zorg; dossier_zat → basis, zat (a partner's only while the consent
  names their organisation); dossier_vertrouwelijk → the vertrouwelijk entries of the one discipline
  the grant names.
Vertrouwelijk entries are read by their author's discipline (any relation in that discipline) and by
who was granted that discipline; werkaantekeningen by their author alone.

Split by subject: `rechten` (which parts of the application a functie uses), `dossier` (students,
layers, entries, notes, the log), `zorgroute` (aanmelding, intake, zorgtraject, consent, signals),
`zorgstatus` (what each user may learn of where a case stands, and the basic data an external partner sees),
`overleg` (IZ and ZAT meetings and their agenda).
"""

from ..profiel import Profiel, profiel
from .dossier import (
    GRANT_LAGEN,
    LAAG_VOLGORDE,
    SCHRIJFLAGEN,
    Inzage,
    Relatie,
    deelnemer_of_404,
    deelnemers_voor,
    discipline_van,
    dossieritem_of_404,
    dossieritems_voor,
    gebeurtenissen_voor,
    inzage,
    is_zorgcoordinator_van,
    mag_item_wijzigen,
    mag_toegangslog_zien,
    schrijflagen,
    toegangslog_voor,
    weiger,
    werkaantekeningen_van,
)
from .overleg import (
    acties_voor,
    agenda_en_intern,
    agendapunt_of_404,
    agendapunten_voor,
    agendapunten_zichtbaar,
    geldige_uitnodigingen,
    is_intern_bij,
    is_zorgcoordinator_van_team,
    mag_actie_afronden,
    mag_agenda_bewerken,
    mag_agendapunt_vastleggen,
    mag_overleg_plannen,
    mag_overleg_zien,
    overleg_of_404,
    overleggen_voor,
)
from .rechten import RECHTEN, import_instellingen, mag
from .zorgroute import (
    AanmeldingRol,
    aanmelding_of_404,
    casemanager_kandidaten,
    doet_intake,
    eigen_aanmeldingen,
    intake_voor,
    mag_aanmelden,
    mag_persoonsgegevens_zien,
    mag_signaal_afhandelen,
    mag_signaleren,
    mag_toestemming_vastleggen,
    mag_traject_starten,
    mag_traject_zien,
    signaal_afhandelen_of_404,
    signalen_voor,
    traject_besluit_of_404,
    traject_besluiten,
    traject_of_404,
)
from .zorgstatus import (
    Statusfeit,
    basisgegevens,
    lijstgegevens,
    met_zorgstatus,
    open_aanmeldingen_q,
    partner_toestemmingen,
    toegang_tot,
    toont_zorgstatus,
    zat_vragen,
    zorgstatus_zicht,
)

__all__ = [
    "GRANT_LAGEN", "LAAG_VOLGORDE", "RECHTEN", "SCHRIJFLAGEN", "AanmeldingRol", "Inzage", "Profiel", "Relatie",
    "aanmelding_of_404", "casemanager_kandidaten", "deelnemer_of_404", "deelnemers_voor", "discipline_van",
    "doet_intake", "dossieritem_of_404", "dossieritems_voor", "eigen_aanmeldingen", "gebeurtenissen_voor",
    "import_instellingen", "intake_voor", "inzage", "is_zorgcoordinator_van", "mag", "mag_aanmelden",
    "mag_item_wijzigen",
    "mag_persoonsgegevens_zien", "mag_signaleren", "mag_toegangslog_zien", "mag_toestemming_vastleggen",
    "mag_traject_starten", "mag_traject_zien", "profiel", "schrijflagen", "signalen_voor", "toegangslog_voor",
    "traject_besluit_of_404", "traject_besluiten", "traject_of_404", "weiger", "werkaantekeningen_van",
    "Statusfeit", "basisgegevens", "lijstgegevens", "met_zorgstatus", "open_aanmeldingen_q", "partner_toestemmingen",
    "toegang_tot", "toont_zorgstatus", "zat_vragen", "zorgstatus_zicht",
    "mag_signaal_afhandelen", "signaal_afhandelen_of_404",
    "agendapunten_voor", "is_zorgcoordinator_van_team", "mag_agenda_bewerken", "mag_agendapunt_vastleggen",
    "mag_overleg_plannen", "mag_overleg_zien", "overleg_of_404", "overleggen_voor",
    "acties_voor", "agendapunt_of_404", "agendapunten_zichtbaar", "geldige_uitnodigingen", "is_intern_bij",
    "mag_actie_afronden", "agenda_en_intern",
]

# ---- agenda (meetings list, planning, the menu entry)
from .overleg import overleg_met_recht_of_404, teams_om_te_plannen, toont_overleggen  # noqa: E402

__all__ += ["overleg_met_recht_of_404", "teams_om_te_plannen", "toont_overleggen"]

# ---- acties (actions, aftercare)
from .overleg import (  # noqa: E402
    actie_of_404,
    doet_nazorg,
    mag_nazorg,
    nazorg_locaties,
    nazorg_traject_of_404,
    open_acties,
    zc_teams,
)

__all__ += ["actie_of_404", "doet_nazorg", "mag_nazorg", "nazorg_locaties", "nazorg_traject_of_404", "open_acties",
            "zc_teams"]

# ---- verslag (one item at the meeting)
from .overleg import actie_eigenaars  # noqa: E402

__all__ += ["actie_eigenaars"]

# ---- partners op afroep
from .overleg import mag_partner_uitnodigen, uitnodiging_of_404  # noqa: E402

__all__ += ["mag_partner_uitnodigen", "uitnodiging_of_404"]

# ---- SMW (schoolmaatschappelijk werk)
from .smw import (  # noqa: E402
    eigen_aanmelding_deelnemer,
    is_smw_casemanager,
    mag_eigen_aanmelding,
    smw_traject_of_404,
    smw_trajecten_voor,
    tevredenheid_of_404,
    toont_smw,
)

__all__ += ["eigen_aanmelding_deelnemer", "is_smw_casemanager", "mag_eigen_aanmelding", "smw_traject_of_404",
            "smw_trajecten_voor", "tevredenheid_of_404", "toont_smw"]

# ---- rapportage (management overviews)
from .rapportage import rapport_bereik, rapport_of_403, rapporten_voor, smw_alleen_eigen_werk  # noqa: E402

__all__ += ["rapport_bereik", "rapport_of_403", "rapporten_voor", "smw_alleen_eigen_werk"]
