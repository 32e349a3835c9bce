"""Session and CSV files: exact round trips, strict refusal of bad files, atomic writes."""
from __future__ import annotations

import json
import math
import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.files import session_io
from playground.files.session_io import (
    MAX_FILE_BYTES,
    SESSION_FORMAT,
    BadFileError,
    atomic_write,
    read_csv,
    read_session,
    write_csv,
    write_session,
)
from playground.model.history import ACCURACY_KEYS, HISTORY_GROUPS
from playground.model.state import (
    ACTIVATIONS,
    ENGINES,
    FEATURES,
    LOSSES,
    MAX_POINTS,
    OPTIMIZERS,
    PRESETS,
    PlaygroundState,
)

finite = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def histories(draw, max_rows=20):
    """Valid loss histories: any of the groups, steps whole and non-decreasing, accuracies in 0..1."""
    history = {}
    for keys in HISTORY_GROUPS.values():
        if draw(st.booleans()):
            n = draw(st.integers(0, max_rows))
            history[keys[0]] = sorted(draw(st.lists(st.integers(0, 10**12), min_size=n, max_size=n)))
            for key in keys[1:]:
                values = st.floats(0.0, 1.0) if key in ACCURACY_KEYS else finite
                history[key] = draw(st.lists(values, min_size=n, max_size=n))
    return history


@st.composite
def states(draw, max_points=30):
    k = draw(st.integers(2, 6))
    n = draw(st.integers(0, max_points))
    state = PlaygroundState(
        points=draw(st.lists(st.lists(finite, min_size=2, max_size=2), min_size=n, max_size=n)),
        labels=draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)),
        num_classes=k,
        test_fraction=draw(st.floats(0.0, 0.9)),
        features=draw(st.lists(st.sampled_from(FEATURES), min_size=1, max_size=7, unique=True)),
        hidden_layers=draw(st.lists(st.integers(1, 5), max_size=3)),
        activation=draw(st.sampled_from(ACTIVATIONS)), loss=draw(st.sampled_from(LOSSES)),
        optimizer=draw(st.sampled_from(OPTIMIZERS)), learning_rate=draw(st.floats(1e-5, 10.0)),
        momentum=draw(st.floats(0.0, 0.999)), batch_size=draw(st.integers(0, 500)),
        l2=draw(st.floats(0.0, 1.0)), seed=draw(st.integers(0, 2**31 - 1)), engine=draw(st.sampled_from(ENGINES)),
        preset=draw(st.sampled_from(PRESETS)), preset_noise=draw(st.floats(0.0, 1.0)),
        show_test=draw(st.booleans()), step=draw(st.integers(0, 10**12)), history=draw(histories()))
    if draw(st.booleans()):
        state.weights = draw(st.lists(finite, min_size=state.parameter_count(), max_size=state.parameter_count()))
    state.validate()
    return state


def same(a: PlaygroundState, b: PlaygroundState) -> bool:
    """Equal, counting NaN == NaN (a diverged curve) and telling 1 from 1.0 apart."""
    return json.dumps(a.to_dict(), sort_keys=True) == json.dumps(b.to_dict(), sort_keys=True)


def small_state() -> PlaygroundState:
    return PlaygroundState(points=[[0.5, -1.25], [2.0, 3.0], [-1e-300, 1e300]], labels=[0, 1, 2], num_classes=3,
                           hidden_layers=[3], weights=[0.1 * i for i in range(21)], step=7,
                           history={"step": [1, 2], "train_loss": [0.7, 0.5]})


# -- round trips ---------------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(state=states())
def test_session_round_trip_restores_an_equal_state(tmp_path, state):
    path = tmp_path / "s.json"
    write_session(path, state)
    assert same(read_session(path), state)


