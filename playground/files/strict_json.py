"""Strict JSON for session files: `loads` refuses what json.loads lets through or reports poorly.

json.loads takes NaN and Infinity, turns 1e999 into inf, and stops at integers of over 4,300 digits with a
message that names no line. Here every number must be a finite float: NaN, Infinity and numbers too large
for a float (1e999, an integer of 400 or 5,000 digits) are refused naming the line, the column and the field
("points[3][0]", "history.step[7]"), and any other error names its line and column. Qt-free.
"""
from __future__ import annotations

import json
import math
import re


class JsonError(ValueError):
    """`reason` says what is wrong, `location` ("line 3, column 7", or "") where."""

    def __init__(self, reason: str, location: str = ""):
        self.reason, self.location = reason, location
        super().__init__(f"{location}: {reason}" if location else reason)


class _NotFinite:
    """Stands in, while parsing, for NaN, Infinity or a number too large for a float, so that the refusal
    can name the field it sits in."""
    __slots__ = ("token",)

    def __init__(self, token: str):
        self.token = token


# Strings first so that "NaN" inside a string is skipped; group 1 is a constant or a number outside strings.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|(NaN|-?Infinity|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)')


def _locate_non_finite(text: str) -> tuple[int, int]:
    """(line, column) of the first NaN/Infinity/overflowing number; only run after parsing found one."""
    for m in _TOKEN.finditer(text):
        token = m.group(1)
        if token and (not token[-1].isdigit() or not math.isfinite(float(token))):
            start = m.start(1)
            return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
    return 0, 0


def _field_of(doc, target) -> str:
    """Where `target` sits in the parsed document, named as the state's messages name fields
    ("points[3][0]", "history.step[7]"; "version" at the top level); "" if it is not there."""
    stack = [(doc, "")]
    while stack:
        value, where = stack.pop()
        if value is target:
            return where.removeprefix("state.")
        if isinstance(value, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]") for i, v in reversed(list(enumerate(value))))
    return ""


def _shown(token: str) -> str:
    digits = token.lstrip("-")
    return f"an integer of {len(digits):,} digits" if len(digits) > 30 and digits.isdigit() else token[:40]


def loads(text: str):
    """json.loads that refuses NaN, Infinity and numbers too large for a float, naming the line, column and
    field, and names the line and column of any other error. Raises JsonError."""
    not_finite: list[_NotFinite] = []

    def refuse(token: str) -> _NotFinite:
        not_finite.append(_NotFinite(token))
        return not_finite[-1]

    def number(token: str):
        value = float(token)  # a float, or an int past 1e308: inf (and no digit limit, unlike int())
        return value if math.isfinite(value) else refuse(token)

    def integer(token: str):
        return int(token) if len(token) < 300 or math.isfinite(float(token)) else refuse(token)

    try:
        doc = json.loads(text, parse_constant=refuse, parse_float=number, parse_int=integer)
    except json.JSONDecodeError as e:
        raise JsonError(f"not valid JSON: {e.msg}", f"line {e.lineno}, column {e.colno}") from None
    except RecursionError:
        raise JsonError("nested too deeply to be a session") from None
    except ValueError as e:  # nothing known reaches here; a message rather than a crash if it does
        raise JsonError(f"not valid JSON: {e}") from None
    if not_finite:
        first = not_finite[0]
        line, col = _locate_non_finite(text)
        field = _field_of(doc, first)
        raise JsonError((f"field '{field}': " if field else "") + f"{_shown(first.token)} is not a finite number",
                        f"line {line}, column {col}" if line else "")
    return doc
