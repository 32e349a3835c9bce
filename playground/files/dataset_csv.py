"""Dataset files (CSV): read strictly, write atomically (the file rules of session_io.py).

A header row naming the columns `x1`, `x2` and `label` (any order; other columns, such as the index pandas
writes, are ignored), then one point per row. Labels are class ids 0..5. A file whose labels are exactly
-1/+1 (the two-class convention of SVMs and of our binary losses) is read as -1 -> class 0 and +1 -> class 1,
the same mapping the binary losses use; -1 mixed with any other id is refused.
Regression (issue 12): a `value` column gives each point a real value (a surface's target; a curve's target
is its point's y = x2). With it the `label` column may be left out (every point class 0). The app writes
`x1,x2,value` for a regression session, `x1,x2,label` otherwise.
"""
from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from typing import NamedTuple

from playground.files.session_io import CHUNK_ITEMS, BadFileError, atomic_write, decode_text, read_bytes
from playground.model.state import MAX_CLASSES, MAX_POINTS

CSV_HEADER = ("x1", "x2", "label")
CSV_VALUE = "value"               # the optional column of regression values


class CsvData(NamedTuple):
    points: list    # [[x1, x2], ...] finite floats
    labels: list    # class ids 0..num_classes-1
    num_classes: int
    values: list | None = None   # each point's real value (a `value` column), or None


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
            for start in range(0, len(points), CHUNK_ITEMS):
                block = zip(points[start:start + CHUNK_ITEMS], values[start:start + CHUNK_ITEMS])
                yield "".join(f"{float(x)!r},{float(y)!r},{v!r}\n" for (x, y), v in block).encode()

        atomic_write(path, value_rows())
        return
    for i, k in enumerate(labels):
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < MAX_CLASSES:
            raise ValueError(f"labels[{i}]: {k!r} is not a class id in 0..{MAX_CLASSES - 1}")

    def rows() -> Iterator[bytes]:
        yield (",".join(CSV_HEADER) + "\n").encode()
        for start in range(0, len(points), CHUNK_ITEMS):
            block = zip(points[start:start + CHUNK_ITEMS], labels[start:start + CHUNK_ITEMS])
            yield "".join(f"{float(x)!r},{float(y)!r},{k}\n" for (x, y), k in block).encode()

    atomic_write(path, rows())
