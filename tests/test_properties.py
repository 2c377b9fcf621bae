"""Property test of bad input (issue 22): random shapes, dtypes, NaN/inf, index orders, scales.

Each call to ``keras_glm.fit``, ``GLMResult.predict``, ``separation.is_separable`` and
``optim.newton`` must either return a result equal to statsmodels' (or to an independent
computation) on the same data, or raise ``ValueError``/``TypeError`` from glmnn's own code.
Never a silently different number, never an exception from deep inside numpy, scipy, JAX or
statsmodels. Hypothesis draws the inputs (seeded: the same examples on every run).
"""

from __future__ import annotations

import traceback
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glmnn import keras_glm, optim, separation

SRC = str(Path(__import__("glmnn").__file__).parent)
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def _raised_by_glmnn(exc: BaseException) -> bool:
    """True if the innermost frame that raised ``exc`` is glmnn's own code."""
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(SRC)


def _refused_cleanly(call):
    """Run ``call``; return (result, None) or (None, exc) for a clean glmnn refusal; else fail."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # glmnn's own warnings are allowed here
            return call(), None
    except (ValueError, TypeError) as exc:
        assert _raised_by_glmnn(exc), f"{type(exc).__name__} from outside glmnn: {exc}"
        assert str(exc), "an empty message"
        return None, exc
    except Exception as exc:  # noqa: BLE001 - anything else is a finding
        pytest.fail(f"{type(exc).__name__} escaped glmnn: {exc}")


# ---------------------------------------------------------------------------------------------
# data: overlapping classes by default, then spoiled in one of many ways

SCALES = [1e-200, 1e-20, 1e-3, 1.0, 1e3, 1e15, 1e300]


@st.composite
def logistic_data(draw):
    n = draw(st.integers(20, 60))
    p = draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(X @ np.linspace(1, -1, p))))).astype(float)
    if y.min() == y.max():
        y[0] = 1 - y[0]
    scale = draw(st.sampled_from(SCALES))
    column = draw(st.integers(0, p - 1))
    X[:, column] *= scale
    return X, y


SPOILS = ["none", "nan_x", "inf_x", "nan_y", "complex_x", "string_y", "short_y", "3d_x",
          "empty", "labels_2", "reversed_index", "disjoint_index", "bool_y", "int_x",
          "none_x", "duplicate_columns", "const_column_name"]


def spoil(kind: str, X: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    """(X, y, valid): the data spoiled in one way; valid says whether a fit must succeed."""
    n, p = X.shape
    i, j = int(rng.integers(n)), int(rng.integers(p))
    if kind == "none":
        return X, y, True
    if kind == "nan_x":
        X = X.copy(); X[i, j] = np.nan; return X, y, False  # noqa: E702
    if kind == "inf_x":
        X = X.copy(); X[i, j] = -np.inf; return X, y, False  # noqa: E702
    if kind == "nan_y":
        y = y.copy(); y[i] = np.nan; return X, y, False  # noqa: E702
    if kind == "complex_x":
        return X + 1j, y, False
    if kind == "string_y":
        return X, y.astype(str), False
    if kind == "short_y":
        return X, y[:-1], False
    if kind == "3d_x":
        return X[:, :, None], y, False
    if kind == "empty":
        return X[:0], y[:0], False
    if kind == "labels_2":
        return X, 2 * y, False
    if kind == "bool_y":
        return X, y.astype(bool), True
    if kind == "int_x":  # integers, where the values fit in int64
        if np.max(np.abs(X)) * 10 > 2.0**62:
            return X, y, True
        return np.round(X * 10).astype(np.int64), y, True
    if kind == "none_x":
        return None, y, False
    names = [f"x{k}" for k in range(p)]
    if kind == "duplicate_columns":
        return pd.DataFrame(X, columns=["a"] * p), y, p == 1
    if kind == "const_column_name":
        return pd.DataFrame(X, columns=["const", *names[1:]]), y, False
    frame = pd.DataFrame(X, columns=names)
    if kind == "reversed_index":  # y's labels in another order: statsmodels refuses
        return frame, pd.Series(y, index=frame.index[::-1]), False
    if kind == "disjoint_index":
        return frame, pd.Series(y, index=frame.index + n), False
    raise AssertionError(kind)


def _statsmodels(X, y):
    """statsmodels' Logit on the same data, or None if it cannot give a finite estimate."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if not separation.mle_exists(X, y):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = sm.Logit(y, sm.add_constant(X, has_constant="add")).fit(disp=0, tol=1e-12,
                                                                           maxiter=200)
        except Exception:  # noqa: BLE001 - statsmodels cannot: nothing to compare with
            return None
    if not fit.mle_retvals["converged"] or not np.all(np.isfinite(fit.bse)):
        return None
    return fit


