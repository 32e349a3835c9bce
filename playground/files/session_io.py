"""Session files (JSON): read strictly, write atomically; the file rules dataset CSVs share.

Files are data only: parsed with `json`/`csv`, never pickled, eval'ed or exec'ed. A read either returns a
complete, validated result or raises `BadFileError` saying what is wrong and where (line/column, CSV line,
or the state field), so a bad file never half-applies. I/O failures (missing file, no permission, disk
full) surface as `OSError`.

Session file: {"format": "micrograd-playground-session", "version": 1, "state": PlaygroundState.to_dict()},
and, in autosaves only, "autosave_of": the session file whose unsaved changes it holds (a path, or null).
Every number must be a finite float: NaN, Infinity, null and numbers too large for a float (1e999, an
integer of 400 digits) are refused, naming the line, the column and the field. The loss history never holds
non-finite values (the plot drops them), so a session has no reason to.

Dataset CSV files (dataset_csv.py) are read and written with the same rules: `read_bytes`, `decode_text`,
`BadFileError`, `atomic_write`.
"""
from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator

import numpy as np
from PySide6.QtCore import QIODevice, QSaveFile

from playground.files import strict_json
from playground.model.json_values import json_kind
from playground.model.state import PlaygroundState, StateError

SESSION_FORMAT = "micrograd-playground-session"
SESSION_VERSION = 1
AUTOSAVE_OF = "autosave_of"       # the optional top-level field of an autosave
MAX_FILE_BYTES = 50 * 1000 * 1000  # 50 MB, as the messages say (not MiB)
_MB = 1000 * 1000
CHUNK_ITEMS = 4096  # list items per json.dumps call: short C calls let the GIL reach the GUI thread


class BadFileError(ValueError):
    """A file whose content is refused: str() is "<location>: <reason>", e.g. "line 3, column 7: not valid
    JSON: ...", "line 12: label 9 is not a class id in 0..5", or "field 'labels[4]': ..." for the state."""

    def __init__(self, path, reason: str, location: str = ""):
        self.path = str(path)
        self.reason = reason
        self.location = location
        super().__init__(f"{location}: {reason}" if location else reason)


# -- reading -------------------------------------------------------------------------------------------

