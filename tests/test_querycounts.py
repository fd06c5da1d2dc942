"""Every list and detail page does an exact number of queries, the same with little and with much data
(healthchecks, Zulip). Each test builds its case with factory_boy, measures the page once as built
(`extra=0`) and once with VEEL more of what the page shows (more than a page of 50), and asserts the same
count both times. Run with -v to see the SQL when a count is off.

The counts are of a second request of the same page: the first one after logging in also writes the
session's last-activity stamp (privacy.middleware, at most once a minute) and fills process caches.
Every access-log row costs one INSERT; on SQLite the app first reads the log's last row for the hash
chain (on PostgreSQL the insert's trigger does), so a count is "queries on PostgreSQL + log writes ×
keten.queries_vooraf()"."""

from datetime import timedelta

import factory
import pytest
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding, Problematiek
from tests.conftest import aantal
from tests.factories import (
    AanmeldingFactory,
    AgendapuntFactory,
    DeelnemerFactory,
    DossierItemFactory,
    GebeurtenisFactory,
    MeldingFactory,
    NiveauwijzigingFactory,
    OverlegFactory,
    SignaalFactory,
    ToegangslogFactory,
    ToestemmingFactory,
    ZorgtrajectFactory,
    uitnodiging,
)
from zorgstructuur.lagen import Laag
from zorgstructuur.models import Functie, Melding, Opleiding, Partnerorganisatie, Team, Zorgniveau

pytestmark = pytest.mark.django_db

VEEL = 60






@pytest.fixture
def verzorgende_ig():
    """The demo's opleiding of the mentor, docent and taakdocent (team Zorg en Welzijn, locatie Gouda)."""
    return Opleiding.objects.get(naam="Verzorgende-IG")


@pytest.fixture
def ggz(actors):
    """The demo partner's organisation: their grant opens the ZAT layer only while a consent names it."""
    return actors["partner"].lidmaatschappen.get().organisatie


@pytest.fixture
def zat_overleg(actors):
    """A planned meeting of the demo's ZAT, to invite the demo partner to."""
    return OverlegFactory(team=Team.objects.get(naam="ZAT ROC Groene Hart"))


def partner_uitnodigen(actors, overleg, deelnemer, ggz):
    """The demo partner invited to the student's item, with a consent that names GGZ."""
    zc = actors["zorgcoordinator"]
    ToestemmingFactory(deelnemer=deelnemer, vastgelegd_door=zc, partners=[ggz])
    punt = AgendapuntFactory(overleg=overleg, deelnemer=deelnemer)
    return uitnodiging(punt, actors["partner"], ggz, zc)


def zorgniveau(deelnemer, soort):
    return Zorgniveau.objects.get(instelling_id=deelnemer.instelling_id, soort=soort)


# --------------------------------------------------------------------------- Mijn werk

# Queries for every role: session, user, profiel (memberships with team, opleidingen, locaties, organisation).
# Then per panel, in the order of urgency, when the role has it:
# - crisis for the ZAT (zorgcoördinator): the open trajecten marked for the ZAT with the date of the crisis
#   decision (20, with deelnemer) and, when there are any, one log write for all of them;
# - te beoordelen (who takes in aanmeldingen): the count of the submitted aanmeldingen and, when there are any,
#   the oldest 10 (with deelnemer, opleiding, locatie, aanmelder) and one log write for them;
# - signalen (who may signal): the oldest 20 unhandled signals on the user's own students (with deelnemer,
#   auteur), and one log write for them when there are any;
# - meldingen (everyone): the unread, unhandled notifications not shown as work above (16, with afzender),
#   then which of their students the user may see now (one query; none for who sees no students at all),
#   and one log write for the named ones when there are any;
# - mijn deelnemers (who sees students): the own students (10, with opleiding, locatie, mentor), a log write
#   when there are any, and the count of the students the user sees;
# - mijn acties (who sees students): the own open actions (11, with item, meeting, student) and a log write
#   when there are any; a partner's invitations (one query, a log write); the zorgcoördinator's aftercare count.
MIJN_WERK = {  # role: (queries on PostgreSQL, log writes)
    "mentor": (12, 3),  # + signals, log, meldingen, names, log, own students, log, count, own actions (none)
    "docent": (10, 1),  # + signals (none), meldingen, names, log, own students (none), count, own actions (none)
    "taakdocent": (14, 3),  # + intake count, oldest 10, log, signals (none), meldingen, names, log, own (none),
    #                         count, own actions (the demo's), log
    "zorgcoordinator": (17, 3),  # + crisis, log, intake count, oldest 10, log, signals (none), meldingen, names,
    #                              log, own students (none), count, own actions (none), aftercare: locaties, count
    "smw": (13, 2),  # + intake count, oldest 10, log, signals (none), meldingen, names (none seen), own (none),
    #                  count, own actions (the demo's), log
    "partner": (10, 1),  # + meldingen, names (none seen), own students (none), count, own actions (none),
    #                      invitations, log
    "beheerder": (4, 0),  # + meldingen; sees no students, so no names query; the beheer panel needs no query
}


