"""Small numbers never identify anyone: primary suppression of every count under N, complementary
suppression per row and column so that no hidden cell follows from the shown cells and totals — checked
with exact linear algebra for any table hypothesis can think of, and through the framework's Tabel."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from rapportage.exporters import Tabel
from rapportage.onderdrukking import PRIMAIR, herleidbaar, onderdruk, toepassen, vergelijkingen

tabellen = st.integers(1, 6).flatmap(lambda m: st.lists(
    st.lists(st.integers(0, 40), min_size=m, max_size=m), min_size=1, max_size=7))


def herleidbaar_algebra(n_rijen: int, n_kol: int, verborgen: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The same question answered by exact linear algebra (reduced row echelon form over the rationals):
    the reference the property-based tests check `herleidbaar` and `onderdruk` against."""
    if not verborgen:
        return set()
    cellen = sorted(verborgen)
    index = {c: k for k, c in enumerate(cellen)}
    matrix = []
    for eq in vergelijkingen(n_rijen, n_kol):
        rij = [Fraction(0)] * len(cellen)
        for cel, coef in eq:
            if cel in index:
                rij[index[cel]] = Fraction(coef)
        if any(rij):
            matrix.append(rij)
    # Reduced row echelon form.
    pivots, r = [], 0
    for k in range(len(cellen)):
        p = next((i for i in range(r, len(matrix)) if matrix[i][k]), None)
        if p is None:
            continue
        matrix[r], matrix[p] = matrix[p], matrix[r]
        deler = matrix[r][k]
        matrix[r] = [v / deler for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][k]:
                f = matrix[i][k]
                matrix[i] = [a - f * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(k)
        r += 1
        if r == len(matrix):
            break
    vrij = set(range(len(cellen))) - set(pivots)
    uit = set()
    for rij_nr, k in enumerate(pivots):
        if not any(matrix[rij_nr][f] for f in vrij):
            uit.add(cellen[k])
    return uit



def uitgebreid(w):
    n, m = len(w), len(w[0])
    rijen = [[*r, sum(r)] for r in w] + [[sum(w[i][j] for i in range(n)) for j in range(m)] + [sum(map(sum, w))]]
    return rijen, n, m


@settings(max_examples=300, deadline=None)
@given(tabellen, st.integers(2, 10))
def test_geen_verborgen_cel_is_terug_te_rekenen(w, drempel):
    verborgen = onderdruk(w, drempel)
    u, n, m = uitgebreid(w)
    # The reference check, independent of the fast graph form the algorithm uses.
    assert herleidbaar_algebra(n, m, set(verborgen)) == set()
    # Every shown cell (inner or total) is 0 or at least the threshold.
    for i in range(n + (n > 1)):
        for j in range(m + (m > 1)):
            if (i, j) not in verborgen:
                assert u[i][j] == 0 or u[i][j] >= drempel
    # Every small count is hidden as primary.
    for (i, j), soort in verborgen.items():
        if 0 < u[i][j] < drempel:
            assert soort == PRIMAIR


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.data())
def test_snelle_en_algebraische_toets_zijn_het_eens(n, m, data):
    cellen = [(i, j) for i in range(n + (n > 1)) for j in range(m + (m > 1))]
    verborgen = set(data.draw(st.lists(st.sampled_from(cellen), unique=True)))
    assert herleidbaar(n, m, verborgen) == herleidbaar_algebra(n, m, verborgen)


def test_voorbeeld_3_7_12():
    """The issue's example: 3 shows as "<5", and a second cell in its row and in its column is hidden, so
    neither the row total nor the column total gives the 3 away."""
    tabel = Tabel("Voorbeeld", kolommen=["IZ", "ZAT", "SMW"], rijen=[("Man", [3, 7, 12]), ("Vrouw", [10, 9, 20])],
                  totalen=True)
    toepassen(tabel, 5)
    man, vrouw = tabel.rijen[0][1], tabel.rijen[1][1]
    assert man[0] == "<5"
    assert sum(1 for v in man[:3] if not isinstance(v, int)) >= 2   # a second cell in the row
    assert not isinstance(vrouw[0], int)                            # and one in the column
    assert man[3] == 22 and tabel.totaal_rij[1][3] == 61            # totals shown, yet nothing recomputable
    assert herleidbaar_algebra(2, 3, tabel.onderdrukt) == set()


def test_een_deelnemer_geeft_geen_enkel_getal():
    """A filter narrowed to one student: every count of the table is hidden, zeros too (a zero beside a
    hidden 1 would say which category the student is in)."""
    tabel = Tabel("Geslacht", kolommen=["In zorg", "Niet in zorg"],
                  rijen=[("Man", [0, 0]), ("Vrouw", [1, 0]), ("Anders", [0, 0])], totalen=True, aandeel=True)
    toepassen(tabel, 5)
    for _, waarden in tabel.alle_rijen:
        assert all(not isinstance(v, int | float) or v == 0 for v in waarden[:3])
    vrouw = tabel.rijen[1][1]
    assert vrouw[0] == "<5" and vrouw[3] is None  # no share either
    assert tabel.totaal_rij[1][0] == "<5"


def test_een_kolom_zonder_totaalkolom():
    tabel = Tabel("Niveau", kolommen=["Deelnemers"], rijen=[("1", [30]), ("2", [2]), ("3", [40])], totalen=True)
    toepassen(tabel, 5)
    assert [w[0] for _, w in tabel.rijen] == ["x", "<5", 40] or [w[0] for _, w in tabel.rijen][1] == "<5"
    assert sum(1 for _, w in tabel.rijen if not isinstance(w[0], int)) >= 2
