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
`overleg` (IZ and ZAT meetings, their agenda, invited partners, actions, aftercare), `smw` (the SMW's caseload
and registration), `rapportage` (which management overview over which locaties).
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
    lijstfilters_voor,
    mag_item_wijzigen,
    mag_toegangslog_zien,
    mentordeelnemers,
    schrijflagen,
    toegangslog_voor,
    weiger,
    werkaantekeningen_van,
)
from .overleg import (
    actie_eigenaars,
    actie_of_404,
    acties_voor,
    agenda_en_intern,
    agendapunt_of_404,
    agendapunten_voor,
    agendapunten_zichtbaar,
    doet_nazorg,
    geldige_uitnodigingen,
    is_intern_bij,
    is_zorgcoordinator_van_team,
    mag_actie_afronden,
    mag_agenda_bewerken,
    mag_agendapunt_vastleggen,
    mag_nazorg,
    mag_overleg_plannen,
    mag_overleg_zien,
    mag_partner_uitnodigen,
    mag_verslag_vastleggen,
    nazorg_locaties,
    nazorg_traject_of_404,
    open_acties,
    overleg_met_recht_of_404,
    overleg_of_404,
    overleggen_voor,
    teams_om_te_plannen,
    uitnodiging_of_404,
    vraag_aan_overleg,
    zc_teams,
)
from .rapportage import rapport_bereik, rapport_of_403, rapporten_voor, smw_alleen_eigen_werk
from .rechten import RECHTEN, import_instellingen, mag
from .smw import (
    eigen_aanmelding_deelnemer,
    is_smw_casemanager,
    mag_eigen_aanmelding,
    smw_traject_of_404,
    smw_trajecten_voor,
    tevredenheid_of_404,
    toont_smw,
)
from .taken import eigen_taak, taak_of_404
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
    "lijstfilters_voor", "mentordeelnemers",
    "aanmelding_of_404", "AanmeldingRol", "actie_eigenaars", "actie_of_404", "acties_voor", "agenda_en_intern",
    "agendapunt_of_404", "agendapunten_voor", "agendapunten_zichtbaar", "basisgegevens", "casemanager_kandidaten",
    "deelnemer_of_404", "deelnemers_voor", "discipline_van", "doet_intake", "doet_nazorg", "dossieritem_of_404",
    "dossieritems_voor", "eigen_aanmelding_deelnemer", "eigen_aanmeldingen", "eigen_taak", "gebeurtenissen_voor",
    "geldige_uitnodigingen", "GRANT_LAGEN", "import_instellingen", "intake_voor", "Inzage", "inzage", "is_intern_bij",
    "is_smw_casemanager", "is_zorgcoordinator_van", "is_zorgcoordinator_van_team", "LAAG_VOLGORDE", "lijstgegevens",
    "mag", "mag_aanmelden", "mag_actie_afronden", "mag_agenda_bewerken", "mag_agendapunt_vastleggen",
    "mag_eigen_aanmelding", "mag_item_wijzigen", "mag_nazorg", "mag_overleg_plannen", "mag_overleg_zien",
    "mag_partner_uitnodigen", "mag_persoonsgegevens_zien", "mag_signaal_afhandelen", "mag_signaleren",
    "mag_toegangslog_zien", "mag_toestemming_vastleggen", "mag_traject_starten", "mag_traject_zien",
    "mag_verslag_vastleggen", "met_zorgstatus", "nazorg_locaties", "nazorg_traject_of_404", "open_aanmeldingen_q",
    "open_acties", "overleg_met_recht_of_404", "overleg_of_404", "overleggen_voor", "partner_toestemmingen", "Profiel",
    "profiel", "rapport_bereik", "rapport_of_403", "rapporten_voor", "RECHTEN", "Relatie", "SCHRIJFLAGEN",
    "schrijflagen", "signaal_afhandelen_of_404", "signalen_voor", "smw_alleen_eigen_werk", "smw_traject_of_404",
    "smw_trajecten_voor", "Statusfeit", "taak_of_404", "teams_om_te_plannen", "tevredenheid_of_404", "toegang_tot",
    "toegangslog_voor", "toont_smw", "toont_zorgstatus", "traject_besluit_of_404", "traject_besluiten",
    "traject_of_404", "uitnodiging_of_404", "vraag_aan_overleg", "weiger", "werkaantekeningen_van", "zat_vragen",
    "zc_teams", "zorgstatus_zicht",
]