@pytest.mark.parametrize("extra", [0, VEEL])
@pytest.mark.parametrize("rol", list(MIJN_WERK))
def test_mijn_werk(rol, extra, meet, actors, verzorgende_ig):
    mentor, docent = actors["mentor"], actors["docent"]
    deelnemer = DeelnemerFactory(mentor=mentor, opleiding=verzorgende_ig)
    ZorgtrajectFactory(deelnemer=deelnemer, niveau=zorgniveau(deelnemer, "extern"), zat_bespreken=True)
    SignaalFactory(deelnemer=deelnemer, auteur=docent)
    AanmeldingFactory(deelnemer=deelnemer, aanmelder=mentor)
    # A notification about a student, caused by the mentor (the intake's "new aanmelding" ones are shown as
    # the aanmeldingen themselves, so these are of another kind).
    melding = {"ontvanger": actors[rol], "soort": Melding.Soort.GEACCEPTEERD, "afzender": mentor,
               "tekst": "Uw aanmelding voor Intern zorgteam is geaccepteerd"}
    MeldingFactory(deelnemer=deelnemer, **melding)
    if extra:
        nieuw = DeelnemerFactory.create_batch(extra, mentor=mentor, opleiding=verzorgende_ig)
        for d in nieuw:
            ZorgtrajectFactory(deelnemer=d, niveau=zorgniveau(d, "extern"), zat_bespreken=True)
            MeldingFactory(deelnemer=d, **melding)
        SignaalFactory.create_batch(extra, deelnemer=deelnemer, auteur=docent)
        AanmeldingFactory.create_batch(extra, deelnemer=deelnemer, aanmelder=mentor)
        AanmeldingFactory.create_batch(extra, deelnemer=deelnemer, aanmelder=mentor,
                                       bestemming=Aanmelding.Bestemming.SMW)
    response = meet(actors[rol], reverse("mijn_werk"), aantal(*MIJN_WERK[rol]))
    if extra:  # the panels show their full share of the extra data
        panelen = {p.template: p.context for p in response.context["panelen"]}
        meldingen = panelen["zorgstructuur/paneel_meldingen.html"]["meldingen"]
        assert len(meldingen) == 15 and panelen["zorgstructuur/paneel_meldingen.html"]["meer"]
        assert all(m.zichtbaar for m in meldingen) == (rol in ("mentor", "docent", "taakdocent", "zorgcoordinator"))
        if rol == "mentor":
            assert len(panelen["aanmelding/paneel_signalen.html"]["signalen"]) == 20
            assert len(panelen["deelnemers/paneel_mijn_deelnemers.html"]["eigen"]) == 10
        if rol == "zorgcoordinator":
            assert len(panelen["zorgstructuur/paneel_crisis.html"]["trajecten"]) == 20
        if rol in ("taakdocent", "zorgcoordinator", "smw"):
            assert len(panelen["aanmelding/paneel_intake.html"]["aanmeldingen"]) == 10
            assert panelen["aanmelding/paneel_intake.html"]["aantal"] > extra


# --------------------------------------------------------------------------- the intake list

# Queries: session, user, profiel; for who takes in aanmeldingen the first page of their intake (oldest first,
# with deelnemer, opleiding, locatie and aanmelder), the first page of the own aanmeldingen (with deelnemer),
# each read with one row more and counted (up to 1,001) only when that row is there; the log write.
AANMELDINGEN = {  # role: (queries on PostgreSQL with more than a page, log writes)
    "mentor": (6, 1),  # own: page, count, log (no intake: no query)
    "taakdocent": (8, 1),  # intake (IZ of the team) and own: page, count, page, count, log
    "zorgcoordinator": (7, 1),  # intake (the locaties): page, count; own: page (none); log
    "smw": (7, 1),  # intake (SMW of the locatie): page, count; own: page (none); log
}
# The counts not needed when each list fits on its first page.
AANMELDINGEN_OP_EEN_PAGINA = {"mentor": 1, "taakdocent": 2, "zorgcoordinator": 1, "smw": 1}