def test_non_finite_curve_values_are_neither_written_nor_read(tmp_path):
    # The plot drops non-finite losses, so a history never holds one: the writer and the reader refuse them.
    with pytest.raises(ValueError, match=r"field 'history.train_loss\[1\]': inf is not a finite number"):
        write_session(tmp_path / "s.json", PlaygroundState(history={"step": [1, 2], "train_loss": [0.5, math.inf]}))
    doc = good_document()
    doc["state"]["history"]["train_loss"][1] = None
    assert str(refused(tmp_path, json.dumps(doc))) == "field 'history.train_loss[1]': null is not a number"


def test_a_session_file_is_plain_json_with_format_and_version(tmp_path):
    write_session(tmp_path / "s.json", small_state())
    doc = json.loads((tmp_path / "s.json").read_text())
    assert doc["format"] == SESSION_FORMAT and doc["version"] == 1
    assert doc["state"] == json.loads(json.dumps(small_state().to_dict()))


def test_a_big_session_is_written_in_pieces_and_reads_back(tmp_path):
    n = 10_000  # > the 4096 items per json.dumps piece
    state = PlaygroundState(points=[[i * 0.001, -i * 0.5] for i in range(n)], labels=[i % 2 for i in range(n)],
                            history={"step": list(range(n)), "train_loss": [1 / (i + 1) for i in range(n)]})
    write_session(tmp_path / "big.json", state)
    assert same(read_session(tmp_path / "big.json"), state)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(finite, finite, st.integers(0, 5)), max_size=50))
def test_csv_round_trip_restores_points_labels_and_classes(tmp_path, rows):
    points, labels = [[x, y] for x, y, _ in rows], [k for *_, k in rows]
    write_csv(tmp_path / "d.csv", points, labels)
    data = read_csv(tmp_path / "d.csv")
    assert data.points == points and data.labels == labels
    assert all(math.copysign(1, a) == math.copysign(1, b) for p, q in zip(points, data.points) for a, b in zip(p, q))
    assert data.num_classes == max([2] + [k + 1 for k in labels])


def test_csv_is_what_pandas_and_numpy_expect(tmp_path):
    write_csv(tmp_path / "d.csv", [[0.1, 0.2], [1.0, -3.5]], [0, 1])
    assert (tmp_path / "d.csv").read_text() == "x1,x2,label\n0.1,0.2,0\n1.0,-3.5,1\n"
    np = pytest.importorskip("numpy")
    table = np.loadtxt(tmp_path / "d.csv", delimiter=",", skiprows=1)
    assert table.tolist() == [[0.1, 0.2, 0.0], [1.0, -3.5, 1.0]]


@pytest.mark.parametrize("text, points, labels, k", [
    ("x1,x2,label\n1,2,-1\n3,4,1\n5,6,+1\n", [[1, 2], [3, 4], [5, 6]], [0, 1, 1], 2),          # SVM-style ±1
    ("\ufeffx1,x2,label\r\n1,2,0\r\n\r\n3,4,4\r\n", [[1, 2], [3, 4]], [0, 4], 5),            # BOM, CRLF, blank
    (",x1,x2,label\n0,1.5,2.5,1.0\n1,3,4,0\n", [[1.5, 2.5], [3, 4]], [1, 0], 2),              # pandas index
    ("label, X2 ,x1\n1,\"2\",3\n", [[3, 2]], [1], 2),                                         # any order
    ("x1,x2,label\n", [], [], 2),                                                             # no rows
])
def test_csv_accepts_what_people_and_pandas_write(tmp_path, text, points, labels, k):
    (tmp_path / "d.csv").write_text(text, encoding="utf-8", newline="")
    assert read_csv(tmp_path / "d.csv") == (points, labels, k)


# -- bad files: one clear message, saying where ----------------------------------------------------------

def refused(tmp_path, content, reader=read_session, name="bad.json") -> BadFileError:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(BadFileError) as info:
        reader(path)
    assert str(info.value) and info.value.path == str(path)
    return info.value


def good_document() -> dict:
    return {"format": SESSION_FORMAT, "version": 1, "state": small_state().to_dict()}


