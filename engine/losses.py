"""Losses over `Value`s. Each returns one `Value`; call `.backward()` on it (or on a sum of them).

Binary losses (`mse`, `hinge`, `logistic`) take one score per sample (a Value, or a one-element list such
as a one-output MLP's result wrapped in a list) and targets -1 or +1. `cross_entropy` takes rows of K
logits and integer classes 0..K-1. A mean is taken micrograd's way, `Value.sum(terms) * (1.0 / n)`, which
is bit-identical to micrograd's demo `sum(losses) * (1.0 / len(losses))`; the batched path mirrors the
formulas written in each docstring.

Regression (`PROBLEMS`: "classification" | "regression"): `mse(..., problem="regression")` and `huber` take
any finite real targets, one score per sample (`REGRESSION_LOSSES`).

Public: `mse`, `hinge`, `logistic`, `cross_entropy`, `huber`, and `l2(parameters, alpha)`, the weight penalty
that is added to a data loss; the vocabularies `LOSSES` (classification's, in the app's order),
`BINARY_LOSSES`, `REGRESSION_LOSSES`, `PROBLEMS`; `HUBER_DELTA`.
"""
import math
import numbers

from engine.value import Value

__all__ = ["mse", "hinge", "logistic", "cross_entropy", "huber", "l2", "LOSSES", "BINARY_LOSSES",
           "REGRESSION_LOSSES", "PROBLEMS", "HUBER_DELTA"]

# The losses' names, in the order the app offers them. Binary losses want one output and targets of -1 or +1.
BINARY_LOSSES = ("hinge", "logistic", "mse")
LOSSES = BINARY_LOSSES + ("cross_entropy",)
# Regression: real targets, one output. The problems a Trainer can be set up for.
REGRESSION_LOSSES = ("mse", "huber")
PROBLEMS = ("classification", "regression")
HUBER_DELTA = 1.0  # where huber turns from quadratic to linear, in target units


def _score(s, i, name):
    if isinstance(s, (list, tuple)):
        if len(s) != 1:
            raise ValueError(f"{name} takes one score per sample, got {len(s)} at index {i} "
                             f"(use cross_entropy for K outputs)")
        s = s[0]
    return s if isinstance(s, Value) else Value(s)


def _binary(scores, targets, name, real=False):
    """(scores as Values, targets as floats ±1, or any finite reals when `real`), checked."""
    scores, targets = list(scores), list(targets)
    if not scores:
        raise ValueError(f"{name}: no samples (empty dataset)")
    if len(scores) != len(targets):
        raise ValueError(f"{name}: {len(scores)} scores but {len(targets)} targets")
    targets = [t.data if isinstance(t, Value) else t for t in targets]
    for i, t in enumerate(targets):
        if real:
            if isinstance(t, bool) or not isinstance(t, numbers.Real) or not math.isfinite(t):
                raise ValueError(f"{name} needs finite real targets, got {t!r} at index {i}")
        elif not (isinstance(t, numbers.Real) and (t == 1 or t == -1)):
            hint = "; map 0/1 labels to -1/+1 with 2*y - 1" if t == 0 else ""
            raise ValueError(f"{name} needs targets -1 or +1, got {t!r} at index {i}{hint}")
    return [_score(s, i, name) for i, s in enumerate(scores)], [float(t) for t in targets]


def _mean(terms):
    return Value.sum(terms) * (1.0 / len(terms))


def _problem(problem):
    if problem not in PROBLEMS:
        raise ValueError(f"unknown problem {problem!r}; choose from {', '.join(PROBLEMS)}")
    return problem == "regression"


def mse(scores, targets, *, problem="classification"):
    """mean((s - t)^2), targets ±1 (or any real values with `problem="regression"`). Squares with `d * d`,
    which overflows to inf, not OverflowError."""
    scores, targets = _binary(scores, targets, "mse", real=_problem(problem))
    diffs = [s + (-t) for s, t in zip(scores, targets)]  # s - t, as micrograd's a + (-b)
    return _mean([d * d for d in diffs])


