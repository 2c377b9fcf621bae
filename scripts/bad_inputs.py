"""A battery of bad or edge inputs to glmnn's public API, and how glmnn handles each.

A measurement tool, not a test: it never fails (exit code 0). Each case is one call to a
public function of ``glmnn`` (keras_glm, GLMResult, separation, optim, neuron, mlp,
families, report, data) with an input a user might pass on their own data, and the
behaviour expected of glmnn:

* ``refuse``: raise ``ValueError``/``TypeError`` whose message names the problem (one of
  the case's keywords must appear in it);
* ``warn``: a legitimate result, but glmnn should warn (a warning issued by glmnn's code,
  naming the problem);
* ``valid``: return a correct result (compared with statsmodels, scipy or an independent
  numpy computation).

Some cases accept two of these (``refuse/warn``, ``valid/refuse``): e.g. a column scaled by
1e-200 may be fitted exactly or refused with a message about its scale.

Each case runs in this process, one at a time, under ``signal.alarm`` (20 s). Its outcome:

* ``clear refusal``: ``ValueError``/``TypeError`` raised by a ``raise`` statement in glmnn,
  with an expected keyword in the message, where a refusal is expected;
* ``wrong message``: such an exception without the keywords (the wrong cause), a refusal of
  valid input, or a glmnn warning that does not name the problem;
* ``deep exception``: any other exception type, or an exception raised inside numpy,
  scipy, statsmodels, jax, keras, pandas or a builtin (``float("abc")``) without a glmnn
  check in front of it;
* ``silent wrong``: a return without error and without a glmnn warning where a refusal or
  warning is expected, or a result that differs from the reference;
* ``correct``: valid input, right result;
* ``warned``: a glmnn warning naming the problem, where a warning (or a refusal: then the
  description says "warned instead of refusing") is expected;
* ``timeout``: the case ran past the time limit.

Usage::

    KERAS_BACKEND=jax .venv/bin/python scripts/bad_inputs.py [--json PATH] [--md PATH] [--only SUBSTRING]

Defaults: ``/tmp/bad-inputs-before.json`` and ``/tmp/bad-inputs-before.md``.
"""

from __future__ import annotations

import argparse
import json
import linecache
import math
import os
import signal
import sys
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# ---------------------------------------------------------------------------------------
# glmnn's own warnings: wrap warnings.warn *before* glmnn is imported, so that a
# ``from warnings import warn`` in glmnn binds the wrapper too; a warning counts as
# glmnn's when the code calling warnings.warn is in a glmnn module (whatever stacklevel
# it passes), or when its category is defined in glmnn.
# ---------------------------------------------------------------------------------------
_GLMNN_WARNINGS: list[tuple[str, str]] = []
_original_warn = warnings.warn


def _spy_warn(message: Any, category: Any = None, stacklevel: int = 1, source: Any = None,
              **kwargs: Any) -> None:
    caller = sys._getframe(1).f_globals.get("__name__", "")
    if caller == "glmnn" or caller.startswith("glmnn."):
        cat = type(message) if isinstance(message, Warning) else (category or UserWarning)
        _GLMNN_WARNINGS.append((cat.__name__, str(message)))
    _original_warn(message, category, stacklevel + 1, source, **kwargs)


warnings.warn = _spy_warn  # type: ignore[assignment]

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import statsmodels.api as sm  # noqa: E402
from scipy import special, stats  # noqa: E402

import glmnn  # noqa: E402
from glmnn import data, families, keras_glm, mlp, neuron, optim, report, separation  # noqa: E402

import keras  # noqa: E402

SRC = str(Path(glmnn.__file__).resolve().parent)
LIMIT = 20  # seconds per case

# ---------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------
RNG = np.random.default_rng(12345)
N = 40
X2 = RNG.normal(size=(N, 2))
YB = (RNG.random(N) < special.expit(0.3 + 0.8 * X2[:, 0] - 0.6 * X2[:, 1])).astype(float)
YP = RNG.poisson(np.exp(0.5 + 0.3 * X2[:, 0] - 0.2 * X2[:, 1])).astype(float)
YG = RNG.gamma(2.0, np.exp(0.5 + 0.3 * X2[:, 0]) / 2.0)
YN = 1 + 2 * X2[:, 0] - X2[:, 1] + RNG.normal(size=N)
_P = special.softmax(np.column_stack([np.zeros(N), 0.5 + 0.8 * X2[:, 0], -0.3 + 0.7 * X2[:, 1]]),
                     axis=1)
YM = np.array([RNG.choice(3, p=p) for p in _P]).astype(float)
EXPO = RNG.uniform(0.5, 3.0, N)
OFF = RNG.normal(scale=0.3, size=N)
FW = RNG.integers(1, 4, N).astype(float)
NOISE = RNG.normal(size=N)
GROUP = (np.arange(N) % 4 == 0).astype(float)  # a dummy: every fourth row
XDF = pd.DataFrame(X2, columns=["a", "b"], index=np.arange(100, 100 + N))

# complete and quasi-complete separation
XSEP = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
YSEP = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
XQS = np.array([[0.0], [1.0], [2.0], [2.0], [3.0], [4.0]])
YQS = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
# larger separated / quasi-separated versions of the 40-row data
YSEP40 = (X2[:, 0] > 0).astype(float)
X_QS40 = X2.copy()
X_QS40[:5, 0] = 0.0
YQS40 = (X_QS40[:, 0] > 0).astype(float)
YQS40[:5] = [0, 1, 0, 1, 1]  # both labels on the boundary x1 = 0
YMSEP = np.where(X2[:, 0] < -0.3, 0.0, np.where(X2[:, 0] < 0.4, 1.0, 2.0))
# class 2 exactly where x1 > 0 of X_QS40, both sides on its boundary rows x1 = 0: class 2
# against the rest is quasi-completely separated
YMQS = np.where(X_QS40[:, 0] > 0, 2.0, np.where(YM == 2, 1.0, YM))
YMQS[:5] = [0, 2, 1, 2, 0]

# the blog's toy task (completely separated)
XTOY, YTOY = data.blog_toy()


def lazy(fn: Callable[[], Any]) -> Callable[[], Any]:
    """A memoised zero-argument function: fixtures computed on first use (inside a case)."""
    store: dict[str, Any] = {}

    def get() -> Any:
        if "v" not in store:
            store["v"] = fn()
        return store["v"]

    return get


R_BIN = lazy(lambda: keras_glm.fit(X2, YB))
R_DF = lazy(lambda: keras_glm.fit(XDF, YB))
R_POI_EXPO = lazy(lambda: keras_glm.fit(X2, YP, "poisson", exposure=EXPO))
R_POI = lazy(lambda: keras_glm.fit(X2, YP, "poisson"))
R_MN = lazy(lambda: keras_glm.fit(XDF, YM, "multinomial"))
R_GAU = lazy(lambda: keras_glm.fit(X2, YN, "gaussian"))
MLP_W = lazy(lambda: mlp.Weights.from_model(mlp.build(2, 2, seed=1)))


# ---------------------------------------------------------------------------------------
# References and checks: each check returns (ok, detail)
# ---------------------------------------------------------------------------------------
def design(X: Any) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    return np.column_stack([np.ones(X.shape[0]), X])


def sm_family(family: str, link: str | None = None) -> Any:
    L = sm.families.links
    return {
        ("binomial", None): lambda: sm.families.Binomial(),
        ("binomial", "probit"): lambda: sm.families.Binomial(L.Probit()),
        ("binomial", "cloglog"): lambda: sm.families.Binomial(L.CLogLog()),
        ("poisson", None): lambda: sm.families.Poisson(),
        ("gaussian", None): lambda: sm.families.Gaussian(),
        ("gamma", None): lambda: sm.families.Gamma(L.Log()),
    }[(family, link)]()


