"""`engine` computes and `playground` draws: importing engine (and every module in it) must load neither
Qt nor pyqtgraph, so the engine runs headless, in scripts and in worker processes."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import importlib, pkgutil, sys
import engine
for mod in pkgutil.iter_modules(engine.__path__):
    importlib.import_module("engine." + mod.name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6"))
print(",".join(bad))
"""


def test_importing_engine_loads_no_qt():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"engine imported Qt modules: {result.stdout.strip()}"
