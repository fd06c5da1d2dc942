"""Helpers for tests that go through a background task (in tests the task runs at once, in the request)."""

from django.http import HttpResponse


def download(client, url, **kwargs) -> HttpResponse:
    """What a user gets by clicking a download button: the POST starts the task, its page offers the file.
    A refusal (403/404/400) comes back as it is; otherwise the file, as a plain response."""
    start = client.post(url, **kwargs)
    if start.status_code != 302:
        return start
    taakpagina = start["Location"]
    assert taakpagina.startswith("/taken/"), taakpagina
    pagina = client.get(taakpagina)
    assert pagina.status_code == 200 and "Klaar" in pagina.content.decode(), pagina.content.decode()
    bestand = client.get(f"{taakpagina}bestand/")
    antwoord = HttpResponse(b"".join(bestand.streaming_content), status=bestand.status_code,
                            content_type=bestand["Content-Type"])
    antwoord["Content-Disposition"] = bestand["Content-Disposition"]
    return antwoord