def read_bytes(path) -> bytes:
    """The file's bytes, refusing non-regular files and anything over MAX_FILE_BYTES before reading it."""
    path = os.fspath(path)
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise BadFileError(path, "not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise BadFileError(path, f"the file is {info.st_size / _MB:.1f} MB; the limit is "
                                 f"{MAX_FILE_BYTES // _MB} MB")
    with open(path, "rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat()
    if len(data) > MAX_FILE_BYTES:
        raise BadFileError(path, f"the file is larger than the {MAX_FILE_BYTES // _MB} MB limit")
    return data


def decode_text(path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - data.rfind(b"\n", 0, e.start)  # in bytes: the text cannot be decoded
        raise BadFileError(path, f"not UTF-8 text (byte 0x{data[e.start]:02x}); save it as UTF-8",
                           f"line {line}, column {column}") from None


def parse_json(path, text: str):
    """json.loads that refuses NaN, Infinity and numbers too large for a float (naming the line, column and
    field) and names the line and column of any other error (strict_json.py)."""
    try:
        return strict_json.loads(text)
    except strict_json.JsonError as e:
        raise BadFileError(path, e.reason, e.location) from None


def state_from_document(path, doc) -> PlaygroundState:
    """Check the envelope and hand the state to PlaygroundState.from_dict (which names bad fields)."""
    if not isinstance(doc, dict):
        raise BadFileError(path, "not a micrograd playground session (the top level is not an object)")
    fmt = doc.get("format")
    if fmt != SESSION_FORMAT:
        if isinstance(fmt, str) and fmt.startswith("micrograd-playground-"):
            raise BadFileError(path, f"this is a '{fmt}' file, not a session", "field 'format'")
        raise BadFileError(path, f"not a micrograd playground session (expected \"{SESSION_FORMAT}\")",
                           "field 'format'")
    version = doc.get("version")
    if version != SESSION_VERSION or isinstance(version, bool):
        raise BadFileError(path, f"session format version {version!r} is not supported (this app reads "
                                 f"version {SESSION_VERSION})", "field 'version'")
    unknown = sorted(set(doc) - {"format", "version", "state", AUTOSAVE_OF})
    if unknown:
        raise BadFileError(path, f"unknown top-level field(s): {', '.join(unknown)}")
    if "state" not in doc:
        raise BadFileError(path, "missing field 'state' (the session's points, settings and weights)")
    data = doc["state"]
    if not isinstance(data, dict):
        raise BadFileError(path, f"field 'state': expected an object with the session's fields, got "
                                 f"{json_kind(data)}")
    source = doc.get(AUTOSAVE_OF)
    if source is not None and (not isinstance(source, str) or not source or "\0" in source):
        raise BadFileError(path, f"field '{AUTOSAVE_OF}': expected the path of a session file or null")
    try:
        return PlaygroundState.from_dict(data)
    except StateError as e:
        raise BadFileError(path, str(e)) from None  # the message already names the field
    except (TypeError, ValueError) as e:  # belt and braces: from_dict should only raise StateError
        raise BadFileError(path, f"the state does not fit: {e}") from None


def read_session(path) -> PlaygroundState:
    """Read and validate a session file. Raises BadFileError (content) or OSError (I/O)."""
    return read_autosave(path)[0]


def read_autosave(path) -> tuple[PlaygroundState, str | None]:
    """Read a session file and its "autosave_of" (None in sessions people save). Raises as read_session."""
    doc = parse_json(path, decode_text(path, read_bytes(path)))
    return state_from_document(path, doc), doc.get(AUTOSAVE_OF)


# -- writing -------------------------------------------------------------------------------------------

def atomic_write(path, chunks: bytes | Iterable[bytes]) -> None:
    """Write through QSaveFile: the old file is replaced only once every chunk is written and flushed.

    If writing fails or `chunks` raises, the temporary file is discarded and the old file stays as it was.
    """
    path = os.fspath(path)
    if isinstance(chunks, (bytes, bytearray)):
        chunks = (bytes(chunks),)
    out = QSaveFile(path)
    if not out.open(QIODevice.OpenModeFlag.WriteOnly):
        raise OSError(f"cannot write {path}: {out.errorString()}")
    try:
        for chunk in chunks:
            if out.write(chunk) != len(chunk):
                raise OSError(f"writing {path} failed: {out.errorString()}")
    except BaseException:
        out.cancelWriting()
        out.commit()  # after cancelWriting this only removes the temporary file
        raise
    if not out.commit():
        raise OSError(f"saving {path} failed: {out.errorString()}")


def detached_dict(state: PlaygroundState | dict) -> dict:
    """A copy of the state's fields that shares no list with it (much faster than dataclasses.asdict)."""
    data = vars(state) if isinstance(state, PlaygroundState) else state
    out = dict(data)
    out["points"] = [list(p) for p in data["points"]]
    for key in ("labels", "features", "hidden_layers"):
        out[key] = list(data[key])
    out["weights"] = None if data["weights"] is None else list(data["weights"])
    out["values"] = None if data.get("values") is None else list(data["values"])
    out["activations"] = None if data.get("activations") is None else list(data["activations"])
    out["schedule"] = dict(data["schedule"]) if isinstance(data.get("schedule"), dict) else data.get("schedule")
    out["history"] = {k: list(v) for k, v in data["history"].items()}
    return out


def _dump(value) -> str:
    return json.dumps(value, allow_nan=False, separators=(",", ":"))


def _dump_list(values: list | np.ndarray) -> Iterator[str]:
    """A list, or an array as the list `tolist()` gives, CHUNK_ITEMS items (rows) per json.dumps call."""
    yield "["
    for i in range(0, len(values), CHUNK_ITEMS):
        piece = values[i:i + CHUNK_ITEMS]
        yield ("," if i else "") + (_array_items(piece) if isinstance(piece, np.ndarray) else _dump(piece)[1:-1])
    yield "]"


def _array_items(array: np.ndarray) -> str:
    """`_dump(array.tolist())` without its outer brackets, the rows of a 2-D array made without a list each:
    a list per point would wake Python's cyclic garbage collector over and over, and its passes hold the
    GIL for tens of milliseconds (see model/session_snapshot.py)."""
    if array.ndim == 1 or not array.size:
        return _dump(array.tolist())[1:-1]
    width = array.shape[1]
    numbers = _dump(array.ravel().tolist())[1:-1].split(",")
    return ",".join("[" + ",".join(numbers[i:i + width]) + "]" for i in range(0, len(numbers), width))


def encode_session(data: dict, autosave_of: str | None = None) -> Iterator[bytes]:
    """The session file for a state dict, in pieces (each a short json.dumps call); `autosave_of` is for
    autosaves: the session file they hold unsaved changes of. A field may be a numpy array (a
    `SessionSnapshot.file_fields()`): written as its `tolist()`, the same text."""
    source = f',{_dump(AUTOSAVE_OF)}:{_dump(autosave_of)}' if autosave_of is not None else ""
    yield f'{{"format":{_dump(SESSION_FORMAT)},"version":{SESSION_VERSION}{source},"state":{{'.encode()
    for i, (key, value) in enumerate(data.items()):
        head = ("," if i else "") + _dump(key) + ":"
        if key == "history":  # curves can be as long as the points: piece by piece too
            yield (head + "{").encode()
            for j, (name, values) in enumerate(value.items()):
                yield (("," if j else "") + _dump(name) + ":" + "".join(_dump_list(values))).encode()
            yield b"}"
        elif isinstance(value, (list, np.ndarray)) and len(value) > CHUNK_ITEMS:
            yield (head + "".join(_dump_list(value))).encode()
        elif isinstance(value, np.ndarray):
            yield (head + "[" + _array_items(value) + "]").encode()
        else:
            yield (head + _dump(value)).encode()
    yield b"}}\n"


def write_session(path, state: PlaygroundState) -> None:
    """Validate (so we never write a file we would refuse) and write atomically."""
    if not isinstance(state, PlaygroundState):
        raise ValueError(f"write_session needs a PlaygroundState, got {type(state).__name__}")
    state.validate()
    atomic_write(path, encode_session(vars(state)))  # synchronous: nothing changes the state meanwhile
