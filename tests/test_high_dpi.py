"""Crisp at 200% scaling: the app run at device pixel ratio 2 (QT_SCALE_FACTOR=2, what Qt does on a high-DPI
screen; the scale is fixed when the application starts, hence a process of its own) draws twice the pixels,
and what the app paints itself (points, class swatches, the examples' pictures) is drawn at 2x, not a 1x
picture blown up."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r'''
import json, sys, tempfile
from pathlib import Path
from PySide6.QtCore import QEventLoop, QSettings, QSize, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

app = QApplication(sys.argv[:1])
from playground.files.examples_gallery import PREVIEW, THUMBNAIL, ExamplesGallery
from playground.window.main_window import MainWindow

tmp = Path(tempfile.mkdtemp())
window = MainWindow(settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), data_dir=tmp)
window.files.set_interactive(False)
window.resize(1000, 700)
window.show()
loop = QEventLoop()
window.snapshot_painted.connect(loop.quit)       # the generated points and their boundary are drawn
QTimer.singleShot(30_000, loop.quit)              # a guard, not a wait
window.findChild(QPushButton, "generateButton").click()
loop.exec()
shot = window.grab()
stamp = window.canvas._points.train[0]._stamp     # made by the first paint of the class's points
swatch = window.class_picker.findChild(QWidget, "classButton0").icon()
gallery = ExamplesGallery(window)
thumb = gallery.list.item(0).icon().pixmap(QSize(THUMBNAIL, THUMBNAIL), 2.0)
print(json.dumps({
    "window": [window.width(), window.height()],
    "grab": [shot.width(), shot.height()],
    "grab dpr": shot.devicePixelRatio(),
    "point size": window.canvas._points.train[0]._style[1],
    "point stamp": [stamp.width(), stamp.devicePixelRatio()] if stamp is not None else None,
    "swatch": [swatch.pixmap(QSize(14, 14), 2.0).width()],
    "preview": [gallery._pictures[0].width(), gallery._pictures[0].devicePixelRatio(), PREVIEW],
    "thumbnail": [thumb.width(), THUMBNAIL],
}))
window.controller.shutdown()
'''


def test_at_200_percent_the_window_and_its_own_pictures_have_twice_the_pixels():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    width, height = seen["window"]
    assert seen["grab"] == [2 * width, 2 * height] and seen["grab dpr"] == 2
    stamp_width, stamp_dpr = seen["point stamp"]
    assert stamp_dpr == 2 and stamp_width >= 2 * seen["point size"]       # each point drawn at 2x
    assert seen["swatch"][0] >= 2 * 14 - 1
    preview_width, preview_dpr, preview = seen["preview"]
    assert preview_dpr == 2 and preview_width == 2 * preview               # not a 1x picture blown up
    thumb_width, thumbnail = seen["thumbnail"]
    assert thumb_width == 2 * thumbnail
