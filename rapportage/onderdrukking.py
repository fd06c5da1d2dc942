"""Small numbers never identify anyone: primary and complementary cell suppression.

Model: a table of counts with its row totals and column totals (and the grand total) — always, also when the
table does not display them, because the same totals appear elsewhere (other tables, other filters), so we
assume an attacker knows them. Every row gives one equation (cells = row total), every column one (cells =
column total). A hidden cell is *recomputable* when those equations, with the shown numbers filled in, fix its
value; that is exactly when it is a pivot of the reduced equations with no free variable in its row.

1. primary: every count 1…N-1 is hidden ("<N"); where a line's total is under N the whole line is hidden
   (otherwise its zeros would tell which category the few students are in);
2. complementary: while some hidden cell is recomputable, hide a shown cell in its row or column (shown as
   "x"), as statistics offices do: preferably one that closes a cycle of hidden cells through it, an inner
   cell before a total, the smallest. This ends: with everything hidden nothing is recomputable.
The same check (`herleidbaar`) is what the property-based tests use.
"""

from __future__ import annotations

PRIMAIR, SECUNDAIR = "primair", "secundair"
MAX_PER_RONDE = 20  # recomputable cells of one part looked at per round for a closing cell


def vergelijkingen(n_rijen: int, n_kol: int) -> list[list[tuple[tuple[int, int], int]]]:
    """The equations of an n_rijen × n_kol table extended with a total column (index n_kol, only when there
    are several columns: with one, the row total is the cell) and a total row (index n_rijen, likewise):
    per row sum(cells) - total = 0, per column the same."""
    rt, kt = n_kol > 1, n_rijen > 1
    eqs = []
    if rt:
        for i in range(n_rijen + kt):
            eqs.append([((i, j), 1) for j in range(n_kol)] + [((i, n_kol), -1)])
    if kt:
        for j in range(n_kol + rt):
            eqs.append([((i, j), 1) for i in range(n_rijen)] + [((n_rijen, j), -1)])
    return eqs