def huber(scores, targets, delta=HUBER_DELTA):
    """mean(r^2/2 where |r| <= delta, else delta*(|r| - delta/2)), r = s - t, real targets (a regression loss).

    Quadratic near the target like mse, linear further out, so a few far-off points (outliers) pull on
    the fit with a bounded force delta instead of one that grows with their error. Its gradient is r, or
    delta*sign(r) beyond delta: continuous, so it has no kink (only its curvature jumps at |r| = delta).
    """
    if isinstance(delta, bool) or not isinstance(delta, numbers.Real) or not (math.isfinite(delta) and delta > 0):
        raise ValueError(f"huber: delta must be a finite number > 0, got {delta!r}")
    scores, targets = _binary(scores, targets, "huber", real=True)
    terms = []
    for s, t in zip(scores, targets):
        r = s + (-t)  # s - t, as mse computes it
        if abs(r.data) <= delta:
            terms.append(r * r * 0.5)
        else:
            terms.append((r if r.data > 0 else -r) * delta + (-0.5 * delta * delta))
    return _mean(terms)


def hinge(scores, targets):
    """mean(relu(1 - t*s)), targets ±1: micrograd's demo loss, computed as its `(1 + -yi*scorei).relu()`."""
    scores, targets = _binary(scores, targets, "hinge")
    return _mean([(s * -t + 1).relu() for s, t in zip(scores, targets)])


def logistic(scores, targets):
    """mean(log(1 + e^(-t*s))), targets ±1: binary cross-entropy on logits, stable for any |s|.

    With u = -t*s: log(1 + e^u) is computed as u + log(1 + e^-u) when u > 0, else as log(1 + e^u), so the
    exponent is never positive and cannot overflow. The gradient is sigmoid(u) * d(u) either way.
    """
    scores, targets = _binary(scores, targets, "logistic")
    terms = []
    for s, t in zip(scores, targets):
        u = s * -t
        terms.append(u + ((-u).exp() + 1).log() if u.data > 0 else (u.exp() + 1).log())
    return _mean(terms)


def cross_entropy(logits, classes):
    """mean(-log softmax(row)[c]) over rows of K logits and integer classes c in 0..K-1.

    Stable for large logits: with m = max(row) (a constant, log-sum-exp does not depend on it),
    -log softmax(z)[c] = log(sum_k e^(z_k - m)) - (z_c - m), where every exponent is <= 0 and the sum >= 1.
    """
    rows, classes = list(logits), list(classes)
    if not rows:
        raise ValueError("cross_entropy: no samples (empty dataset)")
    if len(rows) != len(classes):
        raise ValueError(f"cross_entropy: {len(rows)} rows of logits but {len(classes)} classes")
    rows = [[r] if isinstance(r, Value) else [z if isinstance(z, Value) else Value(z) for z in r] for r in rows]
    k = len(rows[0])
    terms = []
    for i, (row, c) in enumerate(zip(rows, classes)):
        if len(row) != k or k == 0:
            raise ValueError(f"cross_entropy: row {i} has {len(row)} logits, expected {k} like row 0")
        if isinstance(c, bool) or not isinstance(c, numbers.Integral):
            raise TypeError(f"cross_entropy: classes must be integers 0..{k - 1}, got {c!r} at index {i}")
        if not 0 <= c < k:
            raise ValueError(f"cross_entropy: class {c} at index {i} is out of range for {k} outputs "
                             f"(expected 0..{k - 1})")
        m = max(z.data for z in row)
        shifted = [z + (-m) for z in row]  # z - m
        terms.append(Value.sum([z.exp() for z in shifted]).log() - shifted[c])
    return _mean(terms)


def l2(parameters, alpha):
    """alpha * sum(p^2), computed as micrograd's demo `alpha * sum(p*p for p in params)`.

    alpha = 0 gives a constant Value(0.0) (no graph); negative or non-finite alpha is a ValueError.
    """
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not math.isfinite(alpha) or alpha < 0:
        raise ValueError(f"l2: alpha must be a finite number >= 0, got {alpha!r}")
    if alpha == 0:
        return Value(0.0)
    return Value.sum([p * p for p in parameters]) * alpha
