"""Session files (JSON) and dataset files (CSV): read strictly, write atomically.

Files are data only: parsed with `json`/`csv`, never pickled, eval'ed or exec'ed. A read either returns a
complete, validated result or raises `BadFileError` saying what is wrong and where (line/column, CSV line,
or the state field), so a bad file never half-applies. I/O failures (missing file, no permission, disk
full) surface as `OSError`.

Session file: {"format": "micrograd-playground-session", "version": 1, "state": PlaygroundState.to_dict()},
and, in autosaves only, "autosave_of": the session file whose unsaved changes it holds (a path, or null).
Every number must be a finite float: NaN, Infinity, null and numbers too large for a float (1e999, an
integer of 400 digits) are refused, naming the line, the column and the field. The loss history never holds
non-finite values (the plot drops them), so a session has no reason to.

CSV: a header row naming the columns `x1`, `x2` and `label` (any order; other columns, such as the index
pandas writes, are ignored), then one point per row. Labels are class ids 0..5. A file whose labels are
exactly -1/+1 (the two-class convention of SVMs and of our binary losses) is read as -1 -> class 0 and
+1 -> class 1, the same mapping the binary losses use; -1 mixed with any other id is refused.
Regression (issue 12): a `value` column gives each point a real value (a surface's target; a curve's target
is its point's y = x2). With it the `label` column may be left out (every point class 0). The app writes
`x1,x2,value` for a regression session, `x1,x2,label` otherwise.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from PySide6.QtCore import QIODevice, QSaveFile

from playground.files import strict_json
from playground.model.json_values import json_kind
from playground.model.state import MAX_CLASSES, MAX_POINTS, PlaygroundState, StateError

SESSION_FORMAT = "micrograd-playground-session"
SESSION_VERSION = 1
AUTOSAVE_OF = "autosave_of"       # the optional top-level field of an autosave
MAX_FILE_BYTES = 50 * 1000 * 1000  # 50 MB, as the messages say (not MiB)
_MB = 1000 * 1000
CSV_HEADER = ("x1", "x2", "label")
CSV_VALUE = "value"               # the optional column of regression values
_CHUNK_ITEMS = 4096  # list items per json.dumps call: short C calls let the GIL reach the GUI thread


class BadFileError(ValueError):
    """A file whose content is refused: str() is "<location>: <reason>", e.g. "line 3, column 7: not valid
    JSON: ...", "line 12: label 9 is not a class id in 0..5", or "field 'labels[4]': ..." for the state."""

    def __init__(self, path, reason: str, location: str = ""):
        self.path = str(path)
        self.reason = reason
        self.location = location
        super().__init__(f"{location}: {reason}" if location else reason)


class CsvData(NamedTuple):
    points: list    # [[x1, x2], ...] finite floats
    labels: list    # class ids 0..num_classes-1
    num_classes: int
    values: list | None = None   # each point's real value (a `value` column), or None


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


def read_csv(path) -> CsvData:
    """Read a dataset CSV (see the module docstring). Raises BadFileError naming the line, or OSError."""
    text = decode_text(path, read_bytes(path))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns = None
    raw = []  # (line, x1, x2, label)
    values: list = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns, width = _header_columns(path, row, line), len(row)
                continue
            if len(raw) >= MAX_POINTS:
                raise BadFileError(path, f"more than the {MAX_POINTS:,} points allowed", f"line {line}")
            if len(row) != width:
                raise BadFileError(path, _width_mismatch(row, width), f"line {line}")
            x1, x2 = (_csv_number(path, row[columns[i]], CSV_HEADER[i], line) for i in (0, 1))
            raw.append((line, x1, x2, 0 if columns[2] is None else _csv_label(path, row[columns[2]], line)))
            if columns[3] is not None:
                values.append(_csv_number(path, row[columns[3]], CSV_VALUE, line))
    except csv.Error as e:
        raise BadFileError(path, f"not valid CSV: {e}", f"line {reader.line_num}") from None
    if columns is None:
        raise BadFileError(path, "the file is empty; expected a header row x1,x2,label")
    data = _labels_to_classes(path, raw)
    return data._replace(values=values) if columns[3] is not None else data


def _header_columns(path, row, line) -> tuple:
    """Column indices of x1, x2, label and value (None for a label or value column left out)."""
    names = [cell.strip().lower() for cell in row]
    if not all(name in names for name in CSV_HEADER[:2]) or not ({"label", CSV_VALUE} & set(names)):
        found = ",".join(cell.strip() for cell in row)[:60]
        raise BadFileError(path, f"expected a header row naming the columns x1,x2,label (found '{found}'); "
                                 f"x1,x2,value for regression", f"line {line}")
    return tuple(names.index(name) if name in names else None for name in (*CSV_HEADER, CSV_VALUE))


_WHOLE_NUMBER = re.compile(r"\s*[-+]?\d+\s*")


