"""`make bench`: every benchmark, each printing `name: value unit` lines."""

import subprocess
import sys
from pathlib import Path

HIER = Path(__file__).resolve().parent
for script in ("bench_import.py", "bench_paginas.py", "bench_overleg.py", "bench_rapportage.py"):
    if (HIER / script).exists():
        subprocess.run([sys.executable, str(HIER / script)], check=True)