@pytest.mark.parametrize("text, expected", [
    ('{"format": "micrograd-playground-session",\n "version": 1\n "state": {}}', "line 3, column 2"),
    ("", "line 1, column 1"),
    ('{"a": [1, 2,\n  NaN]}', "line 2, column 3: field 'a[2]': NaN is not a finite number"),
    ('{"a": "NaN", "b": -Infinity}', "line 1, column 19: field 'b': -Infinity"),
    ('{"a": [1e999]}', "line 1, column 8: field 'a[0]': 1e999"),
    ("[" * 100_000, "nested too deeply"),
    ('[1' + "0" * 5000 + "]", "line 1, column 2: field '[0]': an integer of 5,001 digits is not a finite number"),
])
def test_json_errors_name_line_and_column(tmp_path, text, expected):
    assert expected in str(refused(tmp_path, text))


@pytest.mark.parametrize("change, expected", [
    (lambda d: d.update(version=2), "field 'version': session format version 2 is not supported"),
    (lambda d: d.update(version=True), "field 'version'"),
    (lambda d: d.pop("format"), "not a micrograd playground session"),
    (lambda d: d.update(format="micrograd-playground-weights"), "'micrograd-playground-weights' file, not a session"),
    (lambda d: d.update(extra=1), "unknown top-level field(s): extra"),
    (lambda d: d.update(state=[]), "field 'state': expected an object with the session's fields, got a list"),
    (lambda d: d.update(state=None), "field 'state': expected an object with the session's fields, got null"),
    (lambda d: d.pop("state"), "missing field 'state'"),
    (lambda d: d["state"].update(version=True), "field 'version': format version true is not supported"),
    (lambda d: d["state"].pop("loss"), "missing field 'loss' (format version 3)"),
    (lambda d: d.update(autosave_of=5), "field 'autosave_of': expected the path of a session file or null"),
    (lambda d: d["state"].pop("version"), "missing field 'version'"),
    (lambda d: d["state"].update(version=9), "field 'version': format version 9"),
    (lambda d: d["state"].update(colour="red"), "unknown field(s): colour"),
    (lambda d: d["state"]["labels"].__setitem__(1, 3), "field 'labels[1]': 3 is not a class id in 0..2"),
    (lambda d: d["state"]["labels"].__setitem__(1, 1.0), "field 'labels[1]'"),
    (lambda d: d["state"]["points"].__setitem__(2, [1, "2"]), "field 'points[2]'"),
    (lambda d: d["state"]["points"].__setitem__(2, [1, None]), "field 'points[2]'"),
    (lambda d: d["state"].update(learning_rate="fast"), "field 'learning_rate'"),
    (lambda d: d["state"].update(hidden_layers=[3, 99]), "field 'hidden_layers[1]'"),
    (lambda d: d["state"].update(weights=[0.5]), "field 'weights': 1 numbers, but the network described has 21"),
    (lambda d: d["state"]["weights"].__setitem__(4, None), "field 'weights[4]'"),
    (lambda d: d["state"].update(history={"step": ["x"]}), "field 'history.step[0]': 'x' is not a number"),
    (lambda d: d["state"].update(history={"step": None}), "field 'history.step': expected a list of numbers, got null"),
    (lambda d: d["state"].update(history={"step": [1], "losses": [2]}), "field 'history': unknown curve(s) losses"),
    (lambda d: d["state"].update(history={"step": [2, 1], "train_loss": [0.5, 0.4]}), "never decrease"),
    (lambda d: d["state"].update(show_test="yes"), "field 'show_test'"),
])
def test_wrong_fields_are_refused_naming_the_field(tmp_path, change, expected):
    doc = good_document()
    change(doc)
    assert expected in str(refused(tmp_path, json.dumps(doc)))


def test_more_than_100000_points_are_refused(tmp_path):
    doc = good_document()
    doc["state"].update(points=[[0.0, 0.0]] * (MAX_POINTS + 1), labels=[0] * (MAX_POINTS + 1))
    assert "100001 points is more than the 100,000 allowed" in str(refused(tmp_path, json.dumps(doc)))
    rows = "x1,x2,label\n" + "0,0,0\n" * (MAX_POINTS + 1)
    assert str(refused(tmp_path, rows, read_csv, "big.csv")) == "line 100002: more than the 100,000 points allowed"


