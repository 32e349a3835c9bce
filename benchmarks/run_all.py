"""Run every benchmarks/bench_*.py in turn, each in its own process, and print what it prints.

Own processes, so one benchmark's imports (torch, thread pools) and garbage cannot slow the next one.
Each script runs with its default arguments. Exits non-zero if any script failed.
"""
from __future__ import annotations

import pathlib
import subprocess
import sys
import time


def main():
    here = pathlib.Path(__file__).resolve().parent
    scripts = sorted(here.glob("bench_*.py"))
    if not scripts:
        print("no benchmarks/bench_*.py found")
        return 1
    failed = []
    for script in scripts:
        print(f"=== {script.name} " + "=" * max(0, 60 - len(script.name)), flush=True)
        t0 = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=here.parent)
        took = time.perf_counter() - t0
        status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        print(f"--- {script.name}: {status} in {took:.1f} s\n", flush=True)
        if result.returncode:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