def sm_glm(X: Any, y: Any, family: str = "binomial", link: str | None = None, **kw: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.GLM(np.asarray(y, dtype=float), design(X), family=sm_family(family, link),
                      **kw).fit(tol=1e-13, maxiter=300)


def sm_mnlogit(X: Any, y: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.MNLogit(np.asarray(y, dtype=float), design(X)).fit(
            method="newton", maxiter=200, disp=0, tol=1e-13)


def compare(got: Any, want: Any, rtol: float = 1e-6, atol: float = 1e-9, what: str = "value"
            ) -> tuple[bool, str]:
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError) as exc:
        return False, f"{what} is not numeric ({exc})"
    w = np.asarray(want, dtype=float)
    if g.shape != w.shape:
        return False, f"{what} has shape {g.shape}, reference {w.shape}"
    if not np.all(np.isfinite(g)) and not np.array_equal(np.isfinite(g), np.isfinite(w)):
        return False, f"{what} not finite: {short(g)} (reference {short(w)})"
    fin = np.isfinite(w)
    if not np.array_equal(g[~fin], w[~fin]):
        return False, f"{what} {short(g)} != reference {short(w)}"
    err = np.abs(g[fin] - w[fin])
    tol = atol + rtol * np.abs(w[fin])
    if np.any(err > tol):
        k = int(np.argmax(err / tol))
        return False, (f"{what} {short(g)} != reference {short(w)} "
                       f"(|diff| {err[k]:.3g}, tolerance {tol[k]:.2g})")
    return True, f"{what} matches reference to rtol {rtol:g}"


def all_ok(*results: tuple[bool, str]) -> tuple[bool, str]:
    for ok, detail in results:
        if not ok:
            return False, detail
    return True, "; ".join(d for _, d in results)


def is_glm(r: Any) -> tuple[bool, str]:
    if not isinstance(r, keras_glm.GLMResult):
        return False, f"returned {type(r).__name__}, not GLMResult"
    return True, "GLMResult"


def like_glm(X: Any, y: Any, family: str = "binomial", link: str | None = None, *,
             bse: bool = True, llf: bool = True, scale: bool = False,
             colscale: Any = None, rtol: float = 1e-6, **smkw: Any) -> Callable[[Any], Any]:
    """Check a GLMResult against statsmodels' GLM on (X / colscale, y)."""

    def check(r: Any) -> tuple[bool, str]:
        ok = is_glm(r)
        if not ok[0]:
            return ok
        Xr = np.asarray(X, dtype=float)
        s = np.ones(Xr.shape[1] + 1)
        if colscale is not None:
            s[1:] = colscale
            Xr = Xr / colscale
        ref = sm_glm(Xr, y, family, link, **smkw)
        res = [compare(np.asarray(r.params, dtype=float) * s, ref.params, rtol, what="params")]
        if bse:
            res.append(compare(np.asarray(r.bse, dtype=float) * s, ref.bse, 1e-5, what="bse"))
        if llf:
            res.append(compare(r.llf, ref.llf, 1e-8, what="llf"))
        if scale:
            res.append(compare(r.scale, ref.scale, 1e-6, what="scale"))
        return all_ok(*res)

    return check


def like_mn(X: Any, y: Any, *, rows: Any = None) -> Callable[[Any], Any]:
    def check(r: Any) -> tuple[bool, str]:
        ok = is_glm(r)
        if not ok[0]:
            return ok
        Xr, yr = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        if rows is not None:
            Xr, yr = Xr[rows], yr[rows]
        ref = sm_mnlogit(Xr, yr)
        return all_ok(compare(np.asarray(r.params, dtype=float), ref.params, what="params"),
                      compare(r.llf, ref.llf, 1e-8, what="llf"))

    return check


def same_fit(other: Callable[[], Any], rtol: float = 1e-8) -> Callable[[Any], Any]:
    """Check a GLMResult against another glmnn fit computed by ``other`` (e.g. on a subset)."""

    def check(r: Any) -> tuple[bool, str]:
        ok = is_glm(r)
        if not ok[0]:
            return ok
        return compare(np.asarray(r.params, dtype=float),
                       np.asarray(other().params, dtype=float), rtol, what="params")

    return check


def equals(want: Any, rtol: float = 1e-10, atol: float = 1e-12) -> Callable[[Any], Any]:
    return lambda got: compare(got, want() if callable(want) else want, rtol, atol)


def is_str_with(*parts: str) -> Callable[[Any], Any]:
    def check(got: Any) -> tuple[bool, str]:
        if not isinstance(got, str):
            return False, f"returned {type(got).__name__}"
        missing = [p for p in parts if p not in got]
        head = got.strip().splitlines()[0][:60] if got.strip() else ""
        if missing:
            return False, f"the string returned lacks {missing} (it starts {head!r})"
        return True, f"string with {list(parts)} ({head!r}...)"

    return check


def truthy(pred: Callable[[Any], bool], text: str) -> Callable[[Any], Any]:
    def check(got: Any) -> tuple[bool, str]:
        try:
            ok = bool(pred(got))
        except Exception as exc:  # noqa: BLE001
            return False, f"{text}: check failed ({type(exc).__name__}: {exc})"
        return ok, (text if ok else f"not {text}: got {short(got)}")

    return check


def short(x: Any, width: int = 140) -> str:
    """A one-line summary of a value."""
    if isinstance(x, keras_glm.GLMResult):
        try:
            text = (f"GLMResult params={short(np.asarray(x.params, dtype=float), 60)} "
                    f"bse={short(np.asarray(x.bse, dtype=float), 50)} df_resid={x.df_resid:g}")
        except Exception as exc:  # noqa: BLE001
            text = f"GLMResult (unprintable: {exc})"
        return text[:width]
    if isinstance(x, (pd.Series, pd.DataFrame)):
        return f"{type(x).__name__}{x.shape} {np.array2string(np.asarray(x), precision=4, threshold=8)}"[:width].replace("\n", " ")
    if isinstance(x, np.ndarray):
        with np.printoptions(precision=4, threshold=8, edgeitems=3, linewidth=10_000):
            return f"array{x.shape} {x}".replace("\n", " ")[:width]
    if isinstance(x, tuple):
        return ("(" + ", ".join(short(v, 60) for v in x) + ")")[:width]
    return repr(x)[:width].replace("\n", " ")


def _model_with(kernel: Any, bias: Any) -> Any:
    m = keras_glm.build_model(2)
    m.trainable_weights[0].assign(np.asarray(kernel, dtype=float))
    m.trainable_weights[1].assign(np.asarray(bias, dtype=float))
    return m


def _margin_ok(theta: Any, X: Any, y: Any) -> tuple[bool, str]:
    theta = np.asarray(theta, dtype=float)
    m = (2 * y - 1) * (design(X) @ theta)
    if not np.all(np.isfinite(theta)):
        return False, f"non-finite parameters {short(theta)}"
    return (bool(np.min(m) >= 1 - 1e-6 and np.min(m) <= 1 + 1e-6),
            f"smallest margin {np.min(m):.6g} (1 expected) with params {short(theta)}")


def _ridge_ref(X: Any, y: Any, lam: float) -> np.ndarray:
    from scipy.optimize import minimize

    X1 = design(X)

    def f(t: np.ndarray) -> tuple[float, np.ndarray]:
        z = X1 @ t
        val = np.sum(np.logaddexp(0, z) - y * z) + lam / 2 * np.sum(t[1:] ** 2)
        g = X1.T @ (special.expit(z) - y) + lam * np.r_[0.0, t[1:]]
        return val, g

    return minimize(f, np.zeros(X1.shape[1]), jac=True, method="BFGS", options={"gtol": 1e-12}).x


def _online_ref(X: Any, y: Any, eta: float, epochs: int, init: float) -> np.ndarray:
    theta = np.full(X.shape[1] + 1, init)
    for _ in range(epochs):
        for xi, yi in zip(X, y):
            x1 = np.r_[1.0, xi]
            theta = theta + eta * (yi - special.expit(x1 @ theta)) * x1
    return theta


def _flip_perm(w: Any) -> Any:
    sign = np.array([-1.0, 1.0, -1.0])
    order = [2, 0, 1]
    return mlp.Weights((w.W1 * sign)[:, order], (w.b1 * sign)[order], (w.w2 * sign)[order], w.b2)


def equals_str(want: str) -> Callable[[Any], Any]:
    return lambda got: (got == want, f"{got!r}" + ("" if got == want else f" != {want!r}"))


def _printed_bound_ok(s: Any, value: float) -> tuple[bool, str]:
    if not isinstance(s, str):
        return False, f"returned {type(s).__name__}"
    import re

    m = re.search(r"< ([0-9.eE+-]+) \(asserted\)", s)
    if not m:
        return False, f"no bound in {s!r}"
    printed = float(m.group(1))
    return printed > value, f"printed bound {m.group(1)} vs value {value!r}: {s!r}"


def _nll_ref(theta: Any, X: Any, y: Any) -> float:
    z = design(X) @ theta
    return float(np.sum(np.logaddexp(0, z) - y * z))


def _mlp_loss_ref(w: Any, X: Any, y: Any, l2: float = 0.0) -> float:
    z = w.b2 + np.tanh(X @ w.W1 + w.b1) @ w.w2
    return float(np.sum(np.logaddexp(0, z) - y * z) + l2 * (np.sum(w.W1 ** 2) + np.sum(w.w2 ** 2)))


def _num_hessian(w: Any, X: Any, y: Any) -> np.ndarray:
    theta = w.flat()
    p, h = w.W1.shape
    f = lambda t: _mlp_loss_ref(mlp.Weights.from_flat(t, p, h), X, y)  # noqa: E731
    m, eps = theta.size, 1e-4
    H = np.empty((m, m))
    for i in range(m):
        for j in range(m):
            ei, ej = np.eye(m)[i] * eps, np.eye(m)[j] * eps
            H[i, j] = (f(theta + ei + ej) - f(theta + ei - ej) - f(theta - ei + ej) + f(theta - ei - ej)) / (4 * eps ** 2)
    return H


def _weights(W1: Any, b1: Any, w2: Any, b2: float) -> Any:
    return mlp.Weights(np.asarray(W1, dtype=float), np.asarray(b1, dtype=float), np.asarray(w2, dtype=float), b2)


def _object_with_none() -> np.ndarray:
    X = X2.astype(object)
    X[0, 0] = None
    return X


_NET = lazy(lambda: mlp.build(2, 3, seed=0))


# ---------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------
@dataclass
class Case:
    name: str
    module: str
    topic: str
    call: str
    fn: Callable[[], Any]
    expect: str  # "refuse", "warn", "valid" or two joined by "/"
    keywords: tuple[str, ...] = ()
    check: Callable[[Any], tuple[bool, str]] | None = None
    should: str = ""
    allow: tuple[type, ...] = ()  # other exception types that count as a refusal (report)
    outcome: str = ""
    happened: str = ""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


CASES: list[Case] = []
_MODULE = ""
_TOPIC = ""


def section(module: str) -> None:
    global _MODULE
    _MODULE = module


def topic(name: str) -> None:
    global _TOPIC
    _TOPIC = name


def C(name: str, call: str, fn: Callable[[], Any], expect: str, kw: Any = (),
      check: Callable[[Any], tuple[bool, str]] | None = None, should: str = "",
      allow: tuple[type, ...] = ()) -> None:
    if isinstance(kw, str):
        kw = (kw,)
    if "valid" in expect.split("/") and check is None:
        raise SystemExit(f"case {name}: a valid case needs a check")
    if ("refuse" in expect or "warn" in expect) and not kw:
        raise SystemExit(f"case {name}: a refuse/warn case needs keywords")
    if any(c.name == name for c in CASES):
        raise SystemExit(f"duplicate case name {name}")
    CASES.append(Case(name, _MODULE, _TOPIC, call, fn, expect, tuple(kw), check, should, allow))


fit = keras_glm.fit
NAN_KW = ("nan", "finite")
SHAPE_2D = ("2-d", "2d", "two-dimensional")
LEN_KW = ("same number", "length", "rows", "samples")
NUM_KW = ("numeric", "number")
CPLX_KW = ("complex", "imaginary")
ALIAS_KW = ("aliased", "collinear", "rank", "ill-conditioned", "condition")
SEP_KW = ("separat",)
INDEX_KW = ("index", "align")
SCALE_KW = ("scale", "large", "overflow", "rescale", "magnitude", "1e+300", "1e300", "huge")
SMALL_KW = ("scale", "small", "underflow", "rescale", "magnitude", "tiny")
SEED_KW = ("seed",)


def with_col(X: np.ndarray, j: int, values: Any) -> np.ndarray:
    X = np.array(X, dtype=float)
    X[:, j] = values
    return X


def scaled(X: np.ndarray, j: int, s: float) -> np.ndarray:
    X = np.array(X, dtype=float)
    X[:, j] *= s
    return X


def cplx(a: Any) -> np.ndarray:
    return np.asarray(a, dtype=float) + 1e-3j


def with_entry(a: Any, idx: Any, value: Any) -> np.ndarray:
    a = np.array(a, dtype=float)
    a[idx] = value
    return a


# ======================================================================================
section("keras_glm.fit")
# ======================================================================================
topic("shape")
C("fit X 1-D", "fit(X[:, 0], y)", lambda: fit(X2[:, 0], YB), "refuse", SHAPE_2D)
C("fit X Series", "fit(Xdf['a'], y)", lambda: fit(XDF["a"], YB), "valid/refuse", SHAPE_2D,
  check=like_glm(X2[:, :1], YB))
C("fit X 3-D", "fit(X[:, :, None], y)", lambda: fit(X2[:, :, None], YB), "refuse", SHAPE_2D)
C("fit X scalar", "fit(1.0, y)", lambda: fit(1.0, YB), "refuse", SHAPE_2D)
C("fit y column vector", "fit(X, y[:, None])", lambda: fit(X2, YB[:, None]), "valid/refuse",
  ("1-d", "one-dimensional"), like_glm(X2, YB),
  should="accept y of shape (n, 1) as statsmodels does, or refuse naming its shape")
C("fit y 2-D (n, 2)", "fit(X, np.column_stack([y, y]))", lambda: fit(X2, np.column_stack([YB, YB])),
  "refuse", ("1-d",))
C("fit length mismatch", "fit(X, y[:-1])", lambda: fit(X2, YB[:-1]), "refuse", LEN_KW)
C("fit X empty rows", "fit(np.empty((0, 2)), [])", lambda: fit(np.empty((0, 2)), []), "refuse",
  ("row", "empty"))
C("fit y empty", "fit(X, [])", lambda: fit(X2, []), "refuse", ("empty", "row", "same number", "length"))
C("fit one row", "fit(X[:1], y[:1])", lambda: fit(X2[:1], YB[:1]), "refuse",
  ("observations", "rows", "separat", "rank", "aliased"))
C("fit X list of lists", "fit(X.tolist(), y.tolist())", lambda: fit(X2.tolist(), YB.tolist()),
  "valid", check=like_glm(X2, YB))
C("fit X integer dtype", "fit(np.round(3 * X).astype(int), y)",
  lambda: fit(np.round(3 * X2).astype(int), YB), "valid",
  check=like_glm(np.round(3 * X2), YB))
C("fit X float32", "fit(X.astype(np.float32), y)", lambda: fit(X2.astype(np.float32), YB),
  "valid", check=like_glm(X2.astype(np.float32).astype(float), YB))
C("fit intercept-only", "fit(np.empty((40, 0)), y)", lambda: fit(np.empty((N, 0)), YB), "valid",
  check=like_glm(np.empty((N, 0)), YB))
C("fit n = p + 1 gaussian", "fit(X[:3], y[:3], 'gaussian')", lambda: fit(X2[:3], YN[:3], "gaussian"),
  "refuse/warn", ("degrees of freedom", "df_resid", "residual", "observations"),
  should="refuse (or warn): 0 residual degrees of freedom, the scale is 0/0")
C("fit n < p + 1 gaussian", "fit(X[:2], y[:2], 'gaussian')", lambda: fit(X2[:2], YN[:2], "gaussian"),
  "refuse", ("observations", "rank", "aliased", "rows", "degrees of freedom"))

topic("NaN/inf")
C("fit NaN in X", "fit(X with X[3,1]=nan, y)", lambda: fit(with_entry(X2, (3, 1), np.nan), YB),
  "refuse", NAN_KW)
C("fit inf in X", "fit(X with X[3,1]=inf, y)", lambda: fit(with_entry(X2, (3, 1), np.inf), YB),
  "refuse", NAN_KW)
C("fit NaN in y", "fit(X, y with y[0]=nan)", lambda: fit(X2, with_entry(YB, 0, np.nan)), "refuse",
  NAN_KW)
C("fit inf in y gaussian", "fit(X, y with inf, 'gaussian')",
  lambda: fit(X2, with_entry(YN, 0, np.inf), "gaussian"), "refuse", NAN_KW)
C("fit None X", "fit(None, y)", lambda: fit(None, YB), "refuse", ("none", "numeric", "array"))
C("fit None y", "fit(X, None)", lambda: fit(X2, None), "refuse", ("none", "numeric", "array"))

topic("complex/strings/objects/booleans")
C("fit complex X", "fit(X + 1e-3j, y)", lambda: fit(cplx(X2), YB), "refuse", CPLX_KW,
  should="refuse complex X (numpy drops the imaginary part with only a ComplexWarning)")
C("fit complex y", "fit(X, y + 0j*... (gaussian, imag 1e-3))", lambda: fit(X2, cplx(YN), "gaussian"),
  "refuse", CPLX_KW)
C("fit string X", "fit(array of 'a'/'b', y)", lambda: fit(np.where(X2 > 0, "a", "b"), YB), "refuse",
  NUM_KW)
C("fit string labels y", "fit(X, ['yes'/'no'])", lambda: fit(X2, np.where(YB > 0, "yes", "no")),
  "refuse", NUM_KW + ("0 and 1", "label"))
C("fit object X with None", "fit(X object with a None, y)",
  lambda: fit(_object_with_none(), YB),
  "refuse", ("none", "missing", "nan", "numeric"))
C("fit boolean X", "fit(X > 0, y)", lambda: fit(X2 > 0, YB), "valid",
  check=like_glm((X2 > 0).astype(float), YB))
C("fit boolean y", "fit(X, y.astype(bool))", lambda: fit(X2, YB.astype(bool)), "valid",
  check=like_glm(X2, YB))
C("fit dict X", "fit({'a': 1}, y)", lambda: fit({"a": 1}, YB), "refuse", NUM_KW + SHAPE_2D)

topic("response values")
C("fit binomial labels 0/2", "fit(X, 2 * y)", lambda: fit(X2, 2 * YB), "refuse", ("0 and 1",))
C("fit binomial labels -1/1", "fit(X, 2 * y - 1)", lambda: fit(X2, 2 * YB - 1), "refuse", ("0 and 1",))
C("fit binomial proportions", "fit(X, y * 0.5 + 0.25)", lambda: fit(X2, YB * 0.5 + 0.25), "refuse",
  ("0 and 1", "proportion"))
C("fit binomial all zero", "fit(X, zeros)", lambda: fit(X2, np.zeros(N)), "refuse",
  SEP_KW + ("one class", "both classes", "all labels", "every label", "only 0"))
C("fit binomial all zero intercept-only", "fit(np.empty((40, 0)), zeros)",
  lambda: fit(np.empty((N, 0)), np.zeros(N)), "refuse",
  ("one class", "both classes", "all labels", "every label", "only 0", "separat"),
  should="refuse naming the single class (now fails with 'X must have at least one row and "
         "one column' from the separation check)")
C("fit poisson negative", "fit(X, -y, 'poisson')", lambda: fit(X2, -YP - 1, "poisson"), "refuse",
  ("non-negative", "negative"))
C("fit poisson non-integer", "fit(X, y + 0.5, 'poisson')", lambda: fit(X2, YP + 0.5, "poisson"),
  "valid", check=like_glm(X2, YP + 0.5, "poisson"))
C("fit poisson all zero", "fit(X, zeros, 'poisson')", lambda: fit(X2, np.zeros(N), "poisson"),
  "refuse", ("zero",), should="refuse: all counts 0, the intercept runs to -inf")
C("fit poisson all zero intercept-only", "fit(np.empty((40, 0)), zeros, 'poisson')",
  lambda: fit(np.empty((N, 0)), np.zeros(N), "poisson"), "refuse", ("zero",))
C("fit poisson all-zero group", "fit([group dummy, x1], y with y=0 in the group, 'poisson')",
  lambda: fit(np.column_stack([GROUP, X2[:, 0]]), np.where(GROUP > 0, 0.0, YP), "poisson"),
  "refuse/warn", ("zero", "no finite", "infinite", "boundary", "separat", "diverg"),
  should="refuse or warn: every count of the group is 0, its coefficient has no finite "
         "estimate (now intercept ~ -50 and p = 1, silently)")
C("fit poisson huge counts", "fit(X, y * 1e12 + 1, 'poisson')",
  lambda: fit(X2, YP * 1e12 + 1, "poisson"), "valid",
  check=like_glm(X2, YP * 1e12 + 1, "poisson", bse=False, llf=False))
C("fit gamma zero", "fit(X, y with a 0, 'gamma')", lambda: fit(X2, with_entry(YG, 0, 0.0), "gamma"),
  "refuse", ("positive",))
C("fit gamma constant y", "fit(X, ones, 'gamma')", lambda: fit(X2, np.ones(N), "gamma"),
  "refuse/warn", ("constant", "dispersion", "scale", "zero variance", "perfect"),
  should="refuse or warn: a constant y has dispersion 0 (now ZeroDivisionError in loglike)")
C("fit gaussian constant y", "fit(X, 3 * ones, 'gaussian')", lambda: fit(X2, 3 * np.ones(N), "gaussian"),
  "refuse/warn", ("constant", "dispersion", "scale", "zero variance", "perfect"),
  should="refuse or warn: scale 0, llf = +inf, z-values 0/0")
C("fit gaussian perfect fit", "fit(X, 1 + 2 x1 - x2, 'gaussian')",
  # like a constant y: the dispersion estimate would be 0, so s.e. 0 and llf +inf
  lambda: fit(X2, 1 + 2 * X2[:, 0] - X2[:, 1], "gaussian"), "refuse/warn",
  ("perfect", "scale", "dispersion", "zero"),
  check=lambda r: all_ok(is_glm(r), compare(np.asarray(r.params), [1.0, 2.0, -1.0], 1e-9, 1e-9,
                                             "params")))
C("fit gaussian y 1e-200", "fit(X, y * 1e-200, 'gaussian')", lambda: fit(X2, YN * 1e-200, "gaussian"),
  "valid/refuse", SMALL_KW,
  check=lambda r: all_ok(is_glm(r), compare(np.asarray(r.params) * 1e200,
                                             sm_glm(X2, YN, "gaussian").params, 1e-6, what="params*1e200")),
  should="fit (the estimate scales with y) or refuse naming the scale; now the loss "
         "underflows and the start (slopes 0) is returned as 'converged'")
C("fit gaussian y 1e15", "fit(X, y * 1e15, 'gaussian')", lambda: fit(X2, YN * 1e15, "gaussian"),
  "valid", check=lambda r: all_ok(is_glm(r), compare(np.asarray(r.params) / 1e15,
                                                      sm_glm(X2, YN, "gaussian").params, 1e-6,
                                                      what="params/1e15")))
C("fit gaussian y 1e300", "fit(X, y * 1e300, 'gaussian')", lambda: fit(X2, YN * 1e300, "gaussian"),
  "valid/refuse", SCALE_KW,
  check=lambda r: all_ok(is_glm(r), compare(np.asarray(r.params) / 1e300,
                                             sm_glm(X2, YN, "gaussian").params, 1e-6,
                                             what="params/1e300")))

topic("multinomial labels")
C("fit multinomial labels 1..3", "fit(X, y + 1, 'multinomial')", lambda: fit(X2, YM + 1, "multinomial"),
  "refuse", ("class 0", "renumber", "0, 1"))
C("fit multinomial gap 0,1,3", "fit(X, y with 2 -> 3, 'multinomial')",
  lambda: fit(X2, np.where(YM == 2, 3.0, YM), "multinomial"), "refuse", ("class 2", "renumber"))
C("fit multinomial one class", "fit(X, zeros, 'multinomial')", lambda: fit(X2, np.zeros(N), "multinomial"),
  "refuse", ("two classes", "one class", "only class"))
C("fit multinomial fractional", "fit(X, y + 0.5, 'multinomial')",
  lambda: fit(X2, YM + 0.5, "multinomial"), "refuse", ("class labels", "integer"))
C("fit multinomial valid", "fit(X, y, 'multinomial')", lambda: fit(X2, YM, "multinomial"), "valid",
  check=like_mn(X2, YM))
C("fit multinomial separated", "fit(X, y cut at x1, 'multinomial')",
  lambda: fit(X2, YMSEP, "multinomial"), "refuse", SEP_KW)
C("fit multinomial quasi-separated", "fit(X_qs40, class 2 iff x1 > 0, both on x1 = 0, 'multinomial')",
  lambda: fit(X_QS40, YMQS, "multinomial"), "refuse", SEP_KW)
C("fit multinomial class zero weight", "fit(X, y, 'multinomial', freq_weights=0 on class 2)",
  lambda: fit(X2, YM, "multinomial", freq_weights=np.where(YM == 2, 0.0, 1.0)), "refuse",
  ("class 2", "weight"),
  should="refuse: class 2 has zero total weight (now 'Newton's method did not converge ... "
         "raise max_iter')")
C("fit multinomial int weights", "fit(X, y, 'multinomial', freq_weights=w)",
  lambda: fit(X2, YM, "multinomial", freq_weights=FW), "valid",
  check=lambda r: all_ok(is_glm(r), compare(np.asarray(r.params), sm_mnlogit(
      np.repeat(X2, FW.astype(int), axis=0), np.repeat(YM, FW.astype(int))).params, what="params")))

topic("separation")
C("fit binomial separated", "fit(X, 1[x1 > 0])", lambda: fit(X2, YSEP40), "refuse", SEP_KW)
C("fit binomial quasi-separated", "fit(X with 5 rows on x1=0, labels split there)",
  lambda: fit(X_QS40, YQS40), "refuse", SEP_KW)
C("fit binomial separated probit", "fit(X, 1[x1 > 0], link='probit')",
  lambda: fit(X2, YSEP40, link="probit"), "refuse", SEP_KW)
C("fit binomial separated cloglog", "fit(X, 1[x1 > 0], link='cloglog')",
  lambda: fit(X2, YSEP40, link="cloglog"), "refuse", SEP_KW)
C("fit blog toy", "fit(*data.blog_toy())", lambda: fit(XTOY, YTOY), "refuse", SEP_KW)
C("fit separated only among weighted rows", "fit(X + 2 overlapping rows of weight 0, 1[x1 > 0])",
  lambda: fit(np.r_[X2, [[-0.5, 0.0], [0.5, 0.0]]], np.r_[YSEP40, 1.0, 0.0],
              freq_weights=np.r_[np.ones(N), 0.0, 0.0]),
  "refuse", SEP_KW, should="refuse: among the rows of positive weight the classes are separated")

topic("aliasing and scales")
C("fit constant column", "fit(X with x2 = 1)", lambda: fit(with_col(X2, 1, 1.0), YB), "refuse",
  ("constant",))
C("fit duplicate column", "fit([x1, x1])", lambda: fit(np.column_stack([X2[:, 0], X2[:, 0]]), YB),
  "refuse", ALIAS_KW)
C("fit affine column", "fit([x1, x2, 2 x1 + 3])",
  lambda: fit(np.column_stack([X2, 2 * X2[:, 0] + 3]), YB), "refuse", ALIAS_KW)
C("fit near-aliased 1e-9", "fit([x1, x2, x1 + 1e-9 noise])",
  lambda: fit(np.column_stack([X2, X2[:, 0] + 1e-9 * NOISE]), YB), "refuse/warn", ALIAS_KW,
  should="refuse or warn (near-aliased: now coefficients of +-2.7e6 with NaN standard errors)")
C("fit near-aliased 1e-4", "fit([x1, x2, x1 + 1e-4 noise])",
  lambda: fit(np.column_stack([X2, X2[:, 0] + 1e-4 * NOISE]), YB), "valid/warn", ALIAS_KW,
  check=like_glm(np.column_stack([X2, X2[:, 0] + 1e-4 * NOISE]), YB, rtol=1e-4, llf=False))
C("fit column x 1e-20", "fit(X with x1 * 1e-20)", lambda: fit(scaled(X2, 0, 1e-20), YB), "valid",
  check=like_glm(scaled(X2, 0, 1e-20), YB, colscale=np.array([1e-20, 1.0])),
  should="fit (a column in other units is not aliased; now refused as 'aliased')")
C("fit column x 1e15", "fit(X with x1 * 1e15)", lambda: fit(scaled(X2, 0, 1e15), YB), "valid",
  check=like_glm(scaled(X2, 0, 1e15), YB, colscale=np.array([1e15, 1.0])))
C("fit column x 1e-200", "fit(X with x1 * 1e-200)", lambda: fit(scaled(X2, 0, 1e-200), YB),
  "valid/refuse", SMALL_KW,
  check=like_glm(scaled(X2, 0, 1e-200), YB, colscale=np.array([1e-200, 1.0]), bse=False))
C("fit column x 1e300", "fit(X with x1 * 1e300)", lambda: fit(scaled(X2, 0, 1e300), YB),
  "valid/refuse", SCALE_KW,
  check=like_glm(scaled(X2, 0, 1e300), YB, colscale=np.array([1e300, 1.0]), bse=False))
C("fit entry 1e300", "fit(X with X[0,0] = 1e300)", lambda: fit(with_entry(X2, (0, 0), 1e300), YB),
  "refuse", SCALE_KW, should="refuse naming the huge value (now LinAlgError from the rank check)")
C("fit poisson column x 1e-20", "fit(X with x1 * 1e-20, y, 'poisson')",
  lambda: fit(scaled(X2, 0, 1e-20), YP, "poisson"), "valid",
  check=like_glm(scaled(X2, 0, 1e-20), YP, "poisson", colscale=np.array([1e-20, 1.0])))
C("fit aliased among weighted rows", "fit([x1, x2'], w=0 where x2' != 2 x1)",
  lambda: fit(np.column_stack([X2[:, 0], np.where(np.arange(N) < 3, X2[:, 1], 2 * X2[:, 0])]), YB,
              freq_weights=(np.arange(N) >= 3).astype(float)),
  "refuse", ALIAS_KW,
  should="refuse as aliased among the rows of positive weight (now 'Newton's method did "
         "not converge ... raise max_iter')")

topic("pandas")
C("fit DataFrame valid", "fit(Xdf, y)", lambda: fit(XDF, YB), "valid",
  check=lambda r: all_ok(like_glm(X2, YB)(r), truthy(lambda r: list(r.params.index) == ["const", "a", "b"],
                                                     "labelled const, a, b")(r)))
C("fit y Series aligned", "fit(Xdf, pd.Series(y, index=Xdf.index))",
  lambda: fit(XDF, pd.Series(YB, index=XDF.index)), "valid", check=like_glm(X2, YB))
C("fit y Series reversed index", "fit(Xdf, pd.Series(y, index=Xdf.index)[::-1])",
  lambda: fit(XDF, pd.Series(YB, index=XDF.index)[::-1]), "refuse/valid", INDEX_KW,
  check=lambda r: all_ok(is_glm(r), compare(np.asarray(r.params), np.asarray(sm_glm(X2, YB).params),
                                             1e-6, what="params (aligned by label)")),
  should="align y on X's index or refuse (statsmodels refuses); now pairs rows by position")
C("fit y Series disjoint index", "fit(Xdf, pd.Series(y) (index 0..39 vs 100..139))",
  lambda: fit(XDF, pd.Series(YB)), "refuse", INDEX_KW,
  should="refuse: y's index shares no label with X's (statsmodels refuses)")
C("fit y Series shuffled index", "fit(Xdf, y Series with permuted index)",
  lambda: fit(XDF, pd.Series(YB, index=XDF.index).sample(frac=1.0, random_state=0)),
  "refuse/valid", INDEX_KW,
  check=lambda r: all_ok(is_glm(r), compare(np.asarray(r.params), np.asarray(sm_glm(X2, YB).params),
                                             1e-6, what="params (aligned by label)")))
C("fit duplicate index both", "fit(Xdf, y) both indexed [0,0,1,1,...]",
  lambda: fit(XDF.set_axis(np.arange(N) // 2), pd.Series(YB, index=np.arange(N) // 2)), "valid",
  check=like_glm(X2, YB))
C("fit duplicate index X only", "fit(Xdf with duplicate index, y numpy)",
  lambda: fit(XDF.set_axis(np.arange(N) // 2), YB), "valid", check=like_glm(X2, YB))
C("fit duplicate column names", "fit(DataFrame columns ['a', 'a'], y)",
  lambda: fit(pd.DataFrame(X2, columns=["a", "a"]), YB), "refuse/warn", ("duplicate", "column"),
  should="refuse (or warn): two parameters would share the label 'a'")
C("fit column named const", "fit(DataFrame columns ['const', 'b'], y)",
  lambda: fit(pd.DataFrame(X2, columns=["const", "b"]), YB), "refuse/warn", ("const",),
  should="refuse (or warn): the label 'const' is the intercept's; params would have it twice")
C("fit integer column names", "fit(DataFrame columns [0, 1], y)",
  lambda: fit(pd.DataFrame(X2), YB), "valid", check=like_glm(X2, YB))
C("fit DataFrame string column", "fit(DataFrame with a str column, y)",
  lambda: fit(XDF.assign(c=np.where(YB > 0, "u", "v")), YB), "refuse", NUM_KW)
C("fit DataFrame categorical column", "fit(DataFrame with a categorical column, y)",
  lambda: fit(XDF.assign(c=pd.Categorical(np.where(X2[:, 0] > 0, "u", "v"))), YB), "refuse",
  NUM_KW + ("categor",))
C("fit DataFrame datetime column", "fit(DataFrame with datetimes, y)",
  lambda: fit(XDF.assign(c=pd.date_range("2020-01-01", periods=N)), YB), "refuse",
  NUM_KW + ("datetime",))
C("fit DataFrame nullable NA", "fit(DataFrame with Int64 column holding pd.NA, y)",
  lambda: fit(XDF.assign(c=pd.array([pd.NA] + list(range(N - 1)), dtype="Int64")), YB), "refuse",
  ("missing", "nan", "<na>", " na "), should="refuse naming the missing value")
C("fit DataFrame bool column", "fit(DataFrame with a bool column, y)",
  lambda: fit(XDF.assign(c=X2[:, 0] + NOISE > 0), YB), "valid",
  check=like_glm(np.column_stack([X2, X2[:, 0] + NOISE > 0]), YB))
C("fit y DataFrame (n, 1)", "fit(Xdf, y as one-column DataFrame)",
  lambda: fit(XDF, pd.DataFrame({"y": YB}, index=XDF.index)), "valid/refuse", ("1-d",),
  check=like_glm(X2, YB))
C("fit y string categorical", "fit(Xdf, pd.Series(['no'/'yes'], dtype='category'))",
  lambda: fit(XDF, pd.Series(np.where(YB > 0, "yes", "no"), index=XDF.index, dtype="category")),
  "refuse", NUM_KW + ("0 and 1", "label"))
C("fit y nullable boolean", "fit(Xdf, pd.Series(y, dtype='boolean'))",
  lambda: fit(XDF, pd.Series(YB > 0, index=XDF.index, dtype="boolean")), "valid",
  check=like_glm(X2, YB))

topic("freq_weights")
C("fit freq_weights int", "fit(X, y, freq_weights=w)", lambda: fit(X2, YB, freq_weights=FW), "valid",
  check=like_glm(X2, YB, freq_weights=FW))
C("fit freq_weights fractional", "fit(X, y, freq_weights=w / 3)",
  lambda: fit(X2, YB, freq_weights=FW / 3), "valid", check=like_glm(X2, YB, freq_weights=FW / 3))
C("fit freq_weights sum < params", "fit(X, y, freq_weights=0.05 each)",
  lambda: fit(X2, YB, freq_weights=np.full(N, 0.05)), "refuse/warn",
  ("freq_weights", "degrees of freedom", "df_resid", "residual"),
  should="refuse or warn: weights sum to 2 < 3 parameters, df_resid = -1")
C("fit freq_weights sum < params gaussian", "fit(X, y, 'gaussian', freq_weights=0.05 each)",
  lambda: fit(X2, YN, "gaussian", freq_weights=np.full(N, 0.05)), "refuse/warn",
  ("freq_weights", "degrees of freedom", "df_resid", "residual"),
  should="refuse or warn: negative residual df makes the scale negative")
C("fit freq_weights negative", "fit(..., freq_weights with a -1)",
  lambda: fit(X2, YB, freq_weights=with_entry(FW, 0, -1.0)), "refuse", ("non-negative", "negative"))
C("fit freq_weights all zero", "fit(..., freq_weights=zeros)", lambda: fit(X2, YB, freq_weights=np.zeros(N)),
  "refuse", ("positive",))
C("fit freq_weights NaN", "fit(..., freq_weights with NaN)",
  lambda: fit(X2, YB, freq_weights=with_entry(FW, 0, np.nan)), "refuse", NAN_KW)
C("fit freq_weights inf", "fit(..., freq_weights with inf)",
  lambda: fit(X2, YB, freq_weights=with_entry(FW, 0, np.inf)), "refuse", NAN_KW)
C("fit freq_weights short", "fit(..., freq_weights=w[:-1])", lambda: fit(X2, YB, freq_weights=FW[:-1]),
  "refuse", ("freq_weights",))
C("fit freq_weights 2-D", "fit(..., freq_weights=w[:, None])",
  lambda: fit(X2, YB, freq_weights=FW[:, None]), "refuse", ("freq_weights",))
C("fit freq_weights strings", "fit(..., freq_weights=['1', 'a', ...])",
  lambda: fit(X2, YB, freq_weights=np.where(FW > 1, "a", "1")), "refuse", ("freq_weights",))
C("fit freq_weights scalar", "fit(..., freq_weights=2.0)", lambda: fit(X2, YB, freq_weights=2.0),
  "refuse", ("freq_weights",))
C("fit freq_weights complex", "fit(..., freq_weights=w + 1e-3j)",
  lambda: fit(X2, YB, freq_weights=cplx(FW)), "refuse", CPLX_KW)
C("fit freq_weights bool", "fit(..., freq_weights=mask)",
  lambda: fit(X2, YB, freq_weights=np.arange(N) % 5 != 0), "valid",
  check=same_fit(lambda: fit(X2[np.arange(N) % 5 != 0], YB[np.arange(N) % 5 != 0])))
C("fit freq_weights zero rows", "fit(X, y, freq_weights with zeros) = fit on the rest",
  lambda: fit(X2, YB, freq_weights=(np.arange(N) % 3 != 0).astype(float)), "valid",
  check=same_fit(lambda: fit(X2[np.arange(N) % 3 != 0], YB[np.arange(N) % 3 != 0])))
C("fit freq_weights 1e300", "fit(X, y, freq_weights=1e300 each)",
  lambda: fit(X2, YB, freq_weights=np.full(N, 1e300)), "refuse/valid", SCALE_KW + ("freq_weights",),
  check=lambda r: all_ok(is_glm(r), compare(np.asarray(r.params), np.asarray(sm_glm(X2, YB).params),
                                             1e-6, what="params")))
C("fit freq_weights Series misaligned", "fit(Xdf, y, freq_weights=pd.Series(w)[::-1] (reversed index))",
  lambda: fit(XDF, YB, freq_weights=pd.Series(FW, index=XDF.index)[::-1]), "refuse/valid", INDEX_KW,
  check=like_glm(X2, YB, freq_weights=FW))
C("fit zero-weight class binomial", "fit(X, y, freq_weights=0 on every y=1)",
  lambda: fit(X2, YB, freq_weights=np.where(YB > 0, 0.0, 1.0)), "refuse",
  ("class", "weight", "separat", "label"),
  should="refuse: among rows of positive weight only one class is present")

topic("offset/exposure")
C("fit poisson offset", "fit(X, y, 'poisson', offset=o)", lambda: fit(X2, YP, "poisson", offset=OFF),
  "valid", check=like_glm(X2, YP, "poisson", offset=OFF))
C("fit poisson exposure", "fit(X, y, 'poisson', exposure=e)", lambda: fit(X2, YP, "poisson", exposure=EXPO),
  "valid", check=like_glm(X2, YP, "poisson", exposure=EXPO))
C("fit poisson offset+exposure", "fit(..., offset=o, exposure=e)",
  lambda: fit(X2, YP, "poisson", offset=OFF, exposure=EXPO), "valid",
  check=like_glm(X2, YP, "poisson", offset=OFF, exposure=EXPO))
C("fit binomial offset", "fit(X, y, offset=o)", lambda: fit(X2, YB, offset=OFF), "valid",
  check=like_glm(X2, YB, offset=OFF))
C("fit gamma offset", "fit(X, y, 'gamma', offset=o)", lambda: fit(X2, YG, "gamma", offset=OFF), "valid",
  check=like_glm(X2, YG, "gamma", offset=OFF, bse=False, llf=False))
C("fit exposure zero", "fit(..., exposure with a 0)",
  lambda: fit(X2, YP, "poisson", exposure=with_entry(EXPO, 0, 0.0)), "refuse", ("exposure",))
C("fit exposure negative", "fit(..., exposure with -1)",
  lambda: fit(X2, YP, "poisson", exposure=with_entry(EXPO, 0, -1.0)), "refuse", ("exposure",))
C("fit exposure NaN", "fit(..., exposure with NaN)",
  lambda: fit(X2, YP, "poisson", exposure=with_entry(EXPO, 0, np.nan)), "refuse", NAN_KW)
C("fit exposure binomial", "fit(X, y, exposure=e)", lambda: fit(X2, YB, exposure=EXPO), "refuse",
  ("log link",))
C("fit exposure short", "fit(..., exposure=e[:-1])", lambda: fit(X2, YP, "poisson", exposure=EXPO[:-1]),
  "refuse", ("exposure",))
C("fit offset multinomial", "fit(X, y, 'multinomial', offset=o)",
  lambda: fit(X2, YM, "multinomial", offset=OFF), "refuse", ("multinomial",))
C("fit offset NaN", "fit(..., offset with NaN)", lambda: fit(X2, YP, "poisson", offset=with_entry(OFF, 0, np.nan)),
  "refuse", NAN_KW)
C("fit offset 1e300", "fit(X, y, 'poisson', offset=1e300 in one row)",
  lambda: fit(X2, YP, "poisson", offset=with_entry(OFF, 0, 1e300)), "refuse", ("offset",),
  should="refuse naming the offset (now 'Newton's method did not converge ... raise max_iter')")
C("fit offset -1e300 binomial", "fit(X, y, offset=-1e300 in one row)",
  lambda: fit(X2, YB, offset=with_entry(OFF, 0, -1e300)), "refuse", ("offset",))
C("fit offset short", "fit(..., offset=o[:-1])", lambda: fit(X2, YP, "poisson", offset=OFF[:-1]),
  "refuse", ("offset",))
C("fit offset 2-D", "fit(..., offset=o[:, None])", lambda: fit(X2, YP, "poisson", offset=OFF[:, None]),
  "refuse", ("offset",))
C("fit offset scalar", "fit(..., offset=0.5)", lambda: fit(X2, YP, "poisson", offset=0.5), "refuse/valid",
  ("offset",), check=like_glm(X2, YP, "poisson", offset=np.full(N, 0.5)))
C("fit offset complex", "fit(..., offset=o + 1e-3j)", lambda: fit(X2, YP, "poisson", offset=cplx(OFF)),
  "refuse", CPLX_KW)
C("fit offset Series misaligned", "fit(Xdf, y, 'poisson', offset=pd.Series(o)[::-1])",
  lambda: fit(XDF, YP, "poisson", offset=pd.Series(OFF, index=XDF.index)[::-1]), "refuse/valid",
  INDEX_KW, check=like_glm(X2, YP, "poisson", offset=OFF))

topic("family/link")
C("fit family unknown", "fit(X, y, 'logistic')", lambda: fit(X2, YB, "logistic"), "refuse", ("family",))
C("fit family None", "fit(X, y, None)", lambda: fit(X2, YB, None), "refuse", ("family",))
C("fit family object", "fit(X, y, sm.families.Binomial())", lambda: fit(X2, YB, sm.families.Binomial()),
  "refuse", ("family",))
C("fit family uppercase", "fit(X, y, 'Binomial')", lambda: fit(X2, YB, "Binomial"), "valid",
  check=like_glm(X2, YB))
C("fit link unknown", "fit(X, y, link='logitt')", lambda: fit(X2, YB, link="logitt"), "refuse", ("link",))
C("fit link wrong family", "fit(X, y, 'binomial', 'log')", lambda: fit(X2, YB, "binomial", "log"),
  "refuse", ("link",))
C("fit gamma inverse link", "fit(X, y, 'gamma', 'inverse_power')", lambda: fit(X2, YG, "gamma", "inverse_power"),
  "refuse", ("link",))
C("fit link empty string", "fit(X, y, 'poisson', '')", lambda: fit(X2, YP, "poisson", ""), "refuse",
  ("link",), should="refuse link='' (now silently the default link)")
C("fit probit", "fit(X, y, link='probit')", lambda: fit(X2, YB, link="probit"), "valid",
  check=like_glm(X2, YB, link="probit", bse=False))
C("fit cloglog", "fit(X, y, link='cloglog')", lambda: fit(X2, YB, link="cloglog"), "valid",
  check=like_glm(X2, YB, link="cloglog", bse=False))
C("fit poisson", "fit(X, y, 'poisson')", lambda: fit(X2, YP, "poisson"), "valid",
  check=like_glm(X2, YP, "poisson"))
C("fit gamma", "fit(X, y, 'gamma')", lambda: fit(X2, YG, "gamma"), "valid",
  check=like_glm(X2, YG, "gamma", bse=False, scale=True))
C("fit gaussian", "fit(X, y, 'gaussian')", lambda: fit(X2, YN, "gaussian"), "valid",
  check=like_glm(X2, YN, "gaussian", scale=True))

topic("tol/max_iter")
C("fit tol 0", "fit(X, y, tol=0)", lambda: fit(X2, YB, tol=0), "refuse", ("tol",))
C("fit tol negative", "fit(X, y, tol=-1e-8)", lambda: fit(X2, YB, tol=-1e-8), "refuse", ("tol",))
C("fit tol string", "fit(X, y, tol='1e-8')", lambda: fit(X2, YB, tol="1e-8"), "refuse", ("tol",))
C("fit tol NaN", "fit(X, y, tol=nan)", lambda: fit(X2, YB, tol=np.nan), "refuse", ("tol",))
C("fit tol bool", "fit(X, y, tol=True)", lambda: fit(X2, YB, tol=True), "refuse", ("tol",))
C("fit tol float32", "fit(X, y, tol=np.float32(1e-8))", lambda: fit(X2, YB, tol=np.float32(1e-8)),
  "valid", check=like_glm(X2, YB))
C("fit tol huge", "fit(X, y, tol=10.0)", lambda: fit(X2, YB, tol=10.0), "valid/warn",
  ("tol",), check=lambda r: is_glm(r))
C("fit max_iter 0", "fit(X, y, max_iter=0)", lambda: fit(X2, YB, max_iter=0), "refuse", ("max_iter",))
C("fit max_iter float", "fit(X, y, max_iter=2.5)", lambda: fit(X2, YB, max_iter=2.5), "refuse", ("max_iter",))
C("fit max_iter string", "fit(X, y, max_iter='10')", lambda: fit(X2, YB, max_iter="10"), "refuse",
  ("max_iter",))
C("fit max_iter bool", "fit(X, y, max_iter=True)", lambda: fit(X2, YB, max_iter=True), "refuse",
  ("max_iter",))
C("fit max_iter numpy int", "fit(X, y, max_iter=np.int64(50))", lambda: fit(X2, YB, max_iter=np.int64(50)),
  "valid", check=like_glm(X2, YB))
C("fit max_iter 1", "fit(X, y, max_iter=1)", lambda: fit(X2, YB, max_iter=1), "refuse",
  ("converge", "max_iter"))

topic("model argument")
C("fit model string", "fit(X, y, model='str')", lambda: fit(X2, YB, model="str"), "refuse", ("model",),
  should="refuse naming model (now AttributeError 'trainable_weights')")
C("fit model int", "fit(X, y, model=3)", lambda: fit(X2, YB, model=3), "refuse", ("model",))
C("fit model wrong inputs", "fit(X, y, model=build_model(3))", lambda: fit(X2, YB, model=keras_glm.build_model(3)),
  "refuse", ("inputs", "columns"))
C("fit model wrong units", "fit(X, y, model=build_model(2, 'multinomial', n_classes=3))",
  lambda: fit(X2, YB, model=keras_glm.build_model(2, "multinomial", n_classes=3)), "refuse",
  ("output units", "units"))
C("fit model mlp network", "fit(X, y, model=mlp.build(2, 3))", lambda: fit(X2, YB, model=mlp.build(2, 3)),
  "refuse", ("dense", "layer"))
C("fit model NaN weights", "fit(X, y, model=build_model(2) with NaN kernel)",
  lambda: fit(X2, YB, model=_model_with(np.full((2, 1), np.nan), [0.0])), "refuse",
  ("nan", "model", "start"),
  should="refuse naming the model's NaN weights (now 'Newton's method did not converge')")
C("fit model huge weights", "fit(X, y, model=build_model(2) with kernel 1e3)",
  lambda: fit(X2, YB, model=_model_with(np.full((2, 1), 1e3), [0.0])), "valid/refuse",
  ("model", "start", "weights"), check=like_glm(X2, YB))
C("fit model valid start", "fit(X, y, model=build_model(2) with kernel 0.5)",
  lambda: fit(X2, YB, model=_model_with(np.full((2, 1), 0.5), [0.1])), "valid", check=like_glm(X2, YB))
C("fit model float32", "fit(X, y, model=float32 Dense(1, sigmoid))",
  lambda: fit(X2, YB, model=keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])),
  "valid", check=like_glm(X2, YB))
C("fit model wrong activation", "fit(X, y, 'poisson', model=build_model(2) (sigmoid))",
  lambda: fit(X2, YP, "poisson", model=keras_glm.build_model(2)), "valid/refuse",
  ("activation",), check=like_glm(X2, YP, "poisson"))


# ======================================================================================
section("GLMResult")
# ======================================================================================
topic("conf_int")
C("conf_int default", "R.conf_int()", lambda: R_BIN().conf_int(), "valid",
  check=equals(lambda: sm_glm(X2, YB).conf_int(), rtol=1e-5))
C("conf_int labelled", "Rdf.conf_int(0.1)", lambda: R_DF().conf_int(0.1), "valid",
  check=equals(lambda: sm_glm(X2, YB).conf_int(0.1), rtol=1e-5))
C("conf_int alpha 0", "R.conf_int(alpha=0)", lambda: R_BIN().conf_int(alpha=0), "refuse", ("alpha",))
C("conf_int alpha 1", "R.conf_int(alpha=1)", lambda: R_BIN().conf_int(alpha=1), "refuse", ("alpha",))
C("conf_int alpha negative", "R.conf_int(alpha=-0.1)", lambda: R_BIN().conf_int(alpha=-0.1), "refuse",
  ("alpha",))
C("conf_int alpha string", "R.conf_int(alpha='abc')", lambda: R_BIN().conf_int(alpha="abc"), "refuse",
  ("alpha",), should="refuse naming alpha (now ValueError from float())")
C("conf_int alpha None", "R.conf_int(alpha=None)", lambda: R_BIN().conf_int(alpha=None), "refuse",
  ("alpha",))
C("conf_int alpha NaN", "R.conf_int(alpha=nan)", lambda: R_BIN().conf_int(alpha=np.nan), "refuse",
  ("alpha",))
C("conf_int alpha array", "R.conf_int(alpha=[0.05, 0.1])", lambda: R_BIN().conf_int(alpha=[0.05, 0.1]),
  "refuse", ("alpha",))
C("conf_int alpha complex", "R.conf_int(alpha=0.05+0j)", lambda: R_BIN().conf_int(alpha=0.05 + 0j),
  "refuse", ("alpha",))
C("conf_int alpha bool", "R.conf_int(alpha=True)", lambda: R_BIN().conf_int(alpha=True), "refuse",
  ("alpha",))
C("conf_int multinomial", "Rmn.conf_int()", lambda: R_MN().conf_int(), "valid",
  check=lambda ci: compare(np.asarray(ci), np.asarray(sm_mnlogit(X2, YM).conf_int()).reshape(-1, 2),
                           1e-5, what="intervals"))

topic("summary")
C("summary default", "str(R.summary())", lambda: str(R_DF().summary()), "valid",
  check=is_str_with("coef", "const", "a", "b"))
C("summary yname None", "R.summary(yname=None)", lambda: str(R_DF().summary(yname=None)), "valid",
  check=is_str_with("coef"), should="accept yname=None (statsmodels' default; now fails inside statsmodels)")
C("summary yname int", "R.summary(yname=5)", lambda: str(R_DF().summary(yname=5)), "valid/refuse",
  ("yname",), check=is_str_with("coef"))
C("summary alpha 2", "R.summary(alpha=2)", lambda: R_DF().summary(alpha=2), "refuse", ("alpha",))
C("summary alpha string", "R.summary(alpha='x')", lambda: R_DF().summary(alpha="x"), "refuse", ("alpha",))
C("summary multinomial", "str(Rmn.summary())", lambda: str(R_MN().summary()), "valid",
  check=is_str_with("y=1", "y=2"),
  should="label each coefficient table with its class (y=1, y=2) as MNLogit's summary does; now "
         "two unlabelled tables")
C("summary yname shown", "str(R.summary(yname='admit'))", lambda: str(R_DF().summary(yname="admit")), "valid",
  check=is_str_with("admit"), should="show yname (the dependent variable) as statsmodels does; now ignored")

topic("predict")
C("predict fitted", "R.predict()", lambda: R_BIN().predict(), "valid",
  check=equals(lambda: sm_glm(X2, YB).fittedvalues, rtol=1e-7))
C("predict new X", "R.predict(X[:5] * 2)", lambda: R_BIN().predict(X2[:5] * 2), "valid",
  check=equals(lambda: sm_glm(X2, YB).predict(design(X2[:5] * 2)), rtol=1e-7))
C("predict wrong columns", "R.predict(X[:, :1])", lambda: R_BIN().predict(X2[:, :1]), "refuse",
  ("columns",))
C("predict NaN X", "R.predict(X with NaN)", lambda: R_BIN().predict(with_entry(X2, (0, 0), np.nan)),
  "refuse", NAN_KW)
C("predict 1-D X", "R.predict(X[0])", lambda: R_BIN().predict(X2[0]), "refuse", SHAPE_2D + ("columns",))
C("predict empty X", "R.predict(np.empty((0, 2)))", lambda: R_BIN().predict(np.empty((0, 2))),
  "valid/refuse", ("row", "empty"), check=truthy(lambda p: np.asarray(p).shape == (0,), "empty prediction"))
C("predict offset without X", "R.predict(offset=o)", lambda: R_POI().predict(offset=OFF), "refuse",
  ("need x", "without x"))
C("predict exposure", "Rexpo.predict(X[:5], exposure=e[:5])",
  lambda: R_POI_EXPO().predict(X2[:5], exposure=EXPO[:5]), "valid",
  check=equals(lambda: sm_glm(X2, YP, "poisson", exposure=EXPO).predict(design(X2[:5]), exposure=EXPO[:5]),
               rtol=1e-7))
C("predict exposure negative", "Rexpo.predict(X[:5], exposure=-e[:5])",
  lambda: R_POI_EXPO().predict(X2[:5], exposure=-EXPO[:5]), "refuse", ("exposure",))
C("predict offset short", "R.predict(X[:5], offset=o[:4])", lambda: R_POI().predict(X2[:5], offset=OFF[:4]),
  "refuse", ("offset",))
C("predict offset on model fitted without", "Rpoi.predict(X[:5], offset=o[:5])",
  lambda: R_POI().predict(X2[:5], offset=OFF[:5]), "valid",
  check=equals(lambda: np.exp(design(X2[:5]) @ sm_glm(X2, YP, "poisson").params + OFF[:5]), rtol=1e-7))
C("predict DataFrame reordered columns", "Rdf.predict(Xdf[['b', 'a']])",
  lambda: R_DF().predict(XDF[["b", "a"]]), "valid/refuse", ("column", "order", "name"),
  check=equals(lambda: R_DF().predict(XDF), rtol=1e-12),
  should="use the columns by name (or refuse the mismatch); now multiplies b by a's weight")
C("predict complex X", "R.predict(X + 1e-3j)", lambda: R_BIN().predict(cplx(X2)), "refuse", CPLX_KW)
C("predict multinomial", "Rmn.predict(Xdf[:5])", lambda: R_MN().predict(XDF[:5]), "valid",
  check=equals(lambda: sm_mnlogit(X2, YM).predict(design(X2[:5])), rtol=1e-6))

topic("statistics")
C("llf poisson", "Rpoi.llf", lambda: R_POI().llf, "valid", check=equals(lambda: sm_glm(X2, YP, "poisson").llf, 1e-9))
C("llf gaussian + scale", "(Rgau.llf, Rgau.scale)", lambda: (R_GAU().llf, R_GAU().scale), "valid",
  check=lambda v: compare(v, (sm_glm(X2, YN, "gaussian").llf, sm_glm(X2, YN, "gaussian").scale), 1e-8))
C("pvalues labelled", "Rdf.pvalues", lambda: R_DF().pvalues, "valid",
  check=lambda p: all_ok(compare(np.asarray(p), sm_glm(X2, YB).pvalues, 1e-5),
                         truthy(lambda p: list(p.index) == ["const", "a", "b"], "labelled")(p)))
C("df_resid freq_weights", "fit(X, y, freq_weights=w).df_resid",
  lambda: fit(X2, YB, freq_weights=FW).df_resid, "valid",
  check=equals(lambda: sm_glm(X2, YB, freq_weights=FW).df_resid))
C("model output", "R.model(X) vs R.predict(X)", lambda: np.asarray(R_BIN().model(X2[:5]))[:, 0], "valid",
  check=equals(lambda: R_BIN().predict(X2[:5]), rtol=1e-12))
C("repr", "repr(R)", lambda: repr(R_BIN()), "valid", check=is_str_with("GLMResult", "binomial"))

# ======================================================================================
section("keras_glm.build_model/model_params")
# ======================================================================================
topic("build_model")
bm = keras_glm.build_model
C("build_model n_inputs -1", "build_model(-1)", lambda: bm(-1), "refuse", ("n_inputs",))
C("build_model n_inputs float", "build_model(2.5)", lambda: bm(2.5), "refuse", ("n_inputs",))
C("build_model n_inputs string", "build_model('3')", lambda: bm("3"), "refuse", ("n_inputs",))
C("build_model n_inputs bool", "build_model(True)", lambda: bm(True), "refuse", ("n_inputs",))
C("build_model n_inputs None", "build_model(None)", lambda: bm(None), "refuse", ("n_inputs",))
C("build_model numpy int", "build_model(np.int64(2))", lambda: bm(np.int64(2)), "valid",
  check=truthy(lambda m: tuple(m.trainable_weights[0].shape) == (2, 1), "kernel (2, 1)"))
C("build_model zero inputs", "build_model(0)", lambda: bm(0), "valid",
  check=truthy(lambda m: tuple(m.trainable_weights[0].shape) == (0, 1), "kernel (0, 1)"))
C("build_model bad family", "build_model(2, 'foo')", lambda: bm(2, "foo"), "refuse", ("family",))
C("build_model multinomial no n_classes", "build_model(2, 'multinomial')", lambda: bm(2, "multinomial"),
  "refuse", ("n_classes",))
C("build_model n_classes 1", "build_model(2, 'multinomial', n_classes=1)",
  lambda: bm(2, "multinomial", n_classes=1), "refuse", ("n_classes",))
C("build_model n_classes float", "build_model(2, 'multinomial', n_classes=2.5)",
  lambda: bm(2, "multinomial", n_classes=2.5), "refuse", ("n_classes",))
C("build_model n_classes numpy", "build_model(2, 'multinomial', n_classes=np.int64(3))",
  lambda: bm(2, "multinomial", n_classes=np.int64(3)), "valid",
  check=truthy(lambda m: tuple(m.trainable_weights[0].shape) == (2, 3), "kernel (2, 3)"))
C("build_model n_classes binomial", "build_model(2, n_classes=3)", lambda: bm(2, n_classes=3), "refuse",
  ("n_classes",))
C("build_model offset multinomial", "build_model(2, 'multinomial', n_classes=3, offset=True)",
  lambda: bm(2, "multinomial", n_classes=3, offset=True), "refuse", ("offset",))
C("build_model offset", "build_model(2, 'poisson', offset=True)", lambda: bm(2, "poisson", offset=True),
  "valid", check=truthy(lambda m: len(m.inputs) == 2, "two inputs"))
C("build_model offset string", "build_model(2, 'poisson', offset='no')",
  lambda: bm(2, "poisson", offset="no"), "refuse", ("offset",),
  should="refuse a non-bool offset flag (now 'no' is truthy: an offset input is added)")

topic("model_params")
C("model_params string", "model_params('str')", lambda: keras_glm.model_params("str"), "refuse",
  ("model",), should="refuse naming the argument (now AttributeError)")
C("model_params None", "model_params(None)", lambda: keras_glm.model_params(None), "refuse", ("model",))
C("model_params mlp", "model_params(mlp.build(2, 3))", lambda: keras_glm.model_params(mlp.build(2, 3)),
  "refuse", ("dense", "layer"))
C("model_params no bias", "model_params(Dense(1, use_bias=False))",
  lambda: keras_glm.model_params(keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, use_bias=False)])),
  "refuse", ("bias",))
C("model_params binomial", "model_params(build_model(2))", lambda: keras_glm.model_params(bm(2)), "valid",
  check=equals(np.zeros(3)))
C("model_params multinomial", "model_params(build_model(2, 'multinomial', n_classes=3))",
  lambda: keras_glm.model_params(bm(2, "multinomial", n_classes=3)), "valid", check=equals(np.zeros((3, 2))))
C("model_params offset model", "model_params(build_model(2, 'poisson', offset=True))",
  lambda: keras_glm.model_params(bm(2, "poisson", offset=True)), "valid", check=equals(np.zeros(3)))
C("model_params fitted", "model_params(R.model) == R.params", lambda: keras_glm.model_params(R_BIN().model),
  "valid", check=equals(lambda: R_BIN().params, rtol=1e-12))

# ======================================================================================
section("families")
# ======================================================================================
topic("get")
C("get binomial", "families.get('binomial')", lambda: families.get("binomial"), "valid",
  check=truthy(lambda r: (r.family, r.link) == ("binomial", "logit"), "binomial/logit"))
C("get uppercase", "families.get('POISSON', 'LOG')", lambda: families.get("POISSON", "LOG"), "valid",
  check=truthy(lambda r: (r.family, r.link) == ("poisson", "log"), "poisson/log"))
C("get gamma default", "families.get('gamma')", lambda: families.get("gamma"), "valid",
  check=truthy(lambda r: (r.family, r.link) == ("gamma", "log"), "gamma/log"))
C("get unknown family", "families.get('foo')", lambda: families.get("foo"), "refuse", ("family",))
C("get None", "families.get(None)", lambda: families.get(None), "refuse", ("family",))
C("get int", "families.get(3)", lambda: families.get(3), "refuse", ("family",))
C("get empty", "families.get('')", lambda: families.get(""), "refuse", ("family",))
C("get link int", "families.get('binomial', 5)", lambda: families.get("binomial", 5), "refuse", ("link",))
C("get bad pair", "families.get('gaussian', 'log')", lambda: families.get("gaussian", "log"), "refuse",
  ("link",))
C("get link empty", "families.get('binomial', '')", lambda: families.get("binomial", ""), "refuse",
  ("link",), should="refuse link='' (now silently the canonical link)")
C("get whitespace", "families.get(' binomial ')", lambda: families.get(" binomial "), "refuse/valid",
  ("family",), check=truthy(lambda r: r.family == "binomial", "binomial"))

topic("loglike")
C("loglike poisson", "loglike(get('poisson'), R.loss, y, ones, 1.0)",
  lambda: families.loglike(families.get("poisson"), R_POI().loss, YP, np.ones(N), 1.0), "valid",
  check=equals(lambda: sm_glm(X2, YP, "poisson").llf, 1e-9))
C("loglike gamma scale 0", "loglike(get('gamma'), 1.0, y, ones, 0.0)",
  lambda: families.loglike(families.get("gamma"), 1.0, YG, np.ones(N), 0.0), "refuse", ("scale",),
  should="refuse scale 0 (now ZeroDivisionError)")
C("loglike gamma scale negative", "loglike(get('gamma'), 1.0, y, ones, -1.0)",
  lambda: families.loglike(families.get("gamma"), 1.0, YG, np.ones(N), -1.0), "refuse", ("scale",))
C("loglike row string", "loglike('poisson', 1.0, y, ones, 1.0)",
  lambda: families.loglike("poisson", 1.0, YP, np.ones(N), 1.0), "refuse", ("row", "familylink", "family"))
C("loglike weights length", "loglike(get('poisson'), 1.0, y, ones(3), 1.0)",
  lambda: families.loglike(families.get("poisson"), 1.0, YP, np.ones(3), 1.0), "refuse",
  ("length", "same", "w"))
C("loglike NaN loss", "loglike(get('binomial'), nan, y, ones, 1.0)",
  lambda: families.loglike(families.get("binomial"), np.nan, YB, np.ones(N), 1.0), "refuse", NAN_KW)
C("loglike gaussian zero loss", "loglike(get('gaussian'), 0.0, y, ones, 1.0)",
  lambda: families.loglike(families.get("gaussian"), 0.0, YN, np.ones(N), 1.0), "refuse/warn",
  ("loss", "zero", "perfect"), should="refuse or warn: sigma^2 = 0 gives llf = +inf")

topic("activations")
C("normal_cdf values", "normal_cdf(np.array([-40., 0., 8.]))",
  lambda: np.asarray(families.normal_cdf(np.array([-40.0, 0.0, 8.0]))), "valid",
  check=equals(stats.norm.cdf([-40.0, 0.0, 8.0]), rtol=1e-6, atol=1e-300))
C("inverse_cloglog values", "inverse_cloglog(np.array([-800., 0., 3.]))",
  lambda: np.asarray(families.inverse_cloglog(np.array([-800.0, 0.0, 3.0]))), "valid",
  check=equals(-np.expm1(-np.exp([-800.0, 0.0, 3.0])), rtol=1e-12))
C("normal_cdf string", "normal_cdf('abc')", lambda: families.normal_cdf("abc"), "refuse", NUM_KW + ("z",))
C("check_y binomial row", "TABLE[('binomial','logit')].check_y([0, 1, 2])",
  lambda: families.TABLE[("binomial", "logit")].check_y([0, 1, 2]), "refuse", ("0 and 1",))

# ======================================================================================
section("separation")
# ======================================================================================
topic("valid")
C("is_separable toy", "is_separable(*blog_toy())", lambda: separation.is_separable(XTOY, YTOY), "valid",
  check=equals(True))
C("is_separable overlap", "is_separable(X, y)", lambda: separation.is_separable(X2, YB), "valid",
  check=equals(False))
C("is_separable quasi", "is_separable(Xqs, yqs)", lambda: separation.is_separable(XQS, YQS), "valid",
  check=equals(False))
C("separation_kind quasi", "separation_kind(Xqs, yqs)", lambda: separation.separation_kind(XQS, YQS),
  "valid", check=truthy(lambda k: k == "quasi-complete", "'quasi-complete'"))
C("separation_kind complete", "separation_kind(Xsep, ysep)", lambda: separation.separation_kind(XSEP, YSEP),
  "valid", check=truthy(lambda k: k == "complete", "'complete'"))
C("separation_kind overlap", "separation_kind(X, y)", lambda: separation.separation_kind(X2, YB), "valid",
  check=truthy(lambda k: k == "overlap", "'overlap'"))
C("separation_kind quasi40", "separation_kind(X_qs40, y_qs40)",
  lambda: separation.separation_kind(X_QS40, YQS40), "valid",
  check=truthy(lambda k: k == "quasi-complete", "'quasi-complete'"))
C("mle_exists overlap", "mle_exists(X, y)", lambda: separation.mle_exists(X2, YB), "valid", check=equals(True))
C("mle_exists quasi", "mle_exists(Xqs, yqs)", lambda: separation.mle_exists(XQS, YQS), "valid",
  check=equals(False))
C("separation_kind aliased columns", "separation_kind([x1, x1], y)",
  lambda: separation.separation_kind(np.column_stack([X2[:, 0], X2[:, 0]]), YB), "valid",
  check=truthy(lambda k: k == "overlap", "'overlap'"))
C("separation_kind all ones", "separation_kind(X, ones)", lambda: separation.separation_kind(X2, np.ones(N)),
  "valid", check=truthy(lambda k: k == "complete", "'complete'"))
C("separation_kind bool y", "separation_kind(Xsep, ysep.astype(bool))",
  lambda: separation.separation_kind(XSEP, YSEP.astype(bool)), "valid",
  check=truthy(lambda k: k == "complete", "'complete'"))
C("separation_kind no columns", "separation_kind(np.empty((4, 0)), [0, 0, 1, 1])",
  lambda: separation.separation_kind(np.empty((4, 0)), [0.0, 0.0, 1.0, 1.0]), "valid/refuse",
  ("column",), check=truthy(lambda k: k == "overlap", "'overlap'"))
C("separation_kind no columns one class", "separation_kind(np.empty((4, 0)), zeros)",
  lambda: separation.separation_kind(np.empty((4, 0)), np.zeros(4)), "valid/refuse",
  ("column",), check=truthy(lambda k: k == "complete", "'complete'"))

topic("scales")
C("is_separable x 1e300", "is_separable(Xsep * 1e300, ysep)",
  lambda: separation.is_separable(XSEP * 1e300, YSEP), "valid", check=equals(True))
C("is_separable x 1e-200", "is_separable(Xsep * 1e-200, ysep)",
  lambda: separation.is_separable(XSEP * 1e-200, YSEP), "valid", check=equals(True))
C("is_separable overlap x 1e-200", "is_separable(X * 1e-200, y)",
  lambda: separation.is_separable(X2 * 1e-200, YB), "valid", check=equals(False))
C("separation_kind quasi x 1e300", "separation_kind(Xqs * 1e300, yqs)",
  lambda: separation.separation_kind(XQS * 1e300, YQS), "valid",
  check=truthy(lambda k: k == "quasi-complete", "'quasi-complete'"))
C("separation_kind quasi shifted 1e8", "separation_kind(Xqs + 1e8, yqs) (e.g. timestamps)",
  lambda: separation.separation_kind(XQS + 1e8, YQS), "valid",
  check=truthy(lambda k: k == "quasi-complete", "'quasi-complete'"))
C("separation_kind mixed scales", "separation_kind([x1 * 1e-200, x2 * 1e200], y)",
  lambda: separation.separation_kind(X2 * np.array([1e-200, 1e200]), YB), "valid",
  check=truthy(lambda k: k == "overlap", "'overlap'"))
C("is_separable sep x 1e-200 col", "is_separable([xsep * 1e-200, noise], ysep)",
  lambda: separation.is_separable(np.column_stack([XSEP[:, 0] * 1e-200, [0.3, -0.1, 0.2, 0.5, -0.4, 0.1]]), YSEP),
  "valid", check=equals(True))

topic("max_margin_params")
C("max_margin toy", "max_margin_params(*blog_toy())", lambda: separation.max_margin_params(XTOY, YTOY),
  "valid", check=equals(np.array([1.0, -2.0, 0.0]), rtol=1e-6, atol=1e-6))
C("max_margin overlap", "max_margin_params(X, y)", lambda: separation.max_margin_params(X2, YB), "refuse",
  ("not completely separated",))
C("max_margin quasi", "max_margin_params(Xqs, yqs)", lambda: separation.max_margin_params(XQS, YQS), "refuse",
  ("not completely separated", "quasi"))
C("max_margin x 1e300", "max_margin_params(Xsep * 1e300, ysep)",
  lambda: separation.max_margin_params(XSEP * 1e300, YSEP), "valid/refuse", SCALE_KW,
  check=lambda t: _margin_ok(t, XSEP * 1e300, YSEP))
C("max_margin x 1e-200", "max_margin_params(Xsep * 1e-200, ysep)",
  lambda: separation.max_margin_params(XSEP * 1e-200, YSEP), "valid/refuse", SMALL_KW,
  check=lambda t: _margin_ok(t, XSEP * 1e-200, YSEP))
C("max_margin y Series misaligned", "max_margin_params(Xdf_toy, pd.Series(y)[::-1])",
  lambda: separation.max_margin_params(pd.DataFrame(XTOY), pd.Series(YTOY)[::-1]), "refuse/valid",
  INDEX_KW, check=equals(np.array([1.0, -2.0, 0.0]), rtol=1e-6, atol=1e-6))


topic("bad input")
C("separating_params labels 0/2", "separating_params(X, 2 y)", lambda: separation.separating_params(X2, 2 * YB),
  "refuse", ("0 and 1",))
C("separating_params NaN", "separating_params(X with NaN, y)",
  lambda: separation.separating_params(with_entry(X2, (0, 0), np.nan), YB), "refuse", NAN_KW)
C("separating_params length", "separating_params(X, y[:-1])", lambda: separation.separating_params(X2, YB[:-1]),
  "refuse", LEN_KW)
C("separating_params 1-D X", "separating_params(x1, y)", lambda: separation.separating_params(X2[:, 0], YB),
  "refuse", SHAPE_2D)
C("separating_params empty", "separating_params(np.empty((0, 2)), [])",
  lambda: separation.separating_params(np.empty((0, 2)), []), "refuse", ("row", "empty"))
C("separating_params complex", "separating_params(X + 1e-3j, y)",
  lambda: separation.separating_params(cplx(X2), YB), "refuse", CPLX_KW)
C("separating_params strings", "separating_params(str array, y)",
  lambda: separation.separating_params(np.where(X2 > 0, "p", "q"), YB), "refuse", NUM_KW)
C("is_separable y Series misaligned", "is_separable(Xdf, pd.Series(y) (index 0..39 vs 100..139))",
  lambda: separation.is_separable(XDF, pd.Series(YB)), "refuse", INDEX_KW)
C("is_separable inf", "is_separable(X with inf, y)",
  lambda: separation.is_separable(with_entry(X2, (0, 0), np.inf), YB), "refuse", NAN_KW)
C("separation_kind entry 1e308", "separation_kind(Xsep with 1.7e308, ysep)",
  lambda: separation.separation_kind(with_entry(XSEP, (5, 0), 1.7e308), YSEP), "valid/refuse", SCALE_KW,
  check=truthy(lambda k: k == "complete", "'complete'"),
  should="'complete' (still separated at x = 2.5), or refuse the huge value; dividing by the largest "
         "entry makes the others subnormal")
C("mle_exists labels -1/1", "mle_exists(X, 2 y - 1)", lambda: separation.mle_exists(X2, 2 * YB - 1), "refuse",
  ("0 and 1",))

# ======================================================================================
section("optim")
# ======================================================================================
THETA = np.array([0.2, 0.5, -0.4])


topic("objective functions")
C("nll valid", "negative_log_likelihood(theta, X, y)", lambda: optim.negative_log_likelihood(THETA, X2, YB),
  "valid", check=equals(_nll_ref(THETA, X2, YB), rtol=1e-12))
C("nll theta short", "negative_log_likelihood(theta[:2], X, y)",
  lambda: optim.negative_log_likelihood(THETA[:2], X2, YB), "refuse", ("theta",))
C("nll theta NaN", "negative_log_likelihood([nan, 0, 0], X, y)",
  lambda: optim.negative_log_likelihood([np.nan, 0, 0], X2, YB), "refuse", NAN_KW)
C("nll theta 2-D", "negative_log_likelihood(theta[:, None], X, y)",
  lambda: optim.negative_log_likelihood(THETA[:, None], X2, YB), "refuse", ("theta",))
C("nll theta scalar", "negative_log_likelihood(0.5, X, y)", lambda: optim.negative_log_likelihood(0.5, X2, YB),
  "refuse", ("theta",))
C("nll theta string", "negative_log_likelihood('abc', X, y)",
  lambda: optim.negative_log_likelihood("abc", X2, YB), "refuse", ("theta",))
C("nll huge margins", "negative_log_likelihood([0, 800, 0], Xsep - 2.5, ysep)",
  lambda: optim.negative_log_likelihood([0.0, 800.0], XSEP - 2.5, YSEP), "valid",
  check=equals(float(np.sum(np.log1p(np.exp(-800.0 * np.abs(XSEP[:, 0] - 2.5))))), rtol=1e-12, atol=0))
C("squared_error valid", "squared_error(theta, X, y)", lambda: optim.squared_error(THETA, X2, YB), "valid",
  check=equals(float(np.sum((YB - special.expit(design(X2) @ THETA)) ** 2)), rtol=1e-12))
C("squared_error labels 0/2", "squared_error(theta, X, 2 y)", lambda: optim.squared_error(THETA, X2, 2 * YB),
  "refuse", ("0 and 1",))
C("gradient valid", "gradient(theta, X, y)", lambda: optim.gradient(THETA, X2, YB), "valid",
  check=equals(design(X2).T @ (YB - special.expit(design(X2) @ THETA)), rtol=1e-12))
C("gradient length mismatch", "gradient(theta, X, y[:-1])", lambda: optim.gradient(THETA, X2, YB[:-1]),
  "refuse", LEN_KW)
C("gradient complex theta", "gradient(theta + 1e-3j, X, y)", lambda: optim.gradient(cplx(THETA), X2, YB),
  "refuse", CPLX_KW)
C("hessian valid", "hessian(theta, X, y)", lambda: optim.hessian(THETA, X2, YB), "valid",
  check=equals(-(design(X2).T * (special.expit(design(X2) @ THETA) * (1 - special.expit(design(X2) @ THETA))))
               @ design(X2), rtol=1e-12))
C("hessian theta inf", "hessian([inf, 0, 0], X, y)", lambda: optim.hessian([np.inf, 0, 0], X2, YB), "refuse",
  NAN_KW)

topic("newton")
C("newton valid", "newton(X, y)", lambda: optim.newton(X2, YB), "valid",
  check=lambda r: compare(r.params, sm_glm(X2, YB).params, 1e-8, what="params"))
C("newton bool y", "newton(X, y.astype(bool))", lambda: optim.newton(X2, YB.astype(bool)), "valid",
  check=lambda r: compare(r.params, sm_glm(X2, YB).params, 1e-8, what="params"))
C("newton separated", "newton(X, 1[x1 > 0])", lambda: optim.newton(X2, YSEP40), "refuse", SEP_KW)
C("newton quasi-separated", "newton(X_qs40, y_qs40)", lambda: optim.newton(X_QS40, YQS40), "refuse", SEP_KW)
C("newton aliased", "newton([x1, x1], y)", lambda: optim.newton(np.column_stack([X2[:, 0], X2[:, 0]]), YB),
  "refuse", ALIAS_KW)
C("newton near-aliased 1e-9", "newton([x1, x2, x1 + 1e-9 noise], y)",
  lambda: optim.newton(np.column_stack([X2, X2[:, 0] + 1e-9 * NOISE]), YB), "refuse/warn", ALIAS_KW)
C("newton column x 1e-20", "newton(X with x1 * 1e-20, y)", lambda: optim.newton(scaled(X2, 0, 1e-20), YB),
  "valid", check=lambda r: compare(r.params * np.array([1, 1e-20, 1]), sm_glm(X2, YB).params, 1e-7,
                                    what="params (rescaled)"))
C("newton column x 1e15", "newton(X with x1 * 1e15, y)", lambda: optim.newton(scaled(X2, 0, 1e15), YB),
  "valid", check=lambda r: compare(r.params * np.array([1, 1e15, 1]), sm_glm(X2, YB).params, 1e-7,
                                    what="params (rescaled)"))
C("newton column x 1e-200", "newton(X with x1 * 1e-200, y)", lambda: optim.newton(scaled(X2, 0, 1e-200), YB),
  "valid/refuse", SMALL_KW,
  check=lambda r: compare(r.params * np.array([1, 1e-200, 1]), sm_glm(X2, YB).params, 1e-7,
                          what="params (rescaled)"))
C("newton entry 1e300", "newton(X with X[0,0] = 1e300, y)",
  lambda: optim.newton(with_entry(X2, (0, 0), 1e300), YB), "refuse", SCALE_KW,
  should="refuse naming the huge value (now LinAlgError from the rank check)")
C("newton tol 0", "newton(X, y, tol=0)", lambda: optim.newton(X2, YB, tol=0), "refuse", ("tol",))
C("newton tol string", "newton(X, y, tol='a')", lambda: optim.newton(X2, YB, tol="a"), "refuse", ("tol",))
C("newton max_iter 0", "newton(X, y, max_iter=0)", lambda: optim.newton(X2, YB, max_iter=0), "refuse",
  ("max_iter",))
C("newton max_iter float", "newton(X, y, max_iter=2.5)", lambda: optim.newton(X2, YB, max_iter=2.5), "refuse",
  ("max_iter",))
C("newton max_iter numpy", "newton(X, y, max_iter=np.int64(50))",
  lambda: optim.newton(X2, YB, max_iter=np.int64(50)), "valid",
  check=lambda r: compare(r.params, sm_glm(X2, YB).params, 1e-8, what="params"))
C("newton max_iter 1", "newton(X, y, max_iter=1)", lambda: optim.newton(X2, YB, max_iter=1), "valid",
  check=truthy(lambda r: r.converged is False and r.iterations == 1, "converged=False after 1 step"))
C("newton penalty negative", "newton(X, y, penalty=-1)", lambda: optim.newton(X2, YB, penalty=-1.0), "refuse",
  ("penalty",))
C("newton penalty NaN", "newton(X, y, penalty=nan)", lambda: optim.newton(X2, YB, penalty=np.nan), "refuse",
  ("penalty",))
C("newton penalty string", "newton(X, y, penalty='1')", lambda: optim.newton(X2, YB, penalty="1"), "refuse",
  ("penalty",))
C("newton penalty valid", "newton(X, y, penalty=2.0)", lambda: optim.newton(X2, YB, penalty=2.0), "valid",
  check=lambda r: compare(r.params, _ridge_ref(X2, YB, 2.0), 1e-6, what="params"))
C("newton penalty separated", "newton(X, 1[x1 > 0], penalty=1.0)",
  lambda: optim.newton(X2, YSEP40, penalty=1.0), "valid",
  check=lambda r: compare(r.params, _ridge_ref(X2, YSEP40, 1.0), 1e-6, what="params"))
C("newton penalty one class", "newton(X, ones, penalty=1.0)", lambda: optim.newton(X2, np.ones(N), penalty=1.0),
  "refuse", ("label", "class"))
C("newton penalty aliased", "newton([x1, x1], y, penalty=1.0)",
  lambda: optim.newton(np.column_stack([X2[:, 0], X2[:, 0]]), YB, penalty=1.0), "valid",
  check=lambda r: compare(r.params, _ridge_ref(np.column_stack([X2[:, 0], X2[:, 0]]), YB, 1.0), 1e-6,
                          what="params"))
C("newton init short", "newton(X, y, init=[0, 0])", lambda: optim.newton(X2, YB, init=[0.0, 0.0]), "refuse",
  ("init",))
C("newton init NaN", "newton(X, y, init=[nan, 0, 0])", lambda: optim.newton(X2, YB, init=[np.nan, 0, 0]),
  "refuse", NAN_KW)
C("newton init far", "newton(X, y, init=[8, 8, 8])", lambda: optim.newton(X2, YB, init=[8.0, 8.0, 8.0]),
  "valid/warn", ("converge", "diverg", "init"),
  check=lambda r: compare(r.params, sm_glm(X2, YB).params, 1e-8, what="params"),
  should="reach the optimum (step halving) or warn/refuse; an undamped Newton step from a far start "
         "can diverge")
C("newton complex X", "newton(X + 1e-3j, y)", lambda: optim.newton(cplx(X2), YB), "refuse", CPLX_KW)
C("newton y Series misaligned", "newton(Xdf, pd.Series(y) (index 0..39 vs 100..139))",
  lambda: optim.newton(XDF, pd.Series(YB)), "refuse", INDEX_KW)


topic("gradient_descent")
C("gd valid", "gradient_descent(X, y, 1.0, tol=1e-10)",
  lambda: optim.gradient_descent(X2, YB, 1.0, tol=1e-10), "valid",
  check=lambda r: compare(r.params, sm_glm(X2, YB).params, 1e-6, what="params"))
C("gd learning_rate 0", "gradient_descent(X, y, 0.0)", lambda: optim.gradient_descent(X2, YB, 0.0), "refuse",
  ("learning_rate",))
C("gd learning_rate negative", "gradient_descent(X, y, -0.1)", lambda: optim.gradient_descent(X2, YB, -0.1),
  "refuse", ("learning_rate",))
C("gd learning_rate string", "gradient_descent(X, y, '0.1')", lambda: optim.gradient_descent(X2, YB, "0.1"),
  "refuse", ("learning_rate",))
C("gd learning_rate NaN", "gradient_descent(X, y, nan)", lambda: optim.gradient_descent(X2, YB, np.nan),
  "refuse", ("learning_rate",))
C("gd learning_rate huge", "gradient_descent(X, y, 1e6, max_iter=200)",
  lambda: optim.gradient_descent(X2, YB, 1e6, max_iter=200), "valid/warn", ("learning_rate", "diverg"),
  check=truthy(lambda r: not r.converged, "converged=False"))
C("gd tol 0", "gradient_descent(X, y, 1.0, tol=0)", lambda: optim.gradient_descent(X2, YB, 1.0, tol=0),
  "refuse", ("tol",))
C("gd max_iter 0", "gradient_descent(X, y, 1.0, max_iter=0)",
  lambda: optim.gradient_descent(X2, YB, 1.0, max_iter=0), "refuse", ("max_iter",))
C("gd separated", "gradient_descent(X, 1[x1 > 0], 1.0)", lambda: optim.gradient_descent(X2, YSEP40, 1.0),
  "refuse", SEP_KW)
C("gd init wrong length", "gradient_descent(X, y, 1.0, init=[0])",
  lambda: optim.gradient_descent(X2, YB, 1.0, init=[0.0]), "refuse", ("init",))
C("gd column x 1e-20", "gradient_descent(X with x1 * 1e-20, y, 1.0, max_iter=50)",
  lambda: optim.gradient_descent(scaled(X2, 0, 1e-20), YB, 1.0, max_iter=50), "valid/warn",
  ("scale", "converge"), check=truthy(lambda r: not r.converged, "converged=False (50 steps)"))

# ======================================================================================
section("neuron")
# ======================================================================================
topic("logistic")
C("logistic 0", "logistic(0)", lambda: neuron.logistic(0), "valid", check=equals(0.5))
C("logistic inf", "logistic([inf, -inf])", lambda: neuron.logistic([np.inf, -np.inf]), "valid",
  check=equals([1.0, 0.0]))
C("logistic extremes", "logistic([-745, -1000, 40])", lambda: neuron.logistic([-745.0, -1000.0, 40.0]),
  "valid", check=equals([math.exp(-745.0), 0.0, 1 / (1 + math.exp(-40.0))], rtol=1e-12, atol=0))
C("logistic NaN", "logistic(nan)", lambda: neuron.logistic(np.nan), "refuse", ("nan",))
C("logistic string", "logistic('a')", lambda: neuron.logistic("a"), "refuse", NUM_KW)
C("logistic complex", "logistic(np.array([1+2j]))", lambda: neuron.logistic(np.array([1 + 2j])), "refuse",
  CPLX_KW, should="refuse complex z (now the imaginary part is dropped)")
C("logistic None", "logistic(None)", lambda: neuron.logistic(None), "refuse", ("none", "numeric"))
C("logistic empty", "logistic([])", lambda: neuron.logistic([]), "valid",
  check=truthy(lambda v: np.asarray(v).shape == (0,), "empty array"))
C("logistic bool", "logistic(True)", lambda: neuron.logistic(True), "valid/refuse", ("bool",),
  check=equals(special.expit(1.0)))

topic("forward")
C("forward valid", "forward(X, [0.5, -0.4], 0.2)", lambda: neuron.forward(X2, [0.5, -0.4], 0.2), "valid",
  check=equals(special.expit(0.2 + X2 @ [0.5, -0.4]), rtol=1e-12))
C("forward weights short", "forward(X, [0.5], 0.2)", lambda: neuron.forward(X2, [0.5], 0.2), "refuse",
  ("weights",))
C("forward weights 2-D", "forward(X, [[0.5, -0.4]], 0.2)", lambda: neuron.forward(X2, [[0.5, -0.4]], 0.2),
  "refuse", ("weights",))
C("forward bias NaN", "forward(X, w, nan)", lambda: neuron.forward(X2, [0.5, -0.4], np.nan), "refuse",
  ("bias",))
C("forward bias array", "forward(X, w, [1, 2])", lambda: neuron.forward(X2, [0.5, -0.4], [1.0, 2.0]), "refuse",
  ("bias",))
C("forward bias string", "forward(X, w, 'a')", lambda: neuron.forward(X2, [0.5, -0.4], "a"), "refuse",
  ("bias",))
C("forward bias None", "forward(X, w, None)", lambda: neuron.forward(X2, [0.5, -0.4], None), "refuse",
  ("none", "numeric"))
C("forward bias complex", "forward(X, w, 1+1j)", lambda: neuron.forward(X2, [0.5, -0.4], 1 + 1j), "refuse",
  CPLX_KW + ("bias",))
C("forward X 1-D", "forward(x1, [0.5], 0.2)", lambda: neuron.forward(X2[:, 0], [0.5], 0.2), "refuse",
  SHAPE_2D)
C("forward X complex", "forward(X + 1e-3j, w, 0.2)", lambda: neuron.forward(cplx(X2), [0.5, -0.4], 0.2),
  "refuse", CPLX_KW)
C("forward weights 1e300", "forward(X, [1e300, 1e300], 0)", lambda: neuron.forward(X2 * 1e10, [1e300, 1e300], 0.0),
  "refuse/warn", ("overflow", "large", "weights"),
  should="refuse or warn: X @ w overflows to +-inf and inf - inf gives NaN outputs")

topic("log_likelihood")
C("log_likelihood valid", "log_likelihood(X, y, w, b)", lambda: neuron.log_likelihood(X2, YB, [0.5, -0.4], 0.2),
  "valid", check=equals(-_nll_ref(np.array([0.2, 0.5, -0.4]), X2, YB), rtol=1e-12))
C("log_likelihood labels 2", "log_likelihood(X, 2 y, w, b)",
  lambda: neuron.log_likelihood(X2, 2 * YB, [0.5, -0.4], 0.2), "refuse", ("0 and 1",))
C("log_likelihood length", "log_likelihood(X, y[:-1], w, b)",
  lambda: neuron.log_likelihood(X2, YB[:-1], [0.5, -0.4], 0.2), "refuse", LEN_KW)
C("log_likelihood separated large", "log_likelihood(Xsep - 2.5, ysep, [30], 0)",
  lambda: neuron.log_likelihood(XSEP - 2.5, YSEP, [30.0], 0.0), "valid",
  check=equals(-float(np.sum(np.log1p(np.exp(-30.0 * np.abs(XSEP[:, 0] - 2.5))))), rtol=1e-12, atol=0))

topic("delta_rule")
C("delta_rule one epoch", "delta_rule(*blog_toy(), 0.5, 1, init=0.2)",
  lambda: neuron.delta_rule(XTOY, YTOY, 0.5, 1, init=0.2).params, "valid",
  check=equals(lambda: _online_ref(XTOY, YTOY, 0.5, 1, 0.2), rtol=1e-14))
C("delta_rule learning_rate 0", "delta_rule(X, y, 0, 10)", lambda: neuron.delta_rule(X2, YB, 0.0, 10), "refuse",
  ("learning_rate",))
C("delta_rule epochs 0", "delta_rule(X, y, 0.1, 0)", lambda: neuron.delta_rule(X2, YB, 0.1, 0), "refuse",
  ("epochs",))
C("delta_rule epochs float", "delta_rule(X, y, 0.1, 2.5)", lambda: neuron.delta_rule(X2, YB, 0.1, 2.5), "refuse",
  ("epochs",))
C("delta_rule epochs bool", "delta_rule(X, y, 0.1, True)", lambda: neuron.delta_rule(X2, YB, 0.1, True),
  "refuse", ("epochs",))
C("delta_rule epochs numpy", "delta_rule(X, y, 0.1, np.int64(3))",
  lambda: neuron.delta_rule(X2, YB, 0.1, np.int64(3)).params, "valid",
  check=equals(lambda: neuron.delta_rule(X2, YB, 0.1, 3).params, rtol=0, atol=0))
C("delta_rule mode bad", "delta_rule(X, y, 0.1, 3, mode='Batch')", lambda: neuron.delta_rule(X2, YB, 0.1, 3, mode="Batch"),
  "refuse", ("mode",))
C("delta_rule tol online", "delta_rule(X, y, 0.1, 3, tol=1e-6)", lambda: neuron.delta_rule(X2, YB, 0.1, 3, tol=1e-6),
  "refuse", ("tol",))
C("delta_rule tol 0 batch", "delta_rule(X, y, 0.1, 3, mode='batch', tol=0)",
  lambda: neuron.delta_rule(X2, YB, 0.1, 3, mode="batch", tol=0), "refuse", ("tol",))
C("delta_rule record 0", "delta_rule(X, y, 0.1, 3, record=[0])", lambda: neuron.delta_rule(X2, YB, 0.1, 3, record=[0]),
  "refuse", ("record",))
C("delta_rule record fraction", "delta_rule(X, y, 0.1, 3, record=[1.5])",
  lambda: neuron.delta_rule(X2, YB, 0.1, 3, record=[1.5]), "refuse", ("record",))
C("delta_rule record beyond", "delta_rule(X, y, 0.1, 3, record=[5])",
  lambda: neuron.delta_rule(X2, YB, 0.1, 3, record=[5]), "refuse", ("record",))
C("delta_rule record empty", "delta_rule(X, y, 0.1, 3, record=[])",
  lambda: neuron.delta_rule(X2, YB, 0.1, 3, record=[]), "refuse", ("record",))
C("delta_rule record scalar", "delta_rule(X, y, 0.1, 3, record=2)",
  lambda: neuron.delta_rule(X2, YB, 0.1, 3, record=2), "refuse/valid", ("record",),
  check=truthy(lambda r: list(r.history_epochs) == [2], "history at epoch 2"))
C("delta_rule init short", "delta_rule(X, y, 0.1, 3, init=[0, 0])",
  lambda: neuron.delta_rule(X2, YB, 0.1, 3, init=[0.0, 0.0]), "refuse", ("init",))
C("delta_rule init NaN", "delta_rule(X, y, 0.1, 3, init=nan)", lambda: neuron.delta_rule(X2, YB, 0.1, 3, init=np.nan),
  "refuse", ("init",))
C("delta_rule init string", "delta_rule(X, y, 0.1, 3, init='a')",
  lambda: neuron.delta_rule(X2, YB, 0.1, 3, init="a"), "refuse", ("init",))
C("delta_rule init numpy float", "delta_rule(X, y, 0.1, 3, init=np.float64(0.2))",
  lambda: neuron.delta_rule(X2, YB, 0.1, 3, init=np.float64(0.2)).params, "valid",
  check=equals(lambda: neuron.delta_rule(X2, YB, 0.1, 3, init=0.2).params, rtol=0, atol=0))
C("delta_rule X 1e300 online", "delta_rule(X * 1e300, y, 0.1, 5)",
  lambda: neuron.delta_rule(X2 * 1e300, YB, 0.1, 5), "refuse/warn", ("overflow", "large", "diverg", "scale"),
  should="refuse or warn: the online updates overflow and the parameters become NaN silently")
C("delta_rule learning_rate bool", "delta_rule(X, y, True, 3)", lambda: neuron.delta_rule(X2, YB, True, 3),
  "refuse", ("learning_rate",))
C("delta_rule labels 0/2", "delta_rule(X, 2 y, 0.1, 3)", lambda: neuron.delta_rule(X2, 2 * YB, 0.1, 3), "refuse",
  ("0 and 1",))
C("online_epoch valid", "online_epoch(0.2, [0.2, 0.2], rows, labels, 0.5)",
  lambda: neuron.online_epoch(0.2, [0.2, 0.2], XTOY.tolist(), YTOY.tolist(), 0.5), "valid",
  check=equals(lambda: _online_ref(XTOY, YTOY, 0.5, 1, 0.2)[0], rtol=1e-14))
C("online_epoch rows too wide", "online_epoch(0.2, [0.2], rows with 2 inputs, labels, 0.5)",
  lambda: neuron.online_epoch(0.2, [0.2], XTOY.tolist(), YTOY.tolist(), 0.5), "refuse", ("w", "rows", "length"),
  should="documented 'unchecked', but zip() silently drops the second input; check lengths "
         "(cheap) or make it private")
C("DeltaRuleResult params", "delta_rule(...).params", lambda: neuron.delta_rule(X2, YB, 0.1, 2).params, "valid",
  check=truthy(lambda p: np.asarray(p).shape == (3,), "shape (3,)"))


# ======================================================================================
section("mlp")
# ======================================================================================


topic("build")
C("build valid", "mlp.build(2, 3, seed=0)", lambda: mlp.build(2, 3, seed=0), "valid",
  check=truthy(lambda m: [tuple(v.shape) for v in m.weights] == [(2, 3), (3,), (3, 1), (1,)], "weight shapes"))
C("build seed numpy int", "mlp.build(2, 3, seed=np.int64(0))", lambda: mlp.Weights.from_model(mlp.build(2, 3, seed=np.int64(0))).flat(),
  "valid", check=equals(lambda: mlp.Weights.from_model(mlp.build(2, 3, seed=0)).flat(), rtol=0, atol=0),
  should="accept a numpy integer seed (now refused)")
C("build seed negative", "mlp.build(2, 3, seed=-1)", lambda: mlp.build(2, 3, seed=-1), "refuse", SEED_KW)
C("build seed float", "mlp.build(2, 3, seed=1.5)", lambda: mlp.build(2, 3, seed=1.5), "refuse", SEED_KW)
C("build seed string", "mlp.build(2, 3, seed='0')", lambda: mlp.build(2, 3, seed="0"), "refuse", SEED_KW)
C("build seed bool", "mlp.build(2, 3, seed=True)", lambda: mlp.build(2, 3, seed=True), "refuse", SEED_KW)
C("build seed huge", "mlp.build(2, 3, seed=2**64)", lambda: mlp.build(2, 3, seed=2 ** 64), "refuse/valid",
  SEED_KW, check=truthy(lambda m: len(m.weights) == 4, "a network"))
C("build n_inputs 0", "mlp.build(0, 3)", lambda: mlp.build(0, 3), "refuse", ("n_inputs",))
C("build n_hidden 0", "mlp.build(2, 0)", lambda: mlp.build(2, 0), "refuse", ("n_hidden",))
C("build n_hidden float", "mlp.build(2, 2.0)", lambda: mlp.build(2, 2.0), "refuse", ("n_hidden",))
C("build n_inputs numpy", "mlp.build(np.int64(2), 3)", lambda: mlp.build(np.int64(2), 3), "valid",
  check=truthy(lambda m: tuple(m.weights[0].shape) == (2, 3), "W1 (2, 3)"))

topic("fit")
C("mlp fit valid", "mlp.fit(X, y, 2)", lambda: mlp.fit(X2, YB, 2), "valid",
  check=truthy(lambda r: r.converged and abs(r.loss - _mlp_loss_ref(r.weights, X2, YB)) < 1e-9 * abs(r.loss),
               "converged, loss = loss(weights)"))
C("mlp fit seed numpy int", "mlp.fit(X, y, 2, seed=np.int64(0))", lambda: mlp.fit(X2, YB, 2, seed=np.int64(0)).loss,
  "valid", check=equals(lambda: mlp.fit(X2, YB, 2, seed=0).loss, rtol=1e-12))
C("mlp fit seed negative", "mlp.fit(X, y, 2, seed=-1)", lambda: mlp.fit(X2, YB, 2, seed=-1), "refuse", SEED_KW)
C("mlp fit seed None", "mlp.fit(X, y, 2, seed=None)", lambda: mlp.fit(X2, YB, 2, seed=None), "refuse",
  SEED_KW, should="refuse seed=None (documented int): now unseeded, not reproducible")
C("mlp fit n_hidden 0", "mlp.fit(X, y, 0)", lambda: mlp.fit(X2, YB, 0), "refuse", ("n_hidden",))
C("mlp fit l2 negative", "mlp.fit(X, y, 2, l2=-1)", lambda: mlp.fit(X2, YB, 2, l2=-1.0), "refuse", ("l2",))
C("mlp fit l2 NaN", "mlp.fit(X, y, 2, l2=nan)", lambda: mlp.fit(X2, YB, 2, l2=np.nan), "refuse", ("l2",))
C("mlp fit max_iter 0", "mlp.fit(X, y, 2, max_iter=0)", lambda: mlp.fit(X2, YB, 2, max_iter=0), "refuse",
  ("max_iter",))
C("mlp fit gtol 0", "mlp.fit(X, y, 2, gtol=0)", lambda: mlp.fit(X2, YB, 2, gtol=0.0), "refuse", ("gtol",))
C("mlp fit gtol negative", "mlp.fit(X, y, 2, gtol=-1)", lambda: mlp.fit(X2, YB, 2, gtol=-1.0), "refuse", ("gtol",))
C("mlp fit gtol string", "mlp.fit(X, y, 2, gtol='a')", lambda: mlp.fit(X2, YB, 2, gtol="a"), "refuse", ("gtol",))
C("mlp fit gtol NaN", "mlp.fit(X, y, 2, gtol=nan)", lambda: mlp.fit(X2, YB, 2, gtol=np.nan), "refuse", ("gtol",))
C("mlp fit init wrong W1", "mlp.fit(X, y, 2, init=Weights of a (3, 2) net)",
  lambda: mlp.fit(X2, YB, 2, init=mlp.Weights.from_model(mlp.build(3, 2, seed=0))), "refuse", ("init",))
C("mlp fit init wrong b1", "mlp.fit(X, y, 2, init=Weights(W1 (2,2), b1 (3,), ...))",
  lambda: mlp.fit(X2, YB, 2, init=_weights(np.ones((2, 2)), np.zeros(3), np.ones(2), 0.0)), "refuse",
  ("init", "b1"))
C("mlp fit init string", "mlp.fit(X, y, 2, init='w')", lambda: mlp.fit(X2, YB, 2, init="w"), "refuse", ("init",))
C("mlp fit init NaN", "mlp.fit(X, y, 2, init=Weights with NaN)",
  lambda: mlp.fit(X2, YB, 2, init=_weights(np.full((2, 2), np.nan), np.zeros(2), np.ones(2), 0.0)), "refuse",
  ("init", "nan"))
C("mlp fit labels 2", "mlp.fit(X, 2 y, 2)", lambda: mlp.fit(X2, 2 * YB, 2), "refuse", ("0 and 1",))
C("mlp fit NaN X", "mlp.fit(X with NaN, y, 2)", lambda: mlp.fit(with_entry(X2, (0, 0), np.nan), YB, 2), "refuse",
  NAN_KW)
C("mlp fit length", "mlp.fit(X, y[:-1], 2)", lambda: mlp.fit(X2, YB[:-1], 2), "refuse", LEN_KW)
C("mlp fit separated", "mlp.fit(*blog_toy(), 2)", lambda: mlp.fit(XTOY, YTOY, 2), "warn/refuse",
  ("separat", "no finite", "minimum", "diverg"),
  should="warn (or refuse): the classes are separated, the loss has no minimum and the weights "
         "grow until L-BFGS stops ('converged' is True)")

topic("loss/hessian/predict")
C("mlp loss valid", "mlp.loss(w, X, y)", lambda: mlp.loss(MLP_W(), X2, YB), "valid",
  check=equals(lambda: _mlp_loss_ref(MLP_W(), X2, YB), rtol=1e-12))
C("mlp loss l2", "mlp.loss(w, X, y, l2=0.3)", lambda: mlp.loss(MLP_W(), X2, YB, l2=0.3), "valid",
  check=equals(lambda: _mlp_loss_ref(MLP_W(), X2, YB, 0.3), rtol=1e-12))
C("mlp loss X wrong columns", "mlp.loss(w (p=2), X[:, :1], y)", lambda: mlp.loss(MLP_W(), X2[:, :1], YB), "refuse",
  ("columns",), should="refuse as predict does (now accepted)")
C("mlp loss X 3 columns", "mlp.loss(w (p=2), [X, x1], y)",
  lambda: mlp.loss(MLP_W(), np.column_stack([X2, X2[:, 0]]), YB), "refuse", ("columns",))
C("mlp hessian X wrong columns", "mlp.hessian(w (p=2), X[:, :1], y)", lambda: mlp.hessian(MLP_W(), X2[:, :1], YB),
  "refuse", ("columns",))
C("mlp loss weights string", "mlp.loss('w', X, y)", lambda: mlp.loss("w", X2, YB), "refuse", ("weights",))
C("mlp loss l2 negative", "mlp.loss(w, X, y, l2=-1)", lambda: mlp.loss(MLP_W(), X2, YB, l2=-1.0), "refuse", ("l2",))
C("mlp loss labels 2", "mlp.loss(w, X, 2 y)", lambda: mlp.loss(MLP_W(), X2, 2 * YB), "refuse", ("0 and 1",))
C("mlp loss weights NaN", "mlp.loss(Weights with NaN, X, y)",
  lambda: mlp.loss(_weights(np.full((2, 2), np.nan), np.zeros(2), np.ones(2), 0.0), X2, YB), "refuse",
  ("weights", "nan"))
C("mlp hessian valid", "mlp.hessian(w, X[:8], y[:8])", lambda: mlp.hessian(MLP_W(), X2[:8], YB[:8]), "valid",
  check=equals(lambda: _num_hessian(MLP_W(), X2[:8], YB[:8]), rtol=1e-4, atol=1e-5))
C("mlp predict valid", "mlp.predict(w, X)", lambda: mlp.predict(MLP_W(), X2), "valid",
  check=equals(lambda: special.expit(MLP_W().b2 + np.tanh(X2 @ MLP_W().W1 + MLP_W().b1) @ MLP_W().w2), rtol=1e-12))
C("mlp predict X wrong columns", "mlp.predict(w, X[:, :1])", lambda: mlp.predict(MLP_W(), X2[:, :1]), "refuse",
  ("columns",))
C("mlp predict X NaN", "mlp.predict(w, X with NaN)", lambda: mlp.predict(MLP_W(), with_entry(X2, (0, 0), np.nan)),
  "refuse", NAN_KW)
C("mlp predict weights NaN", "mlp.predict(Weights with NaN, X)",
  lambda: mlp.predict(_weights(np.full((2, 2), np.nan), np.zeros(2), np.ones(2), 0.0), X2), "refuse",
  ("weights",), should="refuse naming the weights (now 'z must not contain NaN', an argument the "
                       "caller never passed)")
C("mlp predict mismatched b1", "mlp.predict(Weights(W1 (2,3), b1 (2,), w2 (3,)), X)",
  lambda: mlp.predict(_weights(np.ones((2, 3)), np.zeros(2), np.ones(3), 0.0), X2), "refuse",
  ("b1", "weights", "shape"))
C("mlp predict mismatched w2", "mlp.predict(Weights(W1 (2,3), b1 (3,), w2 (2,)), X)",
  lambda: mlp.predict(_weights(np.ones((2, 3)), np.zeros(3), np.ones(2), 0.0), X2), "refuse",
  ("w2", "weights", "shape"))
C("mlp predict weights string", "mlp.predict('w', X)", lambda: mlp.predict("w", X2), "refuse", ("weights",))

topic("hidden_features")
C("hidden_features valid", "hidden_features(build(2, 3, seed=0), X)",
  lambda: mlp.hidden_features(_NET(), X2), "valid",
  check=equals(lambda: np.tanh(X2 @ mlp.Weights.from_model(_NET()).W1 + mlp.Weights.from_model(_NET()).b1),
               rtol=1e-12))
C("hidden_features model string", "hidden_features('net', X)", lambda: mlp.hidden_features("net", X2), "refuse",
  ("network", "model"))
C("hidden_features glm model", "hidden_features(keras_glm.build_model(2), X)",
  lambda: mlp.hidden_features(keras_glm.build_model(2), X2), "refuse", ("network", "model", "hidden"))
C("hidden_features X wrong columns", "hidden_features(net, X[:, :1])", lambda: mlp.hidden_features(_NET(), X2[:, :1]),
  "refuse", ("columns",))
C("hidden_features X NaN", "hidden_features(net, X with NaN)",
  lambda: mlp.hidden_features(_NET(), with_entry(X2, (0, 0), np.nan)), "refuse", NAN_KW)


topic("symmetries/Weights")
C("n_symmetries 3", "n_symmetries(3)", lambda: mlp.n_symmetries(3), "valid", check=equals(48))
C("n_symmetries numpy", "n_symmetries(np.int64(3))", lambda: mlp.n_symmetries(np.int64(3)), "valid", check=equals(48))
C("n_symmetries 0", "n_symmetries(0)", lambda: mlp.n_symmetries(0), "refuse", ("n_hidden",))
C("n_symmetries float", "n_symmetries(2.5)", lambda: mlp.n_symmetries(2.5), "refuse", ("n_hidden",))
C("n_symmetries bool", "n_symmetries(True)", lambda: mlp.n_symmetries(True), "refuse", ("n_hidden",))
C("canonical invariant", "canonical(w with units flipped and permuted) == canonical(w)",
  lambda: mlp.canonical(_flip_perm(mlp.Weights.from_model(_NET()))).flat(), "valid",
  check=equals(lambda: mlp.canonical(mlp.Weights.from_model(_NET())).flat(), rtol=1e-15))
C("canonical string", "canonical('w')", lambda: mlp.canonical("w"), "refuse", ("weights",))
C("canonical mismatched", "canonical(Weights(W1 (2,3), b1 (2,), ...))",
  lambda: mlp.canonical(_weights(np.ones((2, 3)), np.zeros(2), np.ones(3), 0.0)), "refuse",
  ("b1", "weights", "shape"))
C("canonical NaN", "canonical(Weights with NaN in w2)",
  lambda: mlp.canonical(_weights(np.ones((2, 2)), np.zeros(2), [np.nan, 1.0], 0.0)), "refuse", ("nan", "weights"))
C("from_flat roundtrip", "Weights.from_flat(w.flat(), 2, 2)", lambda: mlp.Weights.from_flat(MLP_W().flat(), 2, 2).flat(),
  "valid", check=equals(lambda: MLP_W().flat(), rtol=0, atol=0))
C("from_flat wrong length", "Weights.from_flat(np.zeros(5), 2, 2)", lambda: mlp.Weights.from_flat(np.zeros(5), 2, 2),
  "refuse", ("theta", "entries"))
C("from_flat negative n_inputs", "Weights.from_flat(np.zeros(3), -1, 2)",
  lambda: mlp.Weights.from_flat(np.zeros(3), -1, 2), "refuse", ("n_inputs",))
C("from_flat NaN", "Weights.from_flat([nan]*9, 2, 2)", lambda: mlp.Weights.from_flat(np.full(9, np.nan), 2, 2),
  "refuse", NAN_KW)
C("from_model string", "Weights.from_model('net')", lambda: mlp.Weights.from_model("net"), "refuse",
  ("network", "model"))
C("tanh float64", "mlp.tanh(jnp float64 array)", lambda: np.asarray(mlp.tanh(np.array([0.5, -2.0]))), "valid",
  check=equals(np.tanh([0.5, -2.0]), rtol=1e-15))


# ======================================================================================
section("report")
# ======================================================================================
close, below, fb = report.close, report.below, report.format_bound
ASSERT_KW = ("not equal", "not below", "mismatch")
topic("close")
C("close valid", "close('a = b', [1, 2], [1, 2 + 1e-15], rtol=1e-10)",
  lambda: close("a = b", [1.0, 2.0], [1.0, 2.0 + 1e-15], rtol=1e-10), "valid",
  check=is_str_with("a = b", "< 1e-10"))
C("close differs", "close('a = b', 1.0, 1.1, rtol=1e-10)", lambda: close("a = b", 1.0, 1.1, rtol=1e-10),
  "refuse", ASSERT_KW, allow=(AssertionError,))
C("close complex", "close('x', np.array([1+5j]), 1, rtol=1e-10)",
  lambda: close("x", np.array([1 + 5j]), 1.0, rtol=1e-10), "refuse", CPLX_KW,
  should="refuse complex values (now asserts 1+5j equals 1)")
C("close complex scalar", "close('x', 1+5j, 1, rtol=1e-10)", lambda: close("x", 1 + 5j, 1.0, rtol=1e-10),
  "refuse", CPLX_KW)
C("close NaN", "close('x', nan, 1, rtol=1e-10)", lambda: close("x", np.nan, 1.0, rtol=1e-10), "refuse", ("nan",))
C("close empty", "close('x', [], [], rtol=1e-10)", lambda: close("x", [], [], rtol=1e-10), "refuse", ("empty",))
C("close inf both", "close('x', inf, inf, rtol=1e-10)", lambda: close("x", np.inf, np.inf, rtol=1e-10), "refuse",
  ("inf", "finite"), should="refuse: a relative difference of inf and inf is undefined, the printed "
                            "claim is meaningless")
C("close inf vs 1", "close('x', inf, 1, rtol=1e-10)", lambda: close("x", np.inf, 1.0, rtol=1e-10), "refuse",
  ASSERT_KW + ("inf", "finite"), allow=(AssertionError,))
C("close label empty", "close('', 1, 1, rtol=1e-10)", lambda: close("", 1.0, 1.0, rtol=1e-10), "refuse", ("label",))
C("close label None", "close(None, 1, 1, rtol=1e-10)", lambda: close(None, 1.0, 1.0, rtol=1e-10), "refuse",
  ("label",))
C("close label int", "close(5, 1, 1, rtol=1e-10)", lambda: close(5, 1.0, 1.0, rtol=1e-10), "refuse", ("label",))
C("close no tolerance", "close('x', 1, 1)", lambda: close("x", 1.0, 1.0), "refuse", ("rtol", "atol"))
C("close rtol negative", "close('x', 1, 1, rtol=-1)", lambda: close("x", 1.0, 1.0, rtol=-1.0), "refuse", ("rtol",))
C("close rtol string", "close('x', 1, 1, rtol='1e-9')", lambda: close("x", 1.0, 1.0, rtol="1e-9"), "refuse",
  ("rtol",))
C("close rtol NaN", "close('x', 1, 1, rtol=nan)", lambda: close("x", 1.0, 1.0, rtol=np.nan), "refuse", ("rtol",))
C("close rtol bool", "close('x', 1, 1, rtol=True)", lambda: close("x", 1.0, 1.0, rtol=True), "refuse", ("rtol",))
C("close atol inf", "close('x', 1, 2, atol=inf)", lambda: close("x", 1.0, 2.0, atol=np.inf), "refuse", ("atol",))
C("close rtol float32", "close('x', 1, 1, rtol=np.float32(1e-6))",
  lambda: close("x", 1.0, 1.0, rtol=np.float32(1e-6)), "valid", check=is_str_with("< 1e-6"))
C("close shapes", "close('x', [1, 2, 3], [1, 2], rtol=1e-10)", lambda: close("x", [1, 2, 3], [1, 2], rtol=1e-10),
  "refuse", ("broadcast", "shape"))
C("close strings", "close('x', ['a'], [1], rtol=1e-10)", lambda: close("x", ["a"], [1.0], rtol=1e-10), "refuse",
  NUM_KW)
C("close None value", "close('x', None, 1, rtol=1e-10)", lambda: close("x", None, 1.0, rtol=1e-10), "refuse",
  ("none", "numeric"))
C("close dict", "close('x', {'a': 1}, 1, rtol=1e-10)", lambda: close("x", {"a": 1}, 1.0, rtol=1e-10), "refuse",
  NUM_KW)
C("close long label", "close('a' * 80, 1, 1, rtol=1e-10)", lambda: close("a" * 80, 1.0, 1.0, rtol=1e-10), "valid",
  check=truthy(lambda s: "\n    " in s, "claim on an indented second line"))
C("close Series misaligned", "close('x', Series([1,2], index=['a','b']), Series([2,1], index=['b','a']), rtol=1e-10)",
  lambda: close("x", pd.Series([1.0, 2.0], index=["a", "b"]), pd.Series([2.0, 1.0], index=["b", "a"]), rtol=1e-10),
  "valid/refuse", INDEX_KW, check=is_str_with("< 1e-10"), allow=(AssertionError,),
  should="compare labelled values by label (they are equal) or refuse the different order")
C("close 1e300", "close('x', 1e300, 1e300 * (1 + 1e-12), rtol=1e-10)",
  lambda: close("x", 1e300, 1e300 * (1 + 1e-12), rtol=1e-10), "valid", check=is_str_with("< 1e-10"))
C("close bound rounds down", "close('x', 1.2345673e-7, 0.0, atol=1.2345674e-7)",
  lambda: close("x", 1.2345673e-7, 0.0, atol=1.2345674e-7), "valid",
  check=lambda s: _printed_bound_ok(s, 1.2345673e-7),
  should="never print a bound smaller than the one asserted")

topic("below")
C("below valid", "below('g', [3e-14, -1e-13], 1e-10)", lambda: below("g", [3e-14, -1e-13], 1e-10), "valid",
  check=is_str_with("g < 1e-10"))
C("below fails", "below('g', 1.0, 1e-10)", lambda: below("g", 1.0, 1e-10), "refuse", ASSERT_KW,
  allow=(AssertionError,))
C("below NaN", "below('g', nan, 1e-10)", lambda: below("g", np.nan, 1e-10), "refuse", ("nan",))
C("below inf", "below('g', inf, 1e-10)", lambda: below("g", np.inf, 1e-10), "refuse", ASSERT_KW + ("inf",),
  allow=(AssertionError,))
C("below empty", "below('g', [], 1e-10)", lambda: below("g", [], 1e-10), "refuse", ("empty",))
C("below complex", "below('g', 1e-12 + 5j, 1e-10)", lambda: below("g", np.array([1e-12 + 5j]), 1e-10), "refuse",
  CPLX_KW, should="refuse complex (|1e-12+5j| = 5 is not below 1e-10; now asserted below)")
C("below string", "below('g', 'a', 1e-10)", lambda: below("g", "a", 1e-10), "refuse", NUM_KW)
C("below bound 0", "below('g', 0, 0)", lambda: below("g", 0.0, 0.0), "refuse", ("bound",))
C("below bound negative", "below('g', 0, -1)", lambda: below("g", 0.0, -1.0), "refuse", ("bound",))
C("below bound inf", "below('g', 0, inf)", lambda: below("g", 0.0, np.inf), "refuse", ("bound",))
C("below bound string", "below('g', 0, '1e-10')", lambda: below("g", 0.0, "1e-10"), "refuse", ("bound",))
C("below label empty", "below(' ', 0, 1e-10)", lambda: below(" ", 0.0, 1e-10), "refuse", ("label",))
C("below bound rounds down", "below('g', 1.2345673e-7, 1.2345674e-7)",
  lambda: below("g", 1.2345673e-7, 1.2345674e-7), "valid",
  check=lambda s: _printed_bound_ok(s, 1.2345673e-7),
  should="print a bound >= the asserted one (format_bound rounds 1.2345674e-7 down to 1.234567e-7, "
         "below the value 1.2345673e-7)")
C("below bound near 1", "below('g', 1.000000005, 1.00000001)", lambda: below("g", 1.000000005, 1.00000001),
  "valid", check=lambda s: _printed_bound_ok(s, 1.000000005),
  should="print a bound >= the value (now prints '< 1' for 1.000000005)")

topic("format_bound")
C("format_bound 1e-12", "format_bound(1e-12)", lambda: fb(1e-12), "valid", check=equals_str("1e-12"))
C("format_bound 2.5e-3", "format_bound(2.5e-3)", lambda: fb(2.5e-3), "valid", check=equals_str("2.5e-3"))
C("format_bound 30", "format_bound(30)", lambda: fb(30), "valid", check=equals_str("30"))
C("format_bound 0", "format_bound(0)", lambda: fb(0), "refuse", ("bound",))
C("format_bound negative", "format_bound(-1)", lambda: fb(-1), "refuse", ("bound",))
C("format_bound NaN", "format_bound(nan)", lambda: fb(np.nan), "refuse", ("bound",))
C("format_bound inf", "format_bound(inf)", lambda: fb(np.inf), "refuse", ("bound",))
C("format_bound string", "format_bound('1e-3')", lambda: fb("1e-3"), "refuse", ("bound",))
C("format_bound bool", "format_bound(True)", lambda: fb(True), "refuse", ("bound",))
C("format_bound complex", "format_bound(1e-3+0j)", lambda: fb(1e-3 + 0j), "refuse", ("bound",))
C("format_bound 1e-300", "format_bound(1e-300)", lambda: fb(1e-300), "valid", check=equals_str("1e-300"))


# ======================================================================================
section("data")
# ======================================================================================
sim = data.simulate_logistic
topic("simulate_logistic")
C("blog_toy", "data.blog_toy()", lambda: data.blog_toy(), "valid",
  check=lambda t: all_ok(compare(t[0], [[1, 0], [0, 0], [1, 1], [0, 1]]), compare(t[1], [0, 1, 0, 1])))
C("simulate valid", "simulate_logistic(5, [1, 2], 0.5, seed=0)", lambda: sim(5, [1.0, 2.0], 0.5, seed=0), "valid",
  check=lambda t: all_ok(truthy(lambda t: t[0].shape == (5, 2) and set(np.unique(t[1])) <= {0.0, 1.0},
                                "X (5, 2), y in {0, 1}")(t),
                         compare(t[0], np.random.default_rng(0).standard_normal((5, 2)), what="X")))
C("simulate seed numpy int", "simulate_logistic(5, [1, 2], 0.5, seed=np.int64(0))",
  lambda: sim(5, [1.0, 2.0], 0.5, seed=np.int64(0))[0], "valid",
  check=equals(lambda: sim(5, [1.0, 2.0], 0.5, seed=0)[0], rtol=0, atol=0))
C("simulate seed Generator", "simulate_logistic(5, [1, 2], 0.5, seed=np.random.default_rng(0))",
  lambda: sim(5, [1.0, 2.0], 0.5, seed=np.random.default_rng(0))[0], "valid",
  check=equals(lambda: sim(5, [1.0, 2.0], 0.5, seed=0)[0], rtol=0, atol=0))
C("simulate seed negative", "simulate_logistic(5, [1], 0, seed=-1)", lambda: sim(5, [1.0], 0.0, seed=-1), "refuse",
  SEED_KW)
C("simulate seed float", "simulate_logistic(5, [1], 0, seed=1.5)", lambda: sim(5, [1.0], 0.0, seed=1.5), "refuse",
  SEED_KW)
C("simulate seed string", "simulate_logistic(5, [1], 0, seed='a')", lambda: sim(5, [1.0], 0.0, seed="a"), "refuse",
  SEED_KW)
C("simulate seed None", "simulate_logistic(5, [1], 0, seed=None)", lambda: sim(5, [1.0], 0.0, seed=None), "refuse",
  SEED_KW, should="refuse seed=None (documented int or Generator): now silently unseeded")
C("simulate seed bool", "simulate_logistic(5, [1], 0, seed=True)", lambda: sim(5, [1.0], 0.0, seed=True), "refuse",
  SEED_KW)
C("simulate n 0", "simulate_logistic(0, [1], 0, seed=0)", lambda: sim(0, [1.0], 0.0, seed=0), "refuse", ("n ", "n must"))
C("simulate n float", "simulate_logistic(2.5, [1], 0, seed=0)", lambda: sim(2.5, [1.0], 0.0, seed=0), "refuse",
  ("n ", "n must"))
C("simulate n string", "simulate_logistic('5', [1], 0, seed=0)", lambda: sim("5", [1.0], 0.0, seed=0), "refuse",
  ("n ", "n must"))
C("simulate n numpy", "simulate_logistic(np.int64(5), [1], 0, seed=0)",
  lambda: sim(np.int64(5), [1.0], 0.0, seed=0)[0], "valid", check=truthy(lambda X: X.shape == (5, 1), "X (5, 1)"))
C("simulate n bool", "simulate_logistic(True, [1], 0, seed=0)", lambda: sim(True, [1.0], 0.0, seed=0), "refuse",
  ("n ", "n must"))
C("simulate weights empty", "simulate_logistic(5, [], 0, seed=0)", lambda: sim(5, [], 0.0, seed=0), "refuse",
  ("weights",))
C("simulate weights NaN", "simulate_logistic(5, [nan], 0, seed=0)", lambda: sim(5, [np.nan], 0.0, seed=0),
  "refuse", ("weights",))
C("simulate weights 2-D", "simulate_logistic(5, [[1, 2]], 0, seed=0)", lambda: sim(5, [[1.0, 2.0]], 0.0, seed=0),
  "refuse", ("weights",))
C("simulate weights scalar", "simulate_logistic(5, 2.0, 0, seed=0)", lambda: sim(5, 2.0, 0.0, seed=0), "refuse",
  ("weights",))
C("simulate weights complex", "simulate_logistic(5, [1+1j], 0, seed=0)", lambda: sim(5, [1 + 1j], 0.0, seed=0),
  "refuse", CPLX_KW + ("weights",))
C("simulate bias NaN", "simulate_logistic(5, [1], nan, seed=0)", lambda: sim(5, [1.0], np.nan, seed=0), "refuse",
  ("bias",))
C("simulate bias string", "simulate_logistic(5, [1], 'a', seed=0)", lambda: sim(5, [1.0], "a", seed=0), "refuse",
  ("bias",))
C("simulate bias array", "simulate_logistic(5, [1], [0, 1], seed=0)", lambda: sim(5, [1.0], [0.0, 1.0], seed=0),
  "refuse", ("bias",))

topic("mixed_logistic/u_shaped")
C("mixed valid", "mixed_logistic(10, seed=0)", lambda: data.mixed_logistic(10, seed=0), "valid",
  check=lambda t: compare(t[0], sim(10, [1.0, -1.0, 0.5], 0.5, seed=0)[0] @ data.MIXING.T + [0, 0, 2], what="X"))
C("mixed n 0", "mixed_logistic(0, seed=0)", lambda: data.mixed_logistic(0, seed=0), "refuse", ("n ", "n must"))
C("mixed n float", "mixed_logistic(2.5, seed=0)", lambda: data.mixed_logistic(2.5, seed=0), "refuse",
  ("n ", "n must"))
C("mixed seed negative", "mixed_logistic(10, seed=-1)", lambda: data.mixed_logistic(10, seed=-1), "refuse", SEED_KW)
C("mixed seed None", "mixed_logistic(10, seed=None)", lambda: data.mixed_logistic(10, seed=None), "refuse", SEED_KW)
C("mixed seed numpy", "mixed_logistic(10, seed=np.int64(3))", lambda: data.mixed_logistic(10, seed=np.int64(3))[0],
  "valid", check=equals(lambda: data.mixed_logistic(10, seed=3)[0], rtol=0, atol=0))
C("u_shaped valid", "u_shaped(10, seed=0)", lambda: data.u_shaped(10, seed=0), "valid",
  check=lambda t: all_ok(compare(t[0], np.random.default_rng(0).normal(size=(10, 2)), what="X"),
                         truthy(lambda t: set(np.unique(t[1])) <= {0.0, 1.0}, "labels 0/1")(t)))
C("u_shaped n 0", "u_shaped(0, seed=0)", lambda: data.u_shaped(0, seed=0), "refuse", ("n ", "n must"))
C("u_shaped n string", "u_shaped('5', seed=0)", lambda: data.u_shaped("5", seed=0), "refuse", ("n ", "n must"))
C("u_shaped seed negative", "u_shaped(10, seed=-1)", lambda: data.u_shaped(10, seed=-1), "refuse", SEED_KW)
C("u_shaped seed float", "u_shaped(10, seed=0.5)", lambda: data.u_shaped(10, seed=0.5), "refuse", SEED_KW)
C("u_shaped seed None", "u_shaped(10, seed=None)", lambda: data.u_shaped(10, seed=None), "refuse", SEED_KW)
C("u_shaped seed numpy", "u_shaped(10, seed=np.int64(0))", lambda: data.u_shaped(10, seed=np.int64(0))[0],
  "valid", check=equals(lambda: data.u_shaped(10, seed=0)[0], rtol=0, atol=0))
C("u_shaped n numpy", "u_shaped(np.int64(4), seed=0)", lambda: data.u_shaped(np.int64(4), seed=0)[0], "valid",
  check=truthy(lambda X: X.shape == (4, 2), "X (4, 2)"))


# ---------------------------------------------------------------------------------------
# Running and classifying
# ---------------------------------------------------------------------------------------
class CaseTimeout(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


def _alarm(signum: int, frame: Any) -> None:
    raise CaseTimeout()


def _raise_site(exc: BaseException) -> tuple[str, int, str]:
    """File, line and source text of the frame where ``exc`` was raised."""
    tb = exc.__traceback__
    if tb is None:
        return "", 0, ""
    while tb.tb_next is not None:
        tb = tb.tb_next
    fname = tb.tb_frame.f_code.co_filename
    return fname, tb.tb_lineno, linecache.getline(fname, tb.tb_lineno).strip()


def _raised_by_glmnn(exc: BaseException) -> bool:
    """Whether a ``raise`` statement in glmnn's sources raised ``exc`` (not numpy & co. inside it)."""
    fname, _, line = _raise_site(exc)
    return str(Path(fname).resolve()).startswith(SRC) and line.startswith("raise")


def _where(exc: BaseException) -> str:
    fname, lineno, _ = _raise_site(exc)
    p = Path(fname)
    try:
        rel = p.resolve().relative_to(Path(SRC).parent)
        return f"{rel}:{lineno}"
    except ValueError:
        parts = p.parts
        for anchor in ("site-packages", "lib"):
            if anchor in parts:
                return "/".join(parts[parts.index(anchor) + 1:]) + f":{lineno}"
        return f"{p.name}:{lineno}"


def _kw_match(text: str, keywords: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(k.lower() in low for k in keywords)


def run_case(c: Case) -> None:
    alts = set(c.expect.split("/"))
    _GLMNN_WARNINGS.clear()
    result: Any = None
    exc: BaseException | None = None
    check_res: tuple[bool, str] | None = None
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        signal.alarm(LIMIT)
        try:
            try:
                result = c.fn()
            except CaseTimeout:
                raise
            except Exception as e:  # noqa: BLE001
                exc = e
            if exc is None and "valid" in alts and c.check is not None:
                try:
                    check_res = c.check(result)
                except CaseTimeout:
                    raise
                except Exception as e:  # noqa: BLE001
                    check_res = (False, f"result failed the check: {type(e).__name__}: {str(e)[:150]}")
        except CaseTimeout:
            c.seconds = time.perf_counter() - t0
            c.outcome, c.happened = "timeout", f"still running after {LIMIT} s"
            return
        finally:
            signal.alarm(0)
    c.seconds = time.perf_counter() - t0
    glmnn_warns = [f"{cat}: {msg}" for cat, msg in _GLMNN_WARNINGS]
    # not the file a warning is attributed to: numpy's RuntimeWarning/ComplexWarning raised
    # by a numpy call on a glmnn line is attributed to glmnn's file, but it is numpy's
    for w in rec:
        text = f"{w.category.__name__}: {w.message}"
        if getattr(w.category, "__module__", "").startswith("glmnn") and text not in glmnn_warns:
            glmnn_warns.append(text)
    other = sorted({f"{w.category.__name__}" + (f" ({Path(w.filename).parent.name}/{Path(w.filename).name})"
                                                if w.filename else "")
                    for w in rec if f"{w.category.__name__}: {w.message}" not in glmnn_warns})
    c.warnings = glmnn_warns
    note_other = f"; other warnings: {', '.join(other[:3])}" if other else ""

    if exc is not None:
        first = (str(exc).strip().splitlines() or [""])[0][:220]
        desc = f"{type(exc).__name__} at {_where(exc)}: {first}"
        if isinstance(exc, (ValueError, TypeError)) and _raised_by_glmnn(exc):
            if "refuse" in alts and _kw_match(str(exc), c.keywords):
                c.outcome = "clear refusal"
            else:
                c.outcome = "wrong message"
                if alts == {"valid"} or ("refuse" not in alts):
                    desc = "refused valid input: " + desc
        elif c.allow and isinstance(exc, c.allow):  # report's AssertionError: its designed failure
            c.outcome = ("clear refusal" if "refuse" in alts and _kw_match(str(exc), c.keywords)
                         else "wrong message")
        else:
            c.outcome = "deep exception"
        c.happened = desc + note_other
        return

    summary = short(result)
    if check_res is not None and check_res[0]:
        c.outcome = "correct"
        c.happened = check_res[1] + (f"; glmnn warned: {glmnn_warns[0][:120]}" if glmnn_warns else "")
        return
    if glmnn_warns and alts & {"warn", "refuse"}:
        hit = any(_kw_match(w, c.keywords) for w in glmnn_warns)
        c.outcome = "warned" if hit else "wrong message"
        instead = "" if "warn" in alts else "warned instead of refusing: "
        c.happened = f"{instead}returned {summary} with glmnn warning: {glmnn_warns[0][:200]}"
        return
    if glmnn_warns:  # valid input, wrong result, but glmnn warned
        c.outcome = "wrong message"
        c.happened = (f"{check_res[1] if check_res else summary}; glmnn warned: {glmnn_warns[0][:160]}")
        return
    c.outcome = "silent wrong"
    if check_res is not None:
        c.happened = check_res[1] + note_other
    else:
        c.happened = f"returned {summary} (no error, no glmnn warning){note_other}"


OUTCOMES = ["clear refusal", "correct", "warned", "wrong message", "deep exception", "silent wrong", "timeout"]
PASSING = {"clear refusal", "correct", "warned"}


def default_should(c: Case) -> str:
    if c.should:
        return c.should
    alts = c.expect.split("/")
    kws = ", ".join(repr(k) for k in c.keywords[:3])
    parts = []
    for a in alts:
        if a == "refuse":
            parts.append(f"raise ValueError naming the problem (e.g. {kws})")
        elif a == "warn":
            parts.append(f"warn (glmnn warning mentioning {kws})")
        elif a == "valid":
            parts.append("return the correct result")
    return " or ".join(parts)


def write_md(cases: list[Case], path: Path, counts: dict[str, int], seconds: float) -> None:
    lines = ["# glmnn bad-input battery: cases not passing", "",
             f"{len(cases)} cases in {seconds:.0f} s. Counts:", ""]
    lines += [f"- {k}: {counts.get(k, 0)}" for k in OUTCOMES if counts.get(k, 0) or k != "timeout"]
    lines.append("")
    for outcome in ["silent wrong", "deep exception", "wrong message", "timeout"]:
        bad = [c for c in cases if c.outcome == outcome]
        if not bad:
            continue
        lines += [f"## {outcome} ({len(bad)})", ""]
        for module in dict.fromkeys(c.module for c in bad):
            lines += [f"### {module}", ""]
            for c in (c for c in bad if c.module == module):
                lines += [
                    f"- **{c.name}** [{c.topic}; expected {c.expect}]",
                    f"  - call: `{c.call}`",
                    f"  - happened: {c.happened}",
                    f"  - should: {default_should(c)}",
                ]
            lines.append("")
    path.write_text("\n".join(lines) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", default="/tmp/bad-inputs-before.json")
    ap.add_argument("--md", default="/tmp/bad-inputs-before.md")
    ap.add_argument("--only", default=None, help="run only cases whose name contains this")
    args = ap.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    keras.utils.disable_interactive_logging()
    cases = [c for c in CASES if args.only is None or args.only.lower() in c.name.lower()]
    t0 = time.perf_counter()
    for i, c in enumerate(cases, 1):
        run_case(c)
        print(f"{i:3d} {c.outcome:15s} {c.seconds:5.1f}s  {c.module:28s} {c.name}", flush=True)
    total = time.perf_counter() - t0
    counts = {k: sum(c.outcome == k for c in cases) for k in OUTCOMES}

    print()
    print(f"{len(cases)} cases, {total:.0f} s")
    print(f"{'outcome':16s} {'count':>5s}")
    for k in OUTCOMES:
        if counts[k] or k != "timeout":
            print(f"{k:16s} {counts[k]:5d}")
    by_module: dict[str, dict[str, int]] = {}
    for c in cases:
        by_module.setdefault(c.module, {}).setdefault(c.outcome, 0)
        by_module[c.module][c.outcome] += 1
    print()
    print("by module: " + ", ".join(f"{m} {sum(v.values())}" for m, v in by_module.items()))
    print()
    for c in cases:
        if c.outcome not in PASSING:
            print(f"[{c.outcome}] {c.module} :: {c.name}: {c.happened[:200]}")

    payload = {
        "glmnn_version": getattr(glmnn, "__version__", "?"),
        "seconds": round(total, 1),
        "counts": counts,
        "cases": [
            {"name": c.name, "module": c.module, "topic": c.topic, "call": c.call, "expect": c.expect,
             "keywords": list(c.keywords), "outcome": c.outcome, "happened": c.happened,
             "should": default_should(c), "glmnn_warnings": c.warnings, "seconds": round(c.seconds, 3)}
            for c in cases
        ],
    }
    Path(args.json).write_text(json.dumps(payload, indent=1) + "\n")
    write_md(cases, Path(args.md), counts, total)
    print(f"\nwrote {args.json} and {args.md}")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - a measurement tool: report, never fail
        traceback.print_exc()
    sys.exit(0)