@pytest.mark.parametrize("extra", [0, VEEL])
@pytest.mark.parametrize("rol", list(AANMELDINGEN))
def test_aanmeldingenlijst(rol, extra, meet, actors, verzorgende_ig):
    mentor, taakdocent = actors["mentor"], actors["taakdocent"]
    deelnemers = DeelnemerFactory.create_batch(1 + extra, mentor=mentor, opleiding=verzorgende_ig)
    # Each one made is submitted an hour before the one made before it: the intake must sort them.
    ingediend = factory.Sequence(lambda n: timezone.now() - timedelta(hours=n))
    AanmeldingFactory.create_batch(1 + extra, deelnemer=factory.Iterator(deelnemers), aanmelder=mentor,
                                   ingediend_op=ingediend)
    AanmeldingFactory.create_batch(1 + extra, deelnemer=factory.Iterator(deelnemers), aanmelder=taakdocent,
                                   bestemming=Aanmelding.Bestemming.SMW, ingediend_op=ingediend)
    queries, logschrijvingen = AANMELDINGEN[rol]
    if not extra:
        queries -= AANMELDINGEN_OP_EEN_PAGINA[rol]
    response = meet(actors[rol], reverse("aanmelding:lijst"), aantal(queries, logschrijvingen))
    if extra:
        assert len(response.context["mijn"].object_list) == (50 if rol in ("mentor", "taakdocent") else 0)
    if extra and rol != "mentor":
        intake = response.context["te_beoordelen"].object_list
        assert len(intake) == 50
        wachttijden = [a.ingediend_op for a in intake]  # oldest first: they waited longest
        assert wachttijden == sorted(wachttijden)


# --------------------------------------------------------------------------- an aanmelding

# Queries: session, user, profiel, the aanmelding (with deelnemer, opleiding, locatie, mentor, aanmelder,
# beoordeeld_door). Not the referrer: whether it is in the user's intake (exists). The log write. The
# referrer: may they still see the address, i.e. the student's relations (the user's grants on the student;
# the student annotated with its traject relations). The problematiek. Not the referrer: the valid consent.
AANMELDING = {  # role: (queries on PostgreSQL, log writes)
    "mentor": (8, 1),  # the referrer: aanmelding, log, grants, relations, problematiek
    "taakdocent": (8, 1),  # intake: aanmelding, in intake, log, problematiek, consent
    "zorgcoordinator": (8, 1),  # intake: the same
}


@pytest.mark.parametrize("extra", [0, VEEL])
@pytest.mark.parametrize("rol", list(AANMELDING))
def test_aanmelding_detail(rol, extra, meet, actors, verzorgende_ig):
    deelnemer = DeelnemerFactory(mentor=actors["mentor"], opleiding=verzorgende_ig)
    problematiek = list(Problematiek.objects.all()[:2])
    ToestemmingFactory.create_batch(1 + extra, deelnemer=deelnemer, vastgelegd_door=actors["zorgcoordinator"])
    if extra:
        problematiek += [Problematiek.objects.create(naam=f"Categorie {i}") for i in range(extra)]
    aanmelding = AanmeldingFactory(deelnemer=deelnemer, aanmelder=actors["mentor"], problematiek=problematiek)
    response = meet(actors[rol], reverse("aanmelding:detail", args=[aanmelding.pk]), aantal(*AANMELDING[rol]))
    assert len(response.context["problematiek"]) == len(problematiek)


# --------------------------------------------------------------------------- toestemming

# Queries: session, user, profiel, the student (with opleiding, locatie, mentor, annotated with its traject
# relations), the user's grants on the student, the log write, the consents (with vastgelegd_door) and their
# partners (one prefetch), and the partner organisations to choose from. What the consent allows now, and each
# row's status, are read from those consents (aanmelding.selectors.wat_toestemming_nu_toestaat): no query more.
TOESTEMMING = {  # role: (queries on PostgreSQL, log writes)
    "mentor": (9, 1),
    "taakdocent": (9, 1),
    "zorgcoordinator": (9, 1),
}


