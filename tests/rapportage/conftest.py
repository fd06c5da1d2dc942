import pytest
from django.core.cache import caches


@pytest.fixture
def meet_rapport(client, django_assert_num_queries):
    """GET an overview as `user` twice with exact query counts: first computed (`koud`: nothing kept), then
    the kept one within 10 minutes (`bewaard`). Returns both responses."""

    def meten(user, url, koud, bewaard):
        client.force_login(user)
        assert client.get(url).status_code == 200  # the first request: session stamp and caches
        caches["rapportage"].clear()
        with django_assert_num_queries(koud):
            eerste = client.get(url)
        with django_assert_num_queries(bewaard):
            tweede = client.get(url)
        assert eerste.status_code == tweede.status_code == 200
        return eerste, tweede

    return meten
