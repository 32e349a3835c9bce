"""Make docs/screenshot.png from real app state: the moons preset, trained live for a while.

Run with `make screenshot` (offscreen) or under Xvfb. Waits on the window's own signals, never sleeps.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main(out: Path = ROOT / "docs" / "screenshot.png", steps: int = 1500) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from playground.app import apply_theme
    from playground.window.main_window import MainWindow
    apply_theme(app)
    tmp = Path(tempfile.mkdtemp())
    window = MainWindow(settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), data_dir=tmp)
    window.files.set_interactive(False)
    window.resize(1280, 800)
    window.show()
    window.data_controls.generate_button.click()
    window.graph_panel.setCurrentIndex(0)
    loop = QEventLoop()
    done = {"step": 0}

    def on_painted(snap):
        done["step"] = snap.step
        if snap.step >= steps:
            window.pause_training()
            loop.quit()

    window.snapshot_painted.connect(on_painted)
    QTimer.singleShot(300, window.start_training)
    QTimer.singleShot(60_000, loop.quit)      # a guard, not a wait: never hang forever
    loop.exec()
    settle = QEventLoop()                      # let the last snapshot and the plot's readout paint
    QTimer.singleShot(500, settle.quit)
    settle.exec()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(f"saved {out} at step {done['step']}")
    window.controller.shutdown()


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:2]))
