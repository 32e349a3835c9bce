"""At launch, what a crash left behind: the autosave found (an unreadable one set aside), and the words of
the Restore? question. SessionFiles.after_launch asks it and applies the answer."""
from __future__ import annotations

from datetime import datetime

from playground.files import dialogs
from playground.files.autosave import Autosaver, Recovery
from playground.files.session_io import BadFileError

RESTORE_QUESTION = "micrograd playground did not close properly. Restore the unsaved work it kept?"


class UnreadableAutosave(Exception):
    """The autosave could not be read; str() says so and where it was kept, __cause__ says why."""


def find_recovery(autosaver: Autosaver) -> Recovery | None:
    """The autosave's Recovery, or None if there is none. One that cannot be read is set aside (renamed,
    never silently skipped) and raises UnreadableAutosave."""
    try:
        return Autosaver.find_recovery(autosaver.data_dir)
    except (OSError, BadFileError) as exc:
        try:
            kept = f"It was kept as {autosaver.set_aside_unreadable()}."
        except OSError as move_error:
            kept = f"It could not be set aside either: {dialogs.explain(move_error)}"
        raise UnreadableAutosave("The work autosaved before micrograd playground last closed could not be "
                                 "read. " + kept) from exc


def restore_detail(recovered: Recovery, autosaver: Autosaver) -> str:
    """When the work was autosaved, how much there is, and which file it is unsaved changes of."""
    stamp = datetime.fromtimestamp(autosaver.path.stat().st_mtime).strftime("%H:%M on %d %b")
    return (f"Autosaved at {stamp}: {len(recovered.state.points):,} points, {recovered.state.step:,} training "
            "steps" + (f", unsaved changes to “{recovered.source.name}”." if recovered.source else "."))