@pytest.mark.parametrize("size, shown", [(MAX_FILE_BYTES + 1, "50.0"), (51_000_000, "51.0")])
def test_a_file_over_50_mb_is_refused_without_being_read(tmp_path, monkeypatch, size, shown):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(size)  # sparse: instant, and no disk used
    monkeypatch.setattr(session_io, "open", lambda *a, **k: pytest.fail("read a file over the limit"),
                        raising=False)
    for reader in (read_session, read_csv):
        with pytest.raises(BadFileError, match=rf"the file is {shown} MB; the limit is 50 MB"):
            reader(path)


def test_an_autosave_names_the_file_it_holds_changes_of_and_sessions_ignore_it(tmp_path):
    path = tmp_path / "autosave.json"
    atomic_write(path, session_io.encode_session(vars(small_state()), autosave_of="/home/me/work.json"))
    assert session_io.read_autosave(path) == (small_state(), "/home/me/work.json")
    assert same(read_session(path), small_state())
    write_session(path, small_state())
    assert session_io.read_autosave(path) == (small_state(), None)


def test_not_a_regular_file_is_refused(tmp_path):
    with pytest.raises(BadFileError, match="not a regular file"):
        read_session(tmp_path)
    with pytest.raises(FileNotFoundError):
        read_session(tmp_path / "missing.json")


def test_non_utf8_is_refused_naming_the_line(tmp_path):
    error = refused(tmp_path, b'{"format":\n"micrograd-\xff"}')
    assert str(error) == "line 2, column 12: not UTF-8 text (byte 0xff); save it as UTF-8"
    assert "line 3, column 1: not UTF-8" in str(refused(tmp_path, b"x1,x2,label\n1,2,0\n\xe9,1,0\n", read_csv, "b.csv"))


@pytest.mark.parametrize("text, expected", [
    ("1,2,0\n", "line 1: expected a header row naming the columns x1,x2,label (found '1,2,0')"),
    ("", "the file is empty"),
    ("x1,x2,label\n1,2,0\n3,4\n", "line 3: expected 3 values, as in the header row, found 2"),
    ("x1,x2,label\n1,2,0\n3,4,1,\n", "line 3: expected 3 values, as in the header row, found 4"),
    ("x1,x2,label\n1,2,0\n\n3,abc,1\n", "line 4: x2 'abc' is not a number"),
    ("x1,x2,label\nnan,2,0\n", "line 2: x1 'nan' is not a finite number"),
    ("x1,x2,label\n1e999,2,0\n", "line 2: x1 '1e999' is not a finite number"),
    ("x1,x2,label\n1,2,6\n", "line 2: label 6 is not a class id in 0..5"),
    ("x1,x2,label\n1,2,-2\n", "line 2: label -2 is not a class id in 0..5"),
    ("x1,x2,label\n1,2,1.5\n", "line 2: label '1.5' is not a whole number"),
    ("x1,x2,label\n1,2,cat\n", "line 2: label 'cat' is not a whole number"),
    ("x1,x2,label\n1,2,1\n1,2,-1\n1,2,0\n", "line 4: label 0 mixed with label -1"),
    ("x1,x2,label\n1,2,\"0\n", "not valid CSV"),
    ("x1,x2,label\n1,2,0\x00\n", "line 2"),
])
def test_csv_errors_name_the_line(tmp_path, text, expected):
    assert expected in str(refused(tmp_path, text, read_csv, "bad.csv"))


# -- a generated corpus of broken files: refused cleanly, never a crash ------------------------------------

def valid_bytes() -> bytes:
    return json.dumps(good_document(), indent=1).encode()


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                      max_size=3), max_leaves=8)


