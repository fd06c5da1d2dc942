"""Aanmeldformulier, toestemming and SMW registration (issue 4 and later)."""
