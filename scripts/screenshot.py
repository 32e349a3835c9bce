"""Make the README's pictures from real app state: the moons preset, trained live for a while.

    python scripts/screenshot.py                 # docs/screenshot.png (the default window)
    python scripts/screenshot.py all             # and the dark theme, the hidden space, the landscape, the timeline
    python scripts/screenshot.py main OUT.png    # one picture to a path of your choice
    python scripts/screenshot.py hidpi OUT.png   # the main window at 200% scaling (device pixel ratio 2)

Run with `make screenshot` (offscreen) or under Xvfb. Waits on the window's own signals, never sleeps.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

DOCS = ROOT / "docs"
# picture -> (file, theme, graph-panel tab objectName)
PICTURES = {
    "main": ("screenshot.png", "system", "networkView"),
    "dark": ("screenshot-dark.png", "dark", "networkView"),
    "hidden": ("screenshot-hidden-space.png", "system", "hiddenSpaceView"),
    "landscape": ("screenshot-landscape.png", "system", "lossLandscapeView"),
    "presentation": ("screenshot-presentation.png", "system", "networkView"),
    "gallery": ("screenshot-gallery.png", "system", "networkView"),
    "hidpi": ("screenshot-hidpi.png", "system", "networkView"),
    "regression": ("screenshot-regression.png", "system", "networkView"),
    "timeline": ("screenshot-timeline.png", "system", "networkView"),
}
REGRESSION_EXAMPLE = "regression_curve_fitting"   # a 1-16-1 tanh net bending to the sine preset


def wait(loop_quit_when, ms: int) -> None:
    """Run the event loop until `loop_quit_when` connects its quit, or `ms` passes (a guard, not a wait)."""
    loop = QEventLoop()
    loop_quit_when(loop.quit)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(name: str, out: Path, steps: int = 1500) -> None:
    from playground.app import apply_theme
    from playground.window.main_window import MainWindow
    app = QApplication.instance()
    apply_theme(app)
    _file, theme, tab = PICTURES[name]
    tmp = Path(tempfile.mkdtemp())
    window = MainWindow(settings=QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), data_dir=tmp)
    window.files.set_interactive(False)
    window.view_extras.set_theme(theme, remember=False)
    window.resize(1280, 800)
    window.show()
    if name == "regression":
        from playground.files.examples import EXAMPLES, load_example
        window.apply_state(load_example(next(e for e in EXAMPLES if e.slug == REGRESSION_EXAMPLE)))
    else:
        window.data_controls.generate_button.click()
    panel = window.graph_panel
    view = next(panel.widget(i) for i in range(panel.count()) if panel.widget(i).objectName() == tab)
    panel.setCurrentWidget(view)
    done = {"step": 0}

    def until_trained(quit_):
        def on_painted(snap):
            done["step"] = snap.step
            if snap.step >= steps:
                window.pause_training()
                quit_()
        window.snapshot_painted.connect(on_painted)
        QTimer.singleShot(300, window.start_training)

    wait(until_trained, 60_000)
    if tab == "lossLandscapeView":
        wait(lambda quit_: (view.landscape_ready.connect(lambda _r: quit_()), view.refresh()), 30_000)
    if name == "presentation":
        window.view_extras.set_presentation_mode(True)
    if name == "timeline":                     # scrubbed back to step 20, while the boundary still moved
        early = window.session.timeline.nearest_index(20)
        wait(lambda quit_: (window.timeline.runner.computed.connect(lambda *_: quit_()),
                            window.timeline.scrub_to(early)), 30_000)
    wait(lambda quit_: None, 500)              # let the last snapshot and the plot's readout paint
    out.parent.mkdir(parents=True, exist_ok=True)
    if name == "gallery":
        from playground.files.examples_gallery import ExamplesGallery
        gallery = ExamplesGallery(window)
        gallery.select("micrograd_demo")
        gallery.show()
        wait(lambda quit_: None, 300)
        gallery.grab().save(str(out))
        gallery.close()
    else:
        window.grab().save(str(out))
    if name == "presentation":
        window.view_extras.set_presentation_mode(False)
    print(f"saved {out} at step {done['step']}")
    window.controller.shutdown()
    window.view_extras.set_theme("system", remember=False)


def use_a_full_hd_screen(scale: int = 1) -> None:
    """Offscreen, the screen is 800x800 unless told otherwise: presentation mode's full screen is then a
    projector's 1920x1080 (Qt's offscreen platform reads its screens from a JSON file). `scale` 2: a
    3840x2160 screen at 200% (QT_SCALE_FACTOR: what Qt does on a high-DPI screen, device pixel ratio 2)."""
    if scale != 1:
        os.environ["QT_SCALE_FACTOR"] = str(scale)
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return
    config = Path(tempfile.mkdtemp()) / "screens.json"
    config.write_text(json.dumps({"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1920 * scale,
                                               "height": 1080 * scale, "logicalDpi": 96}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main(argv: list[str]) -> None:
    which = argv[0] if argv else "main"
    use_a_full_hd_screen(scale=2 if which == "hidpi" else 1)
    QApplication.instance() or QApplication(sys.argv[:1])
    if which == "all":
        for name, (file, _theme, _tab) in PICTURES.items():
            if name != "hidpi":               # needs a process of its own (the scale is set at start)
                shoot(name, DOCS / file)
    else:
        shoot(which, Path(argv[1]) if len(argv) > 1 else DOCS / PICTURES[which][0])


if __name__ == "__main__":
    main(sys.argv[1:])
