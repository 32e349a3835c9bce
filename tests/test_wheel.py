"""`pip install .` ships the app with its resources and nothing else: the wheel built from a copy of the
source tree holds the icon, the desktop entry and the MIME type, and no tests or benchmarks."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from playground.desktop import installed_files
from playground.files.examples import EXAMPLES
from playground.resources import APP_ID, ICON_SIZES

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_the_resources_and_no_tests(tmp_path):
    src = tmp_path / "clone"                      # a copy: building in place would leave build/ in the tree
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", ".*")
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("engine", "playground", "tests", "benchmarks", "scripts"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, src / folder, ignore=ignore)
    out = tmp_path / "dist"
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                             "--quiet", "-w", str(out), str(src)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    (wheel,) = out.glob("micrograd_playground-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    assert f"playground/resources/icons/{APP_ID}.svg" in names
    for size in ICON_SIZES:
        assert f"playground/resources/icons/{APP_ID}-{size}.png" in names
    for source in installed_files(tmp_path).values():       # every file the desktop installer copies
        assert f"playground/resources/{source.parent.name}/{source.name}" in names
    for example in EXAMPLES:                                   # File ▸ Examples… sessions
        assert f"playground/resources/examples/{example.file_name}" in names
    assert "playground/window/main_window.py" in names and "engine/value.py" in names
    tops = {name.split("/")[0] for name in names}
    assert not tops & {"tests", "benchmarks", "scripts", "docs"}, sorted(tops)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "micrograd-playground = playground.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


    # Installed (into a folder of its own, run from elsewhere), the command starts and finds its resources.
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site),
                             str(wheel)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    probe = ("import playground, playground.resources as r; print(playground.__file__); "
             "print(len(r.icon_png(256).read_bytes()), r.resource('desktop', r.APP_ID + '.desktop').is_file())")
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env)
    where, found = result.stdout.splitlines()
    assert Path(where).is_relative_to(site)
    assert found == f"{(ROOT / 'playground/resources/icons' / f'{APP_ID}-256.png').stat().st_size} True"
    result = subprocess.run([str(site / "bin" / APP_ID), "--help"], capture_output=True, text=True, cwd=tmp_path,
                            env=env)
    assert result.returncode == 0 and "--install-desktop" in result.stdout, result.stderr
