"""Charts drawn on the server as inline SVG (no JavaScript, no other host): horizontal bars per row, one bar
per column (grouped) — readable for every table kind, also in the PDF. Suppressed cells get no bar, only
their "<5" or "x" as text, so the chart shows exactly what the table shows."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

KLEUREN = ["#1f5f8b", "#e07b39", "#4a9a5b", "#8a5cad", "#c23b52", "#6b6b6b"]
BREEDTE, LABEL, RIJ, BALK = 640, 190, 8, 14


def _getal(v):
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


def grafiek(tabel) -> str:
    """The table's main chart as an SVG string ('' when the table has no chart or no numbers)."""
    if not tabel.grafiek or not tabel.rijen:
        return ""
    kolommen = list(tabel.kolommen)[:len(KLEUREN)]
    waarden = [[_getal(v) for v in vals[:len(kolommen)]] for _, vals in tabel.rijen]
    hoogste = max((v for rij in waarden for v in rij if v is not None), default=0)
    if hoogste <= 0:
        return ""
    per_rij = BALK * len(kolommen) + RIJ
    legenda = 22 if len(kolommen) > 1 else 0
    hoogte = legenda + per_rij * len(waarden) + 4
    schaal = (BREEDTE - LABEL - 60) / hoogste
    delen = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="grafiek" width="{BREEDTE}" '
             f'height="{hoogte}" viewBox="0 0 {BREEDTE} {hoogte}" aria-label="{escape(tabel.titel)}">',
             f"<title>{escape(tabel.titel)}</title>"]
    if legenda:
        x = LABEL
        for k, kolom in enumerate(kolommen):
            delen.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{KLEUREN[k]}"/>'
                         f'<text x="{x + 14}" y="13" font-size="11">{escape(kolom)}</text>')
            x += 20 + 7 * len(str(kolom))
    for r, ((label, vals), rij) in enumerate(zip(tabel.rijen, waarden, strict=True)):
        y0 = legenda + r * per_rij
        delen.append(f'<text x="{LABEL - 6}" y="{y0 + per_rij / 2}" font-size="11" text-anchor="end">'
                     f"{escape(str(label)[:30])}</text>")
        for k, v in enumerate(rij):
            y = y0 + k * BALK
            if v is None:
                tekst = vals[k] if vals[k] not in (None, "") else ""
                delen.append(f'<text x="{LABEL + 2}" y="{y + BALK - 3}" font-size="10">{escape(str(tekst))}</text>')
                continue
            w = round(v * schaal, 1)
            delen.append(f'<rect x="{LABEL}" y="{y + 1}" width="{w}" height="{BALK - 2}" fill="{KLEUREN[k]}"/>'
                         f'<text x="{LABEL + w + 4}" y="{y + BALK - 3}" font-size="10">{escape(_tekst(v))}</text>')
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308  (every text above is escaped)


def _tekst(v) -> str:
    return f"{v:.1f}".replace(".", ",") if isinstance(v, float) else str(v)
