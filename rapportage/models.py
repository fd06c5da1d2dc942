"""Management reports (a later issue)."""
