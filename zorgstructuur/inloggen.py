"""The login forms (the app's and the admin's), with the username's length enforced."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class _BegrensdeGebruikersnaam:
    """Django's AuthenticationForm sets the username's max_length after building the field, so only
    the browser enforces it: a name of 25,000 characters reached authenticate(), and django-axes'
    255-character column refused it with a 500. Validated here, authenticate() never sees it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        veld = self.fields["username"]
        veld.validators.append(MaxLengthValidator(veld.max_length))


class InlogForm(_BegrensdeGebruikersnaam, AuthenticationForm):
    pass


class BeheerInlogForm(_BegrensdeGebruikersnaam, AdminAuthenticationForm):
    pass