def _width_mismatch(row: list, width: int) -> str:
    """Why a row of the wrong length is refused; with decimal commas (0,5 for 0.5) a row splits into more
    cells than the header has, all of them whole numbers."""
    reason = f"expected {width} values, as in the header row, found {len(row)}"
    if len(row) > width and all(_WHOLE_NUMBER.fullmatch(cell) for cell in row):
        reason += (f"; the numbers look like they use decimal commas ({row[0].strip()},{row[1].strip()}): "
                   "write the file with decimal points")
    return reason


def _csv_number(path, cell: str, column: str, line: int) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise BadFileError(path, f"{column} {cell.strip()[:30]!r} is not a number", f"line {line}") from None
    if not math.isfinite(value):
        raise BadFileError(path, f"{column} {cell.strip()!r} is not a finite number", f"line {line}")
    return value


def _csv_label(path, cell: str, line: int) -> int:
    try:
        return int(cell)
    except ValueError:
        pass
    try:  # pandas writes 1.0 for an integer column that once held a missing value
        value = float(cell)
        if value.is_integer():
            return int(value)
    except (ValueError, OverflowError):
        pass
    raise BadFileError(path, f"label {cell.strip()[:30]!r} is not a whole number", f"line {line}")


def _labels_to_classes(path, raw) -> CsvData:
    plus_minus = any(k == -1 for *_, k in raw)
    labels = []
    for line, _, _, k in raw:
        if plus_minus:
            if k not in (-1, 1):
                raise BadFileError(path, f"label {k} mixed with label -1: use class ids 0..{MAX_CLASSES - 1}, "
                                         "or -1/+1 for two classes", f"line {line}")
            k = (k + 1) // 2
        elif not 0 <= k < MAX_CLASSES:
            raise BadFileError(path, f"label {k} is not a class id in 0..{MAX_CLASSES - 1}", f"line {line}")
        labels.append(k)
    points = [[x1, x2] for _, x1, x2, _ in raw]
    return CsvData(points, labels, max(2, max(labels, default=0) + 1))


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


def _dump_list(values: list) -> Iterator[str]:
    yield "["
    for i in range(0, len(values), _CHUNK_ITEMS):
        yield ("," if i else "") + _dump(values[i:i + _CHUNK_ITEMS])[1:-1]
    yield "]"


def encode_session(data: dict, autosave_of: str | None = None) -> Iterator[bytes]:
    """The session file for a state dict, in pieces (each a short json.dumps call); `autosave_of` is for
    autosaves: the session file they hold unsaved changes of."""
    source = f',{_dump(AUTOSAVE_OF)}:{_dump(autosave_of)}' if autosave_of is not None else ""
    yield f'{{"format":{_dump(SESSION_FORMAT)},"version":{SESSION_VERSION}{source},"state":{{'.encode()
    for i, (key, value) in enumerate(data.items()):
        head = ("," if i else "") + _dump(key) + ":"
        if key == "history":  # curves can be as long as the points: piece by piece too
            yield (head + "{").encode()
            for j, (name, values) in enumerate(value.items()):
                yield (("," if j else "") + _dump(name) + ":" + "".join(_dump_list(values))).encode()
            yield b"}"
        elif isinstance(value, list) and len(value) > _CHUNK_ITEMS:
            yield (head + "".join(_dump_list(value))).encode()
        else:
            yield (head + _dump(value)).encode()
    yield b"}}\n"


def write_session(path, state: PlaygroundState) -> None:
    """Validate (so we never write a file we would refuse) and write atomically."""
    if not isinstance(state, PlaygroundState):
        raise ValueError(f"write_session needs a PlaygroundState, got {type(state).__name__}")
    state.validate()
    atomic_write(path, encode_session(vars(state)))  # synchronous: nothing changes the state meanwhile


def write_csv(path, points: list, labels: list, values: list | None = None) -> None:
    """Write points and class ids as `x1,x2,label` CSV, floats in their shortest exact form; with `values`
    (regression) `x1,x2,value` instead."""
    if len(points) != len(labels):
        raise ValueError(f"{len(points)} points but {len(labels)} labels")
    if values is not None:
        if len(values) != len(points) or not all(isinstance(v, float) and math.isfinite(v) for v in values):
            raise ValueError(f"values must be {len(points)} finite floats, one per point")

        def value_rows() -> Iterator[bytes]:
            yield f"x1,x2,{CSV_VALUE}\n".encode()
            for start in range(0, len(points), _CHUNK_ITEMS):
                block = zip(points[start:start + _CHUNK_ITEMS], values[start:start + _CHUNK_ITEMS])
                yield "".join(f"{float(x)!r},{float(y)!r},{v!r}\n" for (x, y), v in block).encode()

        atomic_write(path, value_rows())
        return
    for i, k in enumerate(labels):
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < MAX_CLASSES:
            raise ValueError(f"labels[{i}]: {k!r} is not a class id in 0..{MAX_CLASSES - 1}")

    def rows() -> Iterator[bytes]:
        yield (",".join(CSV_HEADER) + "\n").encode()
        for start in range(0, len(points), _CHUNK_ITEMS):
            block = zip(points[start:start + _CHUNK_ITEMS], labels[start:start + _CHUNK_ITEMS])
            yield "".join(f"{float(x)!r},{float(y)!r},{k}\n" for (x, y), k in block).encode()

    atomic_write(path, rows())

