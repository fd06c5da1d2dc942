"""One module per overview; each defines an `Exporter` subclass decorated with `@registreer` (see exporters.py)."""
