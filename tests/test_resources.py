"""The app's resources (icon, desktop entry, MIME type, metainfo) load through importlib.resources, and
`make install-desktop`'s installer puts them in place per user and takes them out again."""
from __future__ import annotations

import configparser
import shutil
import xml.etree.ElementTree as ET

import pytest

from playground.desktop import desktop_entry, install, installed_files, uninstall
from playground.files.session_io import write_session
from playground.model.state import PlaygroundState
from playground.resources import APP_ID, ICON_SIZES, SESSION_MIME_TYPE, icon_png, icon_svg, resource

MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def read_entry(text: str) -> dict:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read_string(text)
    return dict(parser["Desktop Entry"])


def test_icon_is_an_svg_and_every_png_size(qapp):
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    from playground.app_icon import app_icon
    assert QSvgRenderer(icon_svg().read_bytes()).isValid()
    for size in ICON_SIZES:
        image = QImage.fromData(icon_png(size).read_bytes(), "PNG")
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() == 255, "the tile's middle is opaque"
        assert image.pixelColor(0, 0).alpha() == 0, "the tile's corners are round (transparent)"
    assert sorted(s.width() for s in app_icon().availableSizes()) == list(ICON_SIZES)


def test_desktop_entry_names_the_icon_the_command_and_the_session_type():
    entry = read_entry(desktop_entry(["/opt/my venv/bin/micrograd-playground"]))
    assert entry["Type"] == "Application" and entry["Name"] == "micrograd playground"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == '"/opt/my venv/bin/micrograd-playground" %f'    # quoted: the path has a space
    assert SESSION_MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Categories"].startswith("Education;")


def test_mime_magic_recognises_a_saved_session(tmp_path):
    """The MIME type's magic must match what write_session really writes, within the offsets it searches."""
    root = ET.fromstring(resource("desktop", f"{APP_ID}.xml").read_bytes())
    mime = root.find(f"{MIME_NS}mime-type")
    assert mime.get("type") == SESSION_MIME_TYPE
    match = mime.find(f"{MIME_NS}magic/{MIME_NS}match")
    start, end = (int(x) for x in match.get("offset").split(":"))
    path = tmp_path / "session.json"
    write_session(path, PlaygroundState())
    head = path.read_bytes()[start:end + len(match.get("value"))]
    assert match.get("value").encode() in head
    assert mime.find(f"{MIME_NS}sub-class-of").get("type") == "application/json"


def test_metainfo_launches_the_desktop_entry():
    root = ET.fromstring(resource("desktop", f"{APP_ID}.metainfo.xml").read_bytes())
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("project_license") == "MIT"
    assert root.findtext("provides/mediatype") == SESSION_MIME_TYPE


def test_install_desktop_then_uninstall_leaves_nothing(tmp_path):
    home = tmp_path / "share"
    written = install(home, ["/usr/bin/micrograd-playground"], refresh=False)
    assert sorted(written) == sorted(installed_files(home))
    assert (home / "applications" / f"{APP_ID}.desktop").is_file()
    for size in ICON_SIZES:
        png = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.read_bytes() == icon_png(size).read_bytes()
    entry = read_entry((home / "applications" / f"{APP_ID}.desktop").read_text())
    assert entry["Exec"] == "/usr/bin/micrograd-playground %f"
    removed = uninstall(home, refresh=False)
    assert sorted(removed) == sorted(written)
    assert not [p for p in home.rglob("*") if p.is_file()]


@pytest.mark.skipif(shutil.which("update-mime-database") is None, reason="shared-mime-info not installed")
def test_installed_mime_type_is_registered(tmp_path):
    home = tmp_path / "share"
    install(home, ["micrograd-playground"])
    assert (home / "mime" / "application" / f"{SESSION_MIME_TYPE.split('/')[1]}.xml").is_file()
    assert "*.mgp.json" in (home / "mime" / "globs2").read_text()
    uninstall(home)
    assert SESSION_MIME_TYPE not in (home / "mime" / "types").read_text()