@st.composite
def broken_sessions(draw) -> bytes:
    kind = draw(st.sampled_from(["bytes", "flip", "truncate", "field", "drop", "nan", "random", "labels"]))
    data = valid_bytes()
    if kind == "random":
        return draw(st.binary(max_size=300))
    if kind == "bytes":  # random bytes spliced in, e.g. invalid UTF-8 or stray punctuation
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    if kind == "flip":
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    if kind == "truncate":
        return data[:draw(st.integers(0, len(data) - 1))]
    doc = good_document()
    where = draw(st.sampled_from([doc, doc["state"]]))
    key = draw(st.sampled_from(sorted(where)))
    if kind == "field":  # a field of the wrong type or value
        where[key] = draw(json_values)
    elif kind == "drop":
        del where[key]
    elif kind == "labels":
        doc["state"]["labels"][draw(st.integers(0, 2))] = draw(st.integers(-10, 10) | st.floats())
    text = json.dumps(doc)
    if kind == "nan":  # json.dumps writes NaN/Infinity for these: the tokens we must refuse
        text = json.dumps({**doc, "state": {**doc["state"], key: draw(st.sampled_from(
            [math.nan, math.inf, -math.inf, [math.nan], [[math.inf, 0]]]))}})
    return text.encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=broken_sessions())
def test_broken_session_files_are_refused_with_a_message_never_a_crash(tmp_path, content):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    try:
        state = read_session(path)
    except BadFileError as e:
        assert str(e).strip()
    else:  # a mutation can leave a valid file (e.g. a changed digit): then it must be fully valid
        state.validate()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=200),
                         st.text(alphabet=st.sampled_from("x12label,\"\n\r -+.e5NaInf\x00é"), max_size=80)
                         .map(lambda t: ("x1,x2,label\n" + t).encode())))
def test_broken_csv_files_are_refused_with_a_message_never_a_crash(tmp_path, content):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    try:
        data = read_csv(path)
    except BadFileError as e:
        assert str(e).strip()
    else:
        assert len(data.points) == len(data.labels)
        assert all(math.isfinite(c) for p in data.points for c in p)
        assert all(0 <= k < data.num_classes <= 6 for k in data.labels)


# -- writes are atomic ---------------------------------------------------------------------------------------

def test_an_exception_mid_write_leaves_the_old_file_and_no_litter(tmp_path):
    path = tmp_path / "s.json"
    write_session(path, small_state())
    before = path.read_bytes()

    def chunks():
        yield b'{"format": "half a file'
        raise RuntimeError("the power went out")

    with pytest.raises(RuntimeError):
        atomic_write(path, chunks())
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["s.json"]
    assert same(read_session(path), small_state())


def test_a_state_that_does_not_validate_is_never_written(tmp_path):
    path = tmp_path / "s.json"
    write_session(path, small_state())
    before = path.read_bytes()
    bad = small_state()
    bad.labels[0] = 99
    with pytest.raises(ValueError, match="labels"):
        write_session(path, bad)
    assert path.read_bytes() == before


def test_a_directory_that_vanishes_mid_write_fails_loudly(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()

    def chunks():
        yield b"{}"
        shutil.rmtree(folder)
        yield b"\n"

    with pytest.raises(OSError):
        atomic_write(folder / "s.json", chunks())
    assert not folder.exists()


def test_a_missing_directory_is_an_os_error(tmp_path):
    with pytest.raises(OSError, match="cannot write"):
        write_session(tmp_path / "nope" / "s.json", small_state())
    with pytest.raises(OSError):
        write_csv(tmp_path / "nope" / "d.csv", [], [])


def test_writers_check_their_arguments(tmp_path):
    with pytest.raises(ValueError):
        write_session(tmp_path / "s.json", small_state().to_dict())
    with pytest.raises(ValueError, match="2 points but 1 labels"):
        write_csv(tmp_path / "d.csv", [[0, 0], [1, 1]], [0])
    with pytest.raises(ValueError, match=r"labels\[0\]"):
        write_csv(tmp_path / "d.csv", [[0, 0]], [True])
