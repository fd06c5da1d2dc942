"""The figures of `make load` as `name: value unit` lines, from the two JSON files bench/locustfile.py wrote
(the trivial run and the mix). Exits 1 when a run had errors, after printing everything.

    python3 bench/belasting_cijfers.py TRIVIAAL.json MIX.json
"""

import json
import sys


def regels(triviaal: dict, mix: dict) -> list[str]:
    uit = []
    for soort, run in (("triviaal", triviaal), ("mix", mix)):
        totaal = run["totaal"]
        uit += [f"belasting_{soort}_doorvoer: {totaal['per_s']:.1f} verzoeken/s",
                f"belasting_{soort}_p50: {totaal['p50']:.0f} ms",
                f"belasting_{soort}_p95: {totaal['p95']:.0f} ms",
                f"belasting_{soort}_verzoeken: {totaal['aantal']} aantal",
                f"belasting_{soort}_fouten: {sum(run['fouten'].values())} aantal"]
    # Per page of the mix, slowest p95 first. All wait alike in the workers' queue, so the differences, and
    # the share of the server's time (requests × mean), show which pages weigh.
    tijd = sum(p["aantal"] * p["gemiddeld"] for p in mix["paginas"].values()) or 1
    for naam, pagina in sorted(mix["paginas"].items(), key=lambda paar: -paar[1]["p95"]):
        uit += [f"belasting_mix_{naam}_p50: {pagina['p50']:.0f} ms",
                f"belasting_mix_{naam}_p95: {pagina['p95']:.0f} ms",
                f"belasting_mix_{naam}_verzoeken: {pagina['aantal']} aantal",
                f"belasting_mix_{naam}_aandeel_tijd: {pagina['aantal'] * pagina['gemiddeld'] / tijd * 100:.0f} %"]
    verhouding = mix["totaal"]["per_s"] / triviaal["totaal"]["per_s"] * 100 if triviaal["totaal"]["per_s"] else 0
    uit.append(f"verhouding_doorvoer_mix_tot_triviaal: {verhouding:.0f} %")
    return uit


def main():
    runs = []
    for pad in sys.argv[1:3]:
        with open(pad) as bestand:
            runs.append(json.load(bestand))
    for regel in regels(*runs):
        print(regel)
    for run in runs:
        for fout, aantal in run["fouten"].items():
            print(f"  fout ({aantal}×): {fout}", file=sys.stderr)
    if any(run["fouten"] for run in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
