"""Put the app in the user's launcher, or take it out again: per user, no root.

    python -m playground.desktop install [--exec PATH]     (`make install-desktop`)
    python -m playground.desktop uninstall                 (`make uninstall-desktop`)

Installs under $XDG_DATA_HOME (~/.local/share): the desktop entry, the icon in hicolor's sizes, the session
MIME type and the AppStream metainfo; then refreshes the desktop and MIME caches if their tools exist.
Qt-free, so it runs from any Python that can import the package.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from playground.resources import APP_ID, ICON_SIZES, icon_png, icon_svg, resource


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def installed_files(home: Path) -> dict[Path, object]:
    """Where each resource goes under `home` → the resource."""
    icons = home / "icons" / "hicolor"
    targets: dict[Path, object] = {
        home / "applications" / f"{APP_ID}.desktop": resource("desktop", f"{APP_ID}.desktop"),
        home / "mime" / "packages" / f"{APP_ID}.xml": resource("desktop", f"{APP_ID}.xml"),
        home / "metainfo" / f"{APP_ID}.metainfo.xml": resource("desktop", f"{APP_ID}.metainfo.xml"),
        icons / "scalable" / "apps" / f"{APP_ID}.svg": icon_svg(),
    }
    for size in ICON_SIZES:
        targets[icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = icon_png(size)
    return targets


def default_command() -> list[str]:
    """The console script beside this Python (a venv's, pipx's), else the one on PATH, else `python -m`."""
    beside = Path(sys.executable).with_name(APP_ID)
    if beside.is_file():
        return [str(beside)]
    on_path = shutil.which(APP_ID)
    return [on_path] if on_path else [sys.executable, "-m", "playground"]


def quote_exec_arg(arg: str) -> str:
    """One Exec argument, double-quoted with the spec's escapes when it holds a reserved character."""
    if not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`="):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def desktop_entry(command: list[str]) -> str:
    """The packaged entry with its Exec line running `command` on the file the user opens."""
    # The quoting rule's escapes, then the string rule's (a backslash is written twice), as the spec orders.
    exec_line = " ".join(quote_exec_arg(arg) for arg in command).replace("\\", "\\\\")
    lines = resource("desktop", f"{APP_ID}.desktop").read_text(encoding="utf-8").splitlines()
    return "\n".join(f"Exec={exec_line} %f" if line.startswith("Exec=") else line for line in lines) + "\n"


def install(home: Path, command: list[str], refresh: bool = True) -> list[Path]:
    written = []
    for target, source in installed_files(home).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix == ".desktop":
            target.write_text(desktop_entry(command), encoding="utf-8")
        else:
            target.write_bytes(source.read_bytes())
        written.append(target)
    if refresh:
        refresh_caches(home)
    return written


def uninstall(home: Path, refresh: bool = True) -> list[Path]:
    removed = []
    for target in installed_files(home):
        if target.exists():
            target.unlink()
            removed.append(target)
    if refresh:
        refresh_caches(home)
    return removed


def refresh_caches(home: Path) -> None:
    """Launchers and file managers read caches; their tools are optional (not every desktop has them).
    No icon-theme.cache is written in the user's folder: a stale one would hide icons other apps add later;
    touching the theme folder tells icon loaders to look again."""
    for tool, folder in (("update-desktop-database", "applications"), ("update-mime-database", "mime")):
        path = shutil.which(tool)
        if path and (home / folder).is_dir():
            subprocess.run([path, str(home / folder)], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hicolor = home / "icons" / "hicolor"
    if hicolor.is_dir():
        hicolor.touch()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.desktop", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("install", "uninstall"))
    parser.add_argument("--exec", dest="program", help="the program the launcher runs (default: the "
                        "micrograd-playground script beside this Python, or on PATH)")
    args = parser.parse_args(argv)
    home = data_home()
    if args.action == "install":
        command = [args.program] if args.program else default_command()
        files = install(home, command)
        print(f"installed {len(files)} files under {home}; the launcher runs {' '.join(command)}")
    else:
        files = uninstall(home)
        print(f"removed {len(files)} files from {home}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