# ---------------------------------------------------------------------------------------------


@SETTINGS
@given(data=logistic_data(), kind=st.sampled_from(SPOILS), seed=st.integers(0, 100))
def test_keras_glm_fit_and_predict(data, kind, seed):
    X, y = data
    X_, y_, valid = spoil(kind, X, y, np.random.default_rng(seed))
    result, refusal = _refused_cleanly(lambda: keras_glm.fit(X_, y_))
    if result is None:
        reference = _statsmodels(X, y) if valid else None
        well_scaled = valid and np.all(np.abs(np.asarray(X, float)).max(axis=0) < 1e10) and \
            np.all(np.abs(np.asarray(X, float)).max(axis=0) > 1e-10)
        if reference is not None and well_scaled and np.linalg.cond(
                sm.add_constant(np.asarray(X, float))) < 1e6:
            pytest.fail(f"valid, well-conditioned data refused: {refusal}")
        return
    assert valid, f"{kind}: bad input accepted"
    reference = _statsmodels(X_ if not isinstance(X_, pd.DataFrame) else X_.to_numpy(), y_)
    if reference is None:
        return  # statsmodels cannot tell; glmnn's own checks decided
    np.testing.assert_allclose(np.asarray(result.params), reference.params,
                               rtol=1e-6, atol=1e-8 * np.max(np.abs(reference.params)))
    # predict on the same rows, and on spoiled rows
    np.testing.assert_allclose(np.asarray(result.predict()), reference.predict(), atol=1e-8)
    bad = np.asarray(X, float).copy()
    bad[0, 0] = np.nan
    _, refusal = _refused_cleanly(lambda: result.predict(bad))
    assert refusal is not None, "predict accepted NaN"
    _, refusal = _refused_cleanly(lambda: result.predict(np.asarray(X, float)[:, :0]))
    assert refusal is not None, "predict accepted a design without columns"


@SETTINGS
@given(data=logistic_data(), kind=st.sampled_from(SPOILS), seed=st.integers(0, 100))
def test_separation_is_separable(data, kind, seed):
    X, y = data
    X_, y_, valid = spoil(kind, X, y, np.random.default_rng(seed))
    result, _ = _refused_cleanly(lambda: separation.is_separable(X_, y_))
    if result is None:
        return
    assert valid, f"{kind}: bad input accepted"
    # the same answer on the columns rescaled to unit size: scaling a column changes no
    # separating line (its weight scales inversely)
    Xs = np.asarray(X_ if not isinstance(X_, pd.DataFrame) else X_.to_numpy(), float)
    Xs = Xs / np.max(np.abs(Xs), axis=0)
    assert result == separation.is_separable(Xs, np.asarray(y_, float))


@SETTINGS
@given(data=logistic_data(), kind=st.sampled_from(SPOILS), seed=st.integers(0, 100))
def test_optim_newton(data, kind, seed):
    X, y = data
    X_, y_, valid = spoil(kind, X, y, np.random.default_rng(seed))
    result, _ = _refused_cleanly(lambda: optim.newton(X_, y_))
    if result is None:
        return
    assert valid, f"{kind}: bad input accepted"
    reference = _statsmodels(np.asarray(X_ if not isinstance(X_, pd.DataFrame)
                                        else X_.to_numpy(), float), y_)
    if reference is not None:
        np.testing.assert_allclose(result.params, reference.params, rtol=1e-6,
                                   atol=1e-8 * np.max(np.abs(reference.params)))
