"""Monte Carlo of the coverage of four intervals for a one-hidden-layer network's p(x0).

Usage: KERAS_BACKEND=jax python scripts/hidden_coverage.py [--replications R] [--out PATH]

Makes ``src/glmnn/datasets/hidden_coverage.csv`` (read back by
``glmnn.intervals.stored_coverage()``; chapter 9). The truth is known: x ~ U(-2, 2) and

    logit p(x) = -2 + 2.5 tanh(1.5 (x + 0.8)) - 2.5 tanh(2 (x - 0.6)),

a bump (p from about 0.12 at the edges to 0.9 near x = 0) that a network with two tanh
units represents exactly, so the intervals are judged on estimation, not on a model too
small for the truth. Each replication draws n = 300 examples, trains the network
``Input(1) -> Dense(2, tanh) -> Dense(1, sigmoid)`` with l2 = 0.01 (the best of 3 starts,
seeds 0, 1, 2), and computes at five points the 95 % intervals of ``glmnn.intervals``:
last-layer Laplace, full Laplace, bootstrap (n_boot = 40 warm-started refits; the
standard deviation of their log-odds as a standard error, ``kind="normal"``) and a deep
ensemble (8 members, seeds 8 r to 8 r + 7 in replication r). It records whether each
interval contains the true p(x0), its width and the method's wall time (Laplace and
bootstrap: given the trained network; the ensemble trains its own members). A method that
raises ``ValueError`` (e.g. a Hessian that is not positive definite) counts as a failure of
that replication, not a crash. One seed (20240924) draws every data set. Before the first
replication the jitted loss and Hessian are compiled once on a dummy data set of the same
shape, so that no method's time includes compilation.

The CSV is tidy: one row per method and point, ``method, point, x0, true_p, coverage,
mc_se, mean_width, seconds_per_fit, replications, failed``. Times are wall times on the
machine that ran it, which may have been busy: compare them with each other, not with
another machine.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from glmnn import data, intervals, mlp  # noqa: E402

SEED = 20240924
N = 300
N_HIDDEN = 2
L2 = 0.01
N_STARTS = 3
N_BOOT = 40
N_MEMBERS = 8
LEVEL = 0.95
REPLICATIONS = 100
X0 = np.array([[-1.9], [-0.9], [0.0], [0.9], [1.9]])  # -1.9 and 1.9: near the data's edges
OUT = Path(__file__).resolve().parents[1] / "src" / "glmnn" / "datasets" / "hidden_coverage.csv"
METHODS = ("last-layer Laplace", "full Laplace", "bootstrap", "ensemble")


true_p = data.bump_probability  # the truth: a two-unit tanh network


def one_replication(r: int, rng: np.random.Generator) -> tuple[dict, dict, int]:
    """Intervals of every method on one simulated data set: {method: Interval or None}."""
    x, y = data.bump(N, rng)
    start = time.perf_counter()
    net = min((mlp.fit(x, y, N_HIDDEN, seed=s, l2=L2) for s in range(N_STARTS)),
              key=lambda fit: fit.loss)
    fit_time = time.perf_counter() - start
    calls = {
        "last-layer Laplace": lambda: intervals.last_layer_laplace(net, x, y, X0, l2=L2,
                                                                   level=LEVEL),
        "full Laplace": lambda: intervals.full_laplace(net, x, y, X0, l2=L2, level=LEVEL),
        "bootstrap": lambda: intervals.bootstrap(net, x, y, X0, l2=L2, n_boot=N_BOOT,
                                                 seed=r, level=LEVEL, kind="normal"),
        "ensemble": lambda: intervals.ensemble(x, y, X0, N_HIDDEN, l2=L2, n_members=N_MEMBERS,
                                               seed=N_MEMBERS * r, level=LEVEL),
    }
    results, seconds = {}, {}
    for method, call in calls.items():
        start = time.perf_counter()
        try:
            results[method] = call()
        except ValueError as exc:
            print(f"replication {r}: {method} failed: {str(exc)[:120]}")
            results[method] = None
        seconds[method] = time.perf_counter() - start
    return results, seconds | {"fit": fit_time}, int(not net.converged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=REPLICATIONS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    begin = time.perf_counter()
    # compile the jitted loss, gradient and Hessian once, so that no method's time includes it
    warm_x = np.linspace(-2, 2, N)[:, None]
    warm = mlp.fit(warm_x, (warm_x[:, 0] > 0) ^ (np.arange(N) % 5 == 0), N_HIDDEN, l2=L2)
    mlp.hessian(warm.weights, warm_x, (warm_x[:, 0] > 0) ^ (np.arange(N) % 5 == 0), l2=L2)
    rng = np.random.default_rng(SEED)
    truth = true_p(X0[:, 0])
    covered = {m: [] for m in METHODS}
    widths = {m: [] for m in METHODS}
    seconds = {m: [] for m in (*METHODS, "fit")}
    failed = dict.fromkeys(METHODS, 0)
    left_basin = not_converged = 0
    collapsed = []  # ensemble: are its members' logits all equal (< 1e-3 apart) at x0?
    for r in range(args.replications):
        results, times, missed = one_replication(r, rng)
        not_converged += missed
        for key, value in times.items():
            seconds[key].append(value)
        for method in METHODS:
            res = results[method]
            if res is None or not np.all(np.isfinite([res.lower, res.upper])):
                failed[method] += 1
                continue
            covered[method].append((res.lower <= truth) & (truth <= res.upper))
            widths[method].append(res.upper - res.lower)
        if results["bootstrap"] is not None:
            left_basin += results["bootstrap"].n_left_basin
        if results["ensemble"] is not None:
            collapsed.append(results["ensemble"].se < 1e-3)
    rows = []
    for method in METHODS:
        cov = np.array(covered[method], dtype=float).reshape(-1, len(X0))
        wid = np.array(widths[method]).reshape(-1, len(X0))
        k = len(cov)
        for j in range(len(X0)):
            c = cov[:, j].mean() if k else np.nan
            rows.append({
                "method": method, "point": j, "x0": X0[j, 0], "true_p": truth[j],
                "coverage": c, "mc_se": np.sqrt(c * (1 - c) / k) if k else np.nan,
                "mean_width": wid[:, j].mean() if k else np.nan,
                "seconds_per_fit": np.mean(seconds[method]), "replications": k,
                "failed": failed[method],
                "collapsed": (np.mean(np.array(collapsed)[:, j])
                              if method == "ensemble" and collapsed else np.nan),
            })
    table = pd.DataFrame(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False, float_format="%.6g")
    total = time.perf_counter() - begin
    with pd.option_context("display.width", 120):
        print(table.round(3).to_string(index=False))
        wide = table.pivot(index="x0", columns="method", values="coverage")[list(METHODS)]
        print("\ncoverage by point (nominal 0.95)\n" + wide.round(2).to_string())
    print(f"\nreplications {args.replications}, n = {N}, h = {N_HIDDEN}, l2 = {L2}, "
          f"n_boot = {N_BOOT}, n_members = {N_MEMBERS}, seed = {SEED}")
    print(f"training the network (best of {N_STARTS} starts): mean "
          f"{np.mean(seconds['fit']):.2f} s; not converged: {not_converged}")
    print(f"bootstrap refits that left the original's basin: {left_basin} of "
          f"{N_BOOT * (args.replications - failed['bootstrap'])}")
    print("failures: " + ", ".join(f"{m} {failed[m]}" for m in METHODS))
    print(f"wrote {args.out}; total time {total:.0f} s")


if __name__ == "__main__":
    main()
