"""The machinery of the self-checking exercises: a registry, feedback, and small helpers.

A chapter's checks live in ``glmnn.exercises.chNN``; each is a function of the student's
``answer`` registered with :func:`exercise` under the exercise's label (the ``:label:`` of
its ``{exercise}`` directive) together with the *stub*, the answer cell a student notebook
shows (Python source ending in ``answer = ...``, with comments saying what to put there).

A check recomputes what it needs, independently of the chapter's solution where it can
(with statsmodels, a finite difference or a closed form), raises :class:`NotYet` with a hint
when the answer falls short, and returns :func:`right` with a short confirmation when it
does not. Neither message may contain the reference answer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

# checks that need Keras import it when they run; the course runs it on JAX (as
# glmnn.keras_glm does, unless the reader chose a backend before)
os.environ.setdefault("KERAS_BACKEND", "jax")

__all__ = ["Feedback", "NotYet", "check", "exercise", "labels", "require", "right",
           "stub", "as_number", "as_numbers", "as_function", "as_fields", "as_choice"]


@dataclass(frozen=True)
class Feedback:
    """What a check says: right or not yet, and one sentence more."""

    label: str
    ok: bool
    message: str

    def __repr__(self) -> str:
        return f"{'Right' if self.ok else 'Not yet'}: {self.message}"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return self.ok


class NotYet(Exception):
    """Raised inside a check: the answer falls short; the message is the hint."""


@dataclass(frozen=True)
class _Exercise:
    label: str
    stub: str
    check: Callable[[Any], Feedback]


_REGISTRY: dict[str, _Exercise] = {}


def exercise(label: str, stub: str) -> Callable:
    """Register the decorated function as the check of exercise `label`."""
    if not isinstance(label, str) or not label.startswith("ex-"):
        raise ValueError(f"an exercise label starts with 'ex-', got {label!r}")
    if "answer = ..." not in stub:
        raise ValueError(f"the stub of {label} must end with the line 'answer = ...'")

    def register(function: Callable) -> Callable:
        if label in _REGISTRY:
            raise ValueError(f"exercise {label} has two checks")
        _REGISTRY[label] = _Exercise(label, stub.strip() + "\n", function)
        return function

    return register


def right(message: str) -> str:
    """What a check returns when the answer is right: a short confirmation."""
    return message


def require(condition: Any, hint: str) -> None:
    """Stop the check with `hint` unless `condition` holds."""
    if not condition:
        raise NotYet(hint)


def labels() -> list[str]:
    """The labels of every exercise that has a check."""
    return sorted(_REGISTRY)


def _exercise(label: str) -> _Exercise:
    if label not in _REGISTRY:
        raise ValueError(f"no exercise is labelled {label!r}; the labels are "
                         + ", ".join(labels()))
    return _REGISTRY[label]


def stub(label: str) -> str:
    """The answer cell of exercise `label` in a student notebook."""
    return _exercise(label).stub


def check(label: str, answer: Any) -> Feedback:
    """Check `answer` to exercise `label`: right, or not yet with a hint.

    Never raises for a wrong or malformed answer (a student's cell should not fail); raises
    ``ValueError`` for a label no exercise has.
    """
    entry = _exercise(label)
    if answer is Ellipsis:
        return Feedback(label, False, "replace the ... in the cell above with your answer.")
    try:
        message = entry.check(answer)
    except NotYet as hint:
        return Feedback(label, False, str(hint))
    except ImportError:
        raise  # a missing package is the machine's problem, not the answer's
    except Exception as exc:  # noqa: BLE001 - a malformed answer is feedback, not a crash
        return Feedback(label, False, f"the answer could not be checked ({type(exc).__name__})."
                        " The comments of the answer cell say what it should look like.")
    return Feedback(label, True, message)


def as_number(value: Any, what: str) -> float:
    """`value` as a finite float, or NotYet naming `what`."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise NotYet(f"{what} should be a number.") from None
    require(np.isfinite(number), f"{what} should be a finite number.")
    return number


def as_numbers(value: Any, what: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """`value` as a finite float array (of `shape`, if given), or NotYet naming `what`."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise NotYet(f"{what} should be numbers (a list or an array).") from None
    if shape is not None:
        require(array.shape == tuple(shape),
                f"{what} should have shape {tuple(shape)}, not {array.shape}.")
    require(np.all(np.isfinite(array)), f"{what} should hold finite numbers only.")
    return array


def as_function(value: Any, what: str) -> Callable:
    """`value` if it can be called, or NotYet naming `what`."""
    require(callable(value), f"{what} should be a function (def ...).")
    return value


def as_fields(value: Any, keys: list[str], what: str = "answer") -> dict:
    """`value` as a dict with exactly the keys `keys`, or NotYet saying which are missing."""
    require(isinstance(value, dict), f"{what} should be a dict with the keys "
            + ", ".join(repr(k) for k in keys) + ".")
    missing = [k for k in keys if k not in value]
    require(not missing, f"{what} lacks the key(s) " + ", ".join(repr(k) for k in missing) + ".")
    extra = [k for k in value if k not in keys]
    require(not extra, f"{what} has key(s) the exercise does not ask for: "
            + ", ".join(repr(k) for k in extra) + ".")
    return value


def as_choice(value: Any, choices: list, what: str) -> Any:
    """`value` if it is one of `choices` (strings compared without case), else NotYet."""
    if isinstance(value, str):
        value = value.strip().lower()
        choices_cmp = [c.lower() if isinstance(c, str) else c for c in choices]
        require(value in choices_cmp, f"{what} should be one of "
                + ", ".join(repr(c) for c in choices) + ".")
        return choices[choices_cmp.index(value)]
    require(any(value is c or (type(value) is type(c) and value == c) for c in choices),
            f"{what} should be one of " + ", ".join(repr(c) for c in choices) + ".")
    return value
