"""The meetings' URLs. One module of views per part: the meetings and their agenda (views_agenda), what the
meeting records per item (views_verslag), partners op afroep (views_partners), the agenda and minutes per
recipient with PDF and calendar (views_afdruk), actions and aftercare (views_acties)."""

from django.urls import path

from zorgstructuur import invoer  # noqa: F401  (registers the <id:…> converter)

from . import views_acties, views_afdruk, views_agenda, views_partners, views_verslag

app_name = "overleg"
urlpatterns = [
    # Meetings and the agenda builder.
    path("", views_agenda.lijst, name="lijst"),
    path("plannen/", views_agenda.plannen, name="plannen"),
    path("<id:overleg_pk>/", views_agenda.overleg, name="overleg"),
    path("<id:overleg_pk>/wijzigen/", views_agenda.wijzigen, name="wijzigen"),
    path("<id:overleg_pk>/annuleren/", views_agenda.annuleren, name="annuleren"),
    path("<id:overleg_pk>/gehouden/", views_agenda.gehouden, name="gehouden"),
    path("<id:overleg_pk>/aanwezigheid/", views_agenda.aanwezigheid, name="aanwezigheid"),
    path("<id:overleg_pk>/agenda/bewerken/", views_agenda.agenda_bewerken, name="agenda_bewerken"),
    path("agendapunt/<id:agendapunt_pk>/wijzigen/", views_agenda.agendapunt_wijzigen, name="agendapunt_wijzigen"),
    path("agendapunt/<id:agendapunt_pk>/verwijderen/", views_agenda.agendapunt_verwijderen,
         name="agendapunt_verwijderen"),
    # One item at the meeting: the record, the plan van aanpak, the level decision, the advice.
    path("agendapunt/<id:agendapunt_pk>/", views_verslag.agendapunt, name="agendapunt"),
    path("agendapunt/<id:agendapunt_pk>/actie/", views_verslag.actie_toevoegen, name="actie_toevoegen"),
    # Partners op afroep.
    path("agendapunt/<id:agendapunt_pk>/uitnodigen/", views_partners.uitnodigen, name="uitnodigen"),
    path("uitnodiging/<id:uitnodiging_pk>/intrekken/", views_partners.intrekken, name="uitnodiging_intrekken"),
    # The agenda and the minutes per recipient; the calendar.
    path("<id:overleg_pk>/agenda/", views_afdruk.agenda, name="agenda"),
    path("<id:overleg_pk>/agenda.pdf", views_afdruk.agenda_pdf, name="agenda_pdf"),
    path("<id:overleg_pk>/verslag/", views_afdruk.verslag, name="verslag"),
    path("<id:overleg_pk>/verslag.pdf", views_afdruk.verslag_pdf, name="verslag_pdf"),
    path("<id:overleg_pk>/versturen/", views_afdruk.versturen, name="versturen"),
    path("<id:overleg_pk>/overleg.ics", views_afdruk.ics, name="ics"),
    path("agenda/feed/", views_afdruk.feed_beheren, name="feed_beheren"),
    path("agenda/feed/<str:token>.ics", views_afdruk.feed, name="feed"),
    # Actions of the plans van aanpak, and aftercare.
    path("acties/", views_acties.acties, name="acties"),
    path("actie/<id:actie_pk>/afronden/", views_acties.actie_afronden, name="actie_afronden"),
    path("nazorg/", views_acties.nazorg, name="nazorg"),
    path("nazorg/<id:traject_pk>/", views_acties.nazorg_vastleggen, name="nazorg_vastleggen"),
]