@pytest.mark.parametrize("extra", [0, VEEL])
@pytest.mark.parametrize("rol", list(TOESTEMMING))
def test_toestemmingpagina(rol, extra, meet, actors, verzorgende_ig):
    deelnemer = DeelnemerFactory(mentor=actors["mentor"], opleiding=verzorgende_ig)
    partners = list(Partnerorganisatie.objects.all()[:3])
    ToestemmingFactory.create_batch(1 + extra, deelnemer=deelnemer, vastgelegd_door=actors["zorgcoordinator"],
                                    partners=partners)
    response = meet(actors[rol], reverse("aanmelding:toestemming", args=[deelnemer.pk]), aantal(*TOESTEMMING[rol]))
    assert len(response.context["toestemmingen"]) == 1 + extra


# --------------------------------------------------------------------------- zorgtraject

# Queries: session, user, profiel, the student (annotated with its traject relations), the user's grants on
# the student, the trajecten (with niveau, casemanager) and their decisions (one prefetch, with who decided
# and approved, both levels and the organisation), the log write, the ladder, the valid consent, and the
# submitted aanmeldingen (with who referred and who accepted).
ZORGTRAJECT = {  # role: (queries on PostgreSQL, log writes)
    "zorgcoordinator": (11, 1),
    "taakdocent": (11, 1),
    "specialist": (11, 1),  # as the traject's casemanager
}


