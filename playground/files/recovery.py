"""At launch, what a crash left behind: the autosave found (an unreadable one set aside), the Restore?
question and what its answer does to the autosave. SessionFiles.after_launch applies a restored session."""
from __future__ import annotations

from collections.abc import Callable
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


def recover_at_launch(autosaver: Autosaver, restore: str, ask: Callable[[str, str], str],
                      report: Callable[[str, BaseException], None]) -> Recovery | None:
    """The autosaved session to restore, or None. `restore` "yes" or "no", or "ask": `ask(question, detail)`
    answers "yes", "no" or "keep" (no one to ask: left for the next launch). "no" deletes the autosave. One
    that cannot be read is set aside and given to `report(what, exc)`."""
    try:
        recovered = find_recovery(autosaver)
    except UnreadableAutosave as exc:
        report(str(exc), exc.__cause__ or exc)
        return None
    if recovered is None:
        return None
    if restore == "ask":
        restore = ask(RESTORE_QUESTION, restore_detail(recovered, autosaver))
    if restore == "no":
        autosaver.discard()
    return recovered if restore == "yes" else None