def herleidbaar(n_rijen: int, n_kol: int, verborgen: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The hidden cells (of the extended table) whose value follows from the shown cells and totals.

    Fast form of the linear algebra (tests/rapportage/test_onderdrukking.herleidbaar_algebra): every cell sits in at
    most two equations with opposite signs (after flipping some equations), so the equations are a graph's incidence
    matrix — equations are nodes, hidden cells edges (a cell in one equation only goes to a ground node) — and a
    hidden cell is fixed exactly when its edge is a bridge (it lies on no cycle)."""
    rt, kt = n_kol > 1, n_rijen > 1
    # Nodes as list indexes (rows, then columns, then the ground node): a large table is suppressed in many
    # rounds, each asking this again.
    cellen = list(verborgen)
    grond = n_rijen + n_kol + 2
    buren: list[list[tuple[int, int]]] = [[] for _ in range(grond + 1)]
    for k, (i, j) in enumerate(cellen):
        a = i if rt else grond
        b = n_rijen + 1 + j if kt else grond
        buren[a].append((b, k))
        buren[b].append((a, k))
    bruggen: list[int] = []
    tijd, laag, teller = [-1] * (grond + 1), [0] * (grond + 1), 0
    for start in range(grond + 1):
        if tijd[start] >= 0 or not buren[start]:
            continue
        tijd[start] = laag[start] = teller
        teller += 1
        stapel = [(start, -1, iter(buren[start]))]
        while stapel:  # iterative Tarjan (no recursion limit on large tables)
            knoop, via, it = stapel[-1]
            for buur, k in it:
                if k == via:
                    continue
                if tijd[buur] >= 0:
                    if tijd[buur] < laag[knoop]:
                        laag[knoop] = tijd[buur]
                else:
                    tijd[buur] = laag[buur] = teller
                    teller += 1
                    stapel.append((buur, k, iter(buren[buur])))
                    break
            else:
                stapel.pop()
                if stapel:
                    ouder = stapel[-1][0]
                    if laag[knoop] < laag[ouder]:
                        laag[ouder] = laag[knoop]
                    if laag[knoop] > tijd[ouder]:
                        bruggen.append(via)
    return {cellen[k] for k in bruggen}


def _knopen(i, j, rt, kt):
    """The two equation nodes of cell (i, j): its row's and its column's (a ground node where there is none)."""
    return (("r", i) if rt else "grond"), (("k", j) if kt else "grond")


def _delen(n_rijen, n_kol, verborgen) -> dict:
    """{node: component number} of the graph of hidden cells."""
    rt, kt = n_kol > 1, n_rijen > 1
    buren: dict = {}
    for cel in verborgen:
        a, b = _knopen(*cel, rt, kt)
        buren.setdefault(a, []).append(b)
        buren.setdefault(b, []).append(a)
    deel: dict = {}
    for begin in buren:
        if begin in deel:
            continue
        deel[begin], stapel = begin, [begin]
        while stapel:
            for buur in buren[stapel.pop()]:
                if buur not in deel:
                    deel[buur] = begin
                    stapel.append(buur)
    return deel


def onderdruk(waarden: list[list[int]], drempel: int) -> dict[tuple[int, int], str]:
    """Which cells of the extended table (totals at index len) to hide: {(i, j): PRIMAIR | SECUNDAIR}.
    `waarden` is the table without totals (rows × columns of non-negative ints)."""
    n, m = len(waarden), len(waarden[0]) if waarden else 0
    if not n or not m:
        return {}
    rt, kt = m > 1, n > 1  # a total column / a total row (a single row or column is its own total)
    uitgebreid = [[*rij, sum(rij)] for rij in waarden]
    uitgebreid.append([sum(waarden[i][j] for i in range(n)) for j in range(m)] + [sum(map(sum, waarden))])
    alle = [(i, j) for i in range(n + kt) for j in range(m + rt)]
    verborgen: dict[tuple[int, int], str] = {}
    for i, j in alle:
        if 0 < uitgebreid[i][j] < drempel:
            verborgen[(i, j)] = PRIMAIR
    # A line with a small total: hide the whole line (its zeros would point at the few).
    for i in range(n + kt):
        if 0 < uitgebreid[i][m] < drempel:
            for j in range(m + rt):
                verborgen.setdefault((i, j), PRIMAIR)
    for j in range(m + rt):
        if 0 < uitgebreid[n][j] < drempel:
            for i in range(n + kt):
                verborgen.setdefault((i, j), PRIMAIR)
    while True:
        bloot = herleidbaar(n, m, set(verborgen))
        if not bloot:
            return verborgen
        # Every recomputable cell is a bridge between its row node and its column node. A shown cell whose
        # two nodes are already connected over hidden cells closes a cycle, and so protects every bridge on
        # the path between them. Take the smallest such inner cell in a line of a recomputable cell; if there
        # is none, the smallest cell in the lines of the first one (it joins more cells; a later round closes).
        deel = _delen(n, m, verborgen)
        leden: dict = {}
        for knoop, nummer in deel.items():
            leden.setdefault(nummer, []).append(knoop)

        def optie(c, sluit):
            return (not sluit, c[0] == n or c[1] == m, uitgebreid[c[0]][c[1]] == 0, uitgebreid[c[0]][c[1]], c)

        # One cell per part of the hidden graph per round: parts are independent, so this loses nothing
        # and keeps large tables (hundreds of opleidingen) fast.
        per_deel: dict = {}
        for i, j in sorted(bloot):
            rij_knoop, kol_knoop = _knopen(i, j, rt, kt)
            per_deel.setdefault(deel[rij_knoop], []).append((i, j))
        keuzes = set()
        for nummer, cellen in per_deel.items():
            kandidaten = []
            rijen_hier = [k[1] for k in leden[nummer] if k != "grond" and k[0] == "r"]
            kolommen_hier = {k[1] for k in leden[nummer] if k != "grond" and k[0] == "k"}
            # Closing cells for the first recomputable cells of this part (a few suffice: one round each).
            for i, j in cellen[:MAX_PER_RONDE]:
                # Without a total row (or column) every cell of the line meets the ground node: all close.
                kolommen = kolommen_hier if kt else range(m + rt)
                rijen = rijen_hier if rt else range(n + kt)
                if rt:
                    kandidaten += [optie((i, k), True) for k in kolommen if (i, k) not in verborgen]
                if kt:
                    kandidaten += [optie((k, j), True) for k in rijen if (k, j) not in verborgen]
                if kandidaten:
                    break
            if not kandidaten:
                i, j = cellen[0]
                kandidaten = [optie(c, False) for c in {*((i, k) for k in range(m + rt)),
                                                        *((k, j) for k in range(n + kt))} if c not in verborgen]
            if not kandidaten:  # cannot happen (a fully hidden line leaves nothing to recompute); be safe
                kandidaten = [optie(c, False) for c in alle if c not in verborgen]
            keuzes.add(min(kandidaten)[-1])
        for keuze in keuzes:
            verborgen[keuze] = SECUNDAIR


def toepassen(tabel, drempel: int):
    """Suppress a `Tabel` in place (only when `tabel.aantallen`); compute its totals row when `totalen`.
    Hidden cells become "<N" (primary) or "x" (complementary); positions go to `tabel.onderdrukt`."""
    n, m = len(tabel.rijen), len(tabel.kolommen)
    if not n or not m:
        return tabel
    if not tabel.aantallen:
        # Minutes, means: no suppression here (the exporter guarded them); plain totals when asked.
        if tabel.totalen:
            def som(vals):
                getallen = [v for v in vals if isinstance(v, int | float)]
                return sum(getallen) if getallen else None
            if m > 1:
                tabel.rijen = [(label, [*vals, som(vals)]) for label, vals in tabel.rijen]
            tabel.totaal_rij = ("Totaal", [som(vals[j] for _, vals in tabel.rijen)
                                           for j in range(len(tabel.rijen[0][1]))])
        return tabel
    # A non-number in a count table (None, a dash) counts as 0 for the totals and keeps its text.
    waarden = [[int(v) if isinstance(v, int | float) else 0 for v in vals] for _, vals in tabel.rijen]
    verborgen = onderdruk(waarden, drempel)
    rijtotalen = [sum(r) for r in waarden]
    koltotalen = [sum(waarden[i][j] for i in range(n)) for j in range(m)] + [sum(rijtotalen)]
    toon_totaalkolom = tabel.totalen and m > 1

    def cel(i, j, waarde):
        soort = verborgen.get((i, j))
        if soort == PRIMAIR:
            return f"<{drempel}"
        if soort == SECUNDAIR:
            return "x"
        return waarde

    nieuwe = []
    for i, (label, vals) in enumerate(tabel.rijen):
        rij = [cel(i, j, v) for j, v in enumerate(vals)]
        if toon_totaalkolom:
            rij.append(cel(i, m, rijtotalen[i]))
        nieuwe.append((label, rij))
    tabel.rijen = nieuwe
    if tabel.totalen and n > 1:
        totaal = [cel(n, j, koltotalen[j]) for j in range(m)]
        if toon_totaalkolom:
            totaal.append(cel(n, m, koltotalen[m]))
        tabel.totaal_rij = ("Totaal", totaal)
    if tabel.aandeel:
        def aandeel(rij, i):
            if (i, 0) in verborgen or (i, m) in verborgen or not rijtotalen_ext[i]:
                return None
            return round(100 * waarden_ext[i][0] / rijtotalen_ext[i], 1)
        waarden_ext = [*waarden, koltotalen[:m]]
        rijtotalen_ext = [*rijtotalen, koltotalen[m]]
        tabel.rijen = [(label, [*rij, aandeel(rij, i)]) for i, (label, rij) in enumerate(tabel.rijen)]
        if tabel.totaal_rij:
            tabel.totaal_rij = ("Totaal", [*tabel.totaal_rij[1], aandeel(None, n)])
    # Positions in the displayed table (the total column only when shown).
    tabel.onderdrukt = {(i, j) for (i, j) in verborgen if j < m or toon_totaalkolom}
    return tabel
