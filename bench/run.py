"""`make bench`: every benchmark, each printing `name: value unit` lines.

After each script, for every page time it printed (`pagina_<naam>: <ms> ms`), the ratio to the trivial
logged-in page measured in the same script (`pagina_triviaal_ingelogd…`) as `verhouding_<naam>: <x> x`: on a
machine whose speed varies, the ratio is the figure to compare between runs. The bench database is prepared
once (bench/gemeen.py), before the scripts that use it.

    .venv/bin/python bench/run.py [bench_paginas.py ...]     # all scripts, or only these
"""

import os
import re
import subprocess
import sys
from pathlib import Path

HIER = Path(__file__).resolve().parent
SCRIPTS = ("bench_import.py", "bench_paginas.py", "bench_overleg.py", "bench_rapportage.py", "bench_keten.py")
ZONDER_BENCH_DATABASE = {"bench_import.py"}  # it makes and removes a scratch database of its own
REGEL = re.compile(r"^(?P<naam>\w+): (?P<waarde>[0-9.]+) (?P<eenheid>\S+)$")


def verhoudingen(regels: list[str]) -> list[str]:
    """`verhouding_<naam>: <x> x` for each `pagina_<naam>: <ms> ms` line, beside the trivial logged-in page of
    the same lines; none without a trivial page."""
    triviaal, paginas = None, {}
    for regel in regels:
        gevonden = REGEL.match(regel.strip())
        if not gevonden or gevonden["eenheid"] != "ms" or not gevonden["naam"].startswith("pagina_"):
            continue
        naam = gevonden["naam"].removeprefix("pagina_")
        if naam.startswith("triviaal_ingelogd"):
            triviaal = float(gevonden["waarde"])
        elif not naam.startswith("triviaal"):  # e.g. /healthz: the floor, not a page to compare
            paginas[naam] = float(gevonden["waarde"])
    if not triviaal:
        return []
    return [f"verhouding_{naam}: {ms / triviaal:.1f} x" for naam, ms in paginas.items()]


def draai(script: str, env: dict) -> None:
    """Run one script, passing its lines on as they come, then print the ratios of its page times."""
    regels = []
    with subprocess.Popen([sys.executable, str(HIER / script)], stdout=subprocess.PIPE, text=True, env=env) as p:
        for regel in p.stdout:
            print(regel, end="", flush=True)
            regels.append(regel)
    if p.returncode:
        sys.exit(f"{script} stopte met code {p.returncode}")
    for regel in verhoudingen(regels):
        print(regel, flush=True)


def main():
    gekozen = sys.argv[1:] or [s for s in SCRIPTS if (HIER / s).exists()]
    env = dict(os.environ)
    for script in gekozen:
        if script not in ZONDER_BENCH_DATABASE and "BENCH_VOORBEREID" not in env:
            draai("gemeen.py", env)  # migrate, demo --groot (tops up only), ANALYZE: once for all scripts
            env["BENCH_VOORBEREID"] = "1"
        draai(script, env)


if __name__ == "__main__":
    main()