@pytest.mark.parametrize("extra", [0, VEEL])
@pytest.mark.parametrize("rol", list(ZORGTRAJECT))
def test_zorgtrajectpagina(rol, extra, meet, actors, verzorgende_ig):
    deelnemer = DeelnemerFactory(mentor=actors["mentor"], opleiding=verzorgende_ig)
    traject = ZorgtrajectFactory(deelnemer=deelnemer, niveau=zorgniveau(deelnemer, "iz"),
                                 casemanager=actors["specialist"])
    NiveauwijzigingFactory.create_batch(1 + extra, zorgtraject=traject, besloten_door=actors["zorgcoordinator"])
    AanmeldingFactory.create_batch(1 + extra, deelnemer=deelnemer, aanmelder=actors["mentor"], zorgtraject=traject)
    ToestemmingFactory.create_batch(1 + extra, deelnemer=deelnemer, vastgelegd_door=actors["zorgcoordinator"])
    if extra:
        for _ in range(extra // 10):  # closed trajecten, each with its decisions
            oud = ZorgtrajectFactory(deelnemer=deelnemer, niveau=traject.niveau, status="afgesloten")
            NiveauwijzigingFactory.create_batch(10, zorgtraject=oud, besloten_door=actors["taakdocent"])
    response = meet(actors[rol], reverse("zorgtraject:overzicht", args=[deelnemer.pk]), aantal(*ZORGTRAJECT[rol]))
    assert sum(len(t.wijzigingen.all()) for t in response.context["trajecten"]) == 1 + extra + extra // 10 * 10


# --------------------------------------------------------------------------- the student list

# Queries: session, user, profiel; the search form's two choice lists (opleidingen with their locatie, which
# give the locatie choices too; mentoren of the students the user sees: privacy.policy.lijstfilters_voor);
# the count of the students (capped at 1,000); the log write; the page of 50 (with opleiding, locatie,
# mentor, and the care-status column as subqueries of the same query: privacy.policy.met_zorgstatus).
DEELNEMERS = {  # role: (queries on PostgreSQL, log writes)
    "mentor": (8, 1),
    "docent": (8, 1),
    "taakdocent": (8, 1),
    "zorgcoordinator": (8, 1),
    # Through their grants (with consent for their organisation); no locatie or mentor filter (their names are
    # not the partner's to see: privacy.policy.lijstgegevens), so no mentor list.
    "partner": (7, 1),
}


@pytest.mark.parametrize("extra", [0, VEEL])
@pytest.mark.parametrize("rol", list(DEELNEMERS))
def test_deelnemerslijst(rol, extra, meet, actors, verzorgende_ig, ggz, zat_overleg):
    for d in DeelnemerFactory.create_batch(1 + extra, mentor=actors["mentor"], opleiding=verzorgende_ig):
        partner_uitnodigen(actors, zat_overleg, d, ggz)
    response = meet(actors[rol], reverse("deelnemers:lijst"), aantal(*DEELNEMERS[rol]))
    if extra:
        assert len(response.context["pagina"].object_list) == 50


# --------------------------------------------------------------------------- the dossier

# Queries: session, user, profiel, the student (with opleiding, locatie, mentor, annotated with its traject
# relations), the user's grants on the student, the page of 20 entries (with auteur) and the page of 30
# timeline lines (with actor), each read with one row more: only when that row is there (more than one page)
# its count follows (zorgstructuur.paginering.pagina), then the log write.
# Then the Zorgstatus block, as far as the role sees it (privacy.policy.zorgstatus_zicht): a referrer's own
# aanmeldingen (with the traject and level they led to); for the zorg layer the open trajecten (with level,
# casemanager and since when) and the aanmeldingen in the same query as the own ones; for an invited partner
# the end of their access, the question of the ZAT aanmelding, and the consent naming their organisation
# with its partners (one prefetch).
DOSSIER = {  # role: (queries on PostgreSQL with more than a page of both, log writes)
    "mentor": (11, 1),  # begeleiding; their own aanmeldingen
    "zorgcoordinator": (12, 1),  # every layer but vertrouwelijk; trajecten and aanmeldingen
    "partner": (14, 1),  # zat, through a grant with consent for their organisation; the invitation (4)
}
OP_EEN_PAGINA = 2  # no count of the entries nor of the timeline when each fits on its first page


@pytest.mark.parametrize("extra", [0, VEEL])
@pytest.mark.parametrize("rol", list(DOSSIER))
def test_dossier(rol, extra, meet, actors, verzorgende_ig, ggz, zat_overleg):
    mentor, zc = actors["mentor"], actors["zorgcoordinator"]
    deelnemer = DeelnemerFactory(mentor=mentor, opleiding=verzorgende_ig)
    ZorgtrajectFactory(deelnemer=deelnemer, niveau=zorgniveau(deelnemer, "zat"), casemanager=zc)
    partner_uitnodigen(actors, zat_overleg, deelnemer, ggz)
    schrijvers = [(Laag.BEGELEIDING, mentor, Functie.MENTOR), (Laag.ZORG, zc, Functie.ZORGCOORDINATOR),
                  (Laag.ZAT, zc, Functie.ZORGCOORDINATOR)]
    for laag, auteur, discipline in schrijvers:  # every role reads more than a page of entries and of timeline
        DossierItemFactory.create_batch(1 + extra, deelnemer=deelnemer, laag=laag, auteur=auteur, discipline=discipline)
        GebeurtenisFactory.create_batch(1 + extra, deelnemer=deelnemer, laag=laag, actor=auteur, discipline=discipline)
    queries, logschrijvingen = DOSSIER[rol]
    if not extra:
        queries -= OP_EEN_PAGINA
    response = meet(actors[rol], reverse("deelnemers:dossier", args=[deelnemer.pk]), aantal(queries, logschrijvingen))
    if extra:
        assert len(response.context["items"].object_list) == 20
        assert len(response.context["tijdlijn"].object_list) == 30


# --------------------------------------------------------------------------- the access log of a student

# Only the zorgcoördinator of the student's locatie reads it. Queries: session, user, profiel, the student
# (annotated with its traject relations), the user's grants on the student, the log write, the page of 50
# read with one row more and, only when that row is there, the count of the student's log rows (capped at
# 1,001), and the names of the users on that page.
TOEGANGSLOG = {  # role: (queries on PostgreSQL with more than a page, log writes)
    "zorgcoordinator": (9, 1),
}


@pytest.mark.parametrize("extra", [0, VEEL])
@pytest.mark.parametrize("rol", list(TOEGANGSLOG))
def test_toegangslogpagina(rol, extra, meet, actors, verzorgende_ig):
    deelnemer = DeelnemerFactory(mentor=actors["mentor"], opleiding=verzorgende_ig)
    ToegangslogFactory.create_batch(1 + extra, deelnemer=deelnemer)  # each row by another user (names: one query)
    queries, logschrijvingen = TOEGANGSLOG[rol]
    if not extra:
        queries -= 1  # one page: no count
    response = meet(actors[rol], reverse("deelnemers:toegangslog", args=[deelnemer.pk]),
                    aantal(queries, logschrijvingen))
    if extra:
        assert len(response.context["pagina"].object_list) == 50
