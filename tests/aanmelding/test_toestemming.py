"""Consent by age on the date (16+ / 12-15 / <12), its form and scope, and withdrawal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from aanmelding import services
from aanmelding.models import Toestemming
from deelnemers.models import Gebeurtenis
from tests.factories import als
from zorgstructuur import selectors as zorg_selectors
from zorgstructuur.models import Partnerorganisatie

pytestmark = pytest.mark.django_db


def jaren_geleden(jaren, dagen=0):
    vandaag = timezone.localdate()
    return date(vandaag.year - jaren, vandaag.month, min(vandaag.day, 28)) - timedelta(days=dagen)


@pytest.mark.parametrize("leeftijd, gever", [(17, "deelnemer"), (16, "deelnemer"), (15, "samen"), (12, "samen"),
                                             (11, "ouders")])
def test_wie_toestemming_geeft_hangt_af_van_de_leeftijd(actors, nieuwe_deelnemer, leeftijd, gever):
    nieuwe_deelnemer.geboortedatum = jaren_geleden(leeftijd, dagen=1)
    vandaag = timezone.localdate()
    assert nieuwe_deelnemer.leeftijd(vandaag) == leeftijd
    for fout in {"deelnemer", "samen", "ouders"} - {gever}:
        with pytest.raises(ValidationError) as e:
            services.toestemming_vastleggen(deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]), gegeven_door=fout,
                                            datum=vandaag, vorm="mondeling", informatie="schoolgegevens")
        assert f"was de deelnemer {leeftijd} jaar" in e.value.message_dict["gegeven_door"][0]
    t = services.toestemming_vastleggen(deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]), gegeven_door=gever,
                                        datum=vandaag, vorm="mondeling", informatie="schoolgegevens")
    assert t.geldig_op(vandaag)


def test_de_leeftijd_op_de_datum_van_de_toestemming_telt(actors, nieuwe_deelnemer):
    nieuwe_deelnemer.geboortedatum = jaren_geleden(16, dagen=-10)  # 16 in ten days: 15 now and a month ago
    assert nieuwe_deelnemer.leeftijd() == 15
    datum = timezone.localdate() - timedelta(days=30)
    services.toestemming_vastleggen(deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]), gegeven_door="samen",
                                    datum=datum, vorm="schriftelijk", informatie="x")


def test_intrekken_maakt_de_toestemming_ongeldig_vanaf_die_datum(actors, nieuwe_deelnemer):
    vandaag = timezone.localdate()
    ggz = Partnerorganisatie.objects.get(naam="GGZ Midden-Holland")
    t = services.toestemming_vastleggen(deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]),
                                        gegeven_door="deelnemer",
                                        datum=vandaag - timedelta(days=20), vorm="digitaal",
                                        informatie="verzuim", partners=[ggz])
    assert list(t.partners.all()) == [ggz]
    assert zorg_selectors.geldige_toestemming(nieuwe_deelnemer) == t
    with pytest.raises(ValidationError):
        services.toestemming_intrekken(toestemming=t, door=als(actors["mentor"]), datum=vandaag - timedelta(days=30))
    services.toestemming_intrekken(toestemming=t, door=als(actors["mentor"]), datum=vandaag - timedelta(days=5))
    assert zorg_selectors.geldige_toestemming(nieuwe_deelnemer) is None
    assert zorg_selectors.geldige_toestemming(nieuwe_deelnemer, vandaag - timedelta(days=10)) == t
    with pytest.raises(ValidationError):
        services.toestemming_intrekken(toestemming=t, door=als(actors["mentor"]), datum=vandaag)
    soorten = set(Gebeurtenis.objects.filter(deelnemer=nieuwe_deelnemer).values_list("soort", flat=True))
    assert {"toestemming", "toestemming_ingetrokken"} <= soorten


def test_toestemming_in_de_toekomst_wordt_geweigerd(actors, nieuwe_deelnemer):
    with pytest.raises(ValidationError):
        services.toestemming_vastleggen(deelnemer=nieuwe_deelnemer, door=als(actors["mentor"]),
                                        gegeven_door="deelnemer",
                                        datum=timezone.localdate() + timedelta(days=1), vorm="digitaal",
                                        informatie="x")


def test_mentor_legt_toestemming_vast_en_trekt_haar_in(client_als, actors, nieuwe_deelnemer):
    c = client_als(actors["mentor"])
    url = reverse("aanmelding:toestemming", args=[nieuwe_deelnemer.pk])
    leeftijd = nieuwe_deelnemer.leeftijd()
    fout = "samen" if leeftijd >= 16 else "deelnemer"
    data = {"gegeven_door": fout, "datum": timezone.localdate().strftime("%d-%m-%Y"), "vorm": "schriftelijk",
            "zat_bespreking": "ja", "informatie": "Schoolgegevens"}
    response = c.post(url, data)
    assert response.status_code == 200 and "gegeven_door" in response.context["form"].errors
    response = c.post(url, {**data, "gegeven_door": Toestemming.vereiste_gever(leeftijd)})
    assert response.status_code == 302
    t = nieuwe_deelnemer.toestemmingen.get()
    response = c.post(reverse("aanmelding:toestemming_intrekken", args=[nieuwe_deelnemer.pk, t.pk]),
                      {"datum": timezone.localdate().strftime("%d-%m-%Y"), "reden": "Wil het niet meer"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.ingetrokken and t.ingetrokken_vastgelegd_door == actors["mentor"]


def test_docent_en_partner_leggen_geen_toestemming_vast(client_als, actors, eigen_deelnemer):
    for rol in ("docent", "partner"):
        assert client_als(actors[rol]).get(
            reverse("aanmelding:toestemming", args=[eigen_deelnemer.pk])).status_code == 403
