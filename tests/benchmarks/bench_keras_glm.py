"""Benchmark: glmnn.keras_glm.fit against statsmodels, measured in one run (`make bench`).

Not a unit test: timings depend on the machine and on what else it is doing, so this prints
ratios, each the median of interleaved repetitions (keras_glm, statsmodels, keras_glm, ...),
which a slow phase of a shared machine hits on both sides alike. Three parts:

1. logistic regression, n = 20,000, p = 10, warm (target: at most 1.5x ``sm.Logit``);
2. the Keras docstring network, 32 inputs and a 16-unit softmax, n = 2,000, warm (target:
   faster than ``sm.MNLogit``);
3. a scaling table, logistic regression with n = 1e3 ... 1e6 and p = 10 and 50: time (warm)
   and peak memory of each side, each measured in a fresh process so that one's memory does
   not hide in the other's high-water mark; and the first call's compilation time, which a
   chapter pays once per shape.

Usage: python tests/benchmarks/bench_keras_glm.py [--quick]   (--quick: part 3 up to 1e5)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import warnings

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")
warnings.simplefilter("ignore")


def interleaved(runs: dict, repeats: int) -> dict:
    """Median time of each callable, called in turn ``repeats`` times."""
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: float(np.median(t)) for name, t in times.items()}


def logistic_data(n: int, p: int, seed: int = 20_000):
    from glmnn import data

    rng = np.random.default_rng(seed)
    return data.simulate_logistic(n, rng.normal(scale=0.5, size=p) / np.sqrt(p / 10), 0.3,
                                  seed=rng)


def docstring_data(n: int = 2_000, p: int = 32, k: int = 16, seed: int = 32_16):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    logits = np.column_stack([np.ones(n), X]) @ rng.normal(scale=0.3, size=(p + 1, k))
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    y = (probs.cumsum(axis=1) > rng.uniform(size=(n, 1))).argmax(axis=1)
    return X, y.astype(float)


def part_logistic() -> None:
    import statsmodels.api as sm

    from glmnn import keras_glm

    X, y = logistic_data(20_000, 10)
    Xc = sm.add_constant(X)
    start = time.perf_counter()
    ours = keras_glm.fit(X, y)
    first = time.perf_counter() - start
    theirs = sm.Logit(y, Xc).fit(disp=0)
    t = interleaved({"keras_glm": lambda: keras_glm.fit(X, y),
                     "statsmodels": lambda: sm.Logit(y, Xc).fit(disp=0)}, repeats=21)
    gap = np.max(np.abs(ours.params - theirs.params) / np.abs(theirs.params))
    gap_se = np.max(np.abs(ours.bse - theirs.bse) / theirs.bse)
    print("1. Logistic regression, n = 20,000, p = 10 (median of 21 interleaved runs)")
    print(f"   keras_glm.fit      {t['keras_glm'] * 1e3:8.1f} ms   (first call, compiling: "
          f"{first:.2f} s)")
    print(f"   sm.Logit().fit()   {t['statsmodels'] * 1e3:8.1f} ms")
    ratio = t["keras_glm"] / t["statsmodels"]
    print(f"   ratio {ratio:.2f}  (target <= 1.5: {'met' if ratio <= 1.5 else 'NOT met'})")
    print(f"   agreement: params {gap:.1e}, standard errors {gap_se:.1e} (relative)")


def part_docstring() -> None:
    import statsmodels.api as sm

    from glmnn import keras_glm

    X, y = docstring_data()
    Xc = sm.add_constant(X)
    start = time.perf_counter()
    ours = keras_glm.fit(X, y, family="multinomial")
    first = time.perf_counter() - start
    theirs = sm.MNLogit(y, Xc).fit(disp=0, maxiter=100)
    t = interleaved({"keras_glm": lambda: keras_glm.fit(X, y, family="multinomial"),
                     "statsmodels": lambda: sm.MNLogit(y, Xc).fit(disp=0, maxiter=100)},
                    repeats=7)
    gap = np.max(np.abs(ours.params - theirs.params))
    gap_se = np.max(np.abs(ours.bse - theirs.bse) / theirs.bse)
    print("2. The Keras docstring network: 32 inputs, Dense(16, softmax), n = 2,000 "
          "(495 parameters; median of 7 interleaved runs)")
    print(f"   keras_glm.fit      {t['keras_glm']:8.3f} s    (first call, compiling: "
          f"{first:.2f} s)")
    print(f"   sm.MNLogit().fit() {t['statsmodels']:8.3f} s")
    ratio = t["keras_glm"] / t["statsmodels"]
    print(f"   ratio {ratio:.2f}  (target < 1: {'met' if ratio < 1 else 'NOT met'})")
    print(f"   agreement: params {gap:.1e} (absolute), standard errors {gap_se:.1e} (relative)")


def one_cell(side: str, n: int, p: int) -> dict:
    """In this process: peak memory and time of the first fit at this size, then warm time.

    Libraries are loaded and warmed up on a small data set of the same width first, so the
    peak counts what fitting n rows needs: the high-water mark of the resident set (VmHWM,
    reset through ``/proc/self/clear_refs``) minus the resident set before the call. For
    keras_glm it includes JAX compiling the functions for the new number of rows.
    """
    X_small, y_small = logistic_data(500, p, seed=1)
    X, y = logistic_data(n, p)
    if side == "keras_glm":
        from glmnn import keras_glm

        def run(X, y):
            keras_glm.fit(X, y)
    else:
        import statsmodels.api as sm

        def run(X, y):
            sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    run(X_small, y_small)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset the peak resident set size
    before = _status("VmRSS")
    first = _timed(lambda: run(X, y))
    peak = (_status("VmHWM") - before) / 2**10
    repeats = 5 if n <= 100_000 else 2
    warm = float(np.median([_timed(lambda: run(X, y)) for _ in range(repeats)]))
    return {"first": first, "warm": warm, "peak_mb": peak}


def _status(key: str) -> int:
    """A kB value of /proc/self/status."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key + ":"))


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def part_scaling(quick: bool) -> None:
    sizes = [1_000, 10_000, 100_000] + ([] if quick else [1_000_000])
    print("3. Scaling, logistic regression (each cell in a fresh process; time warm, median; "
          "memory: peak of the first fit at that size, above what was resident)")
    print(f"   {'n':>9} {'p':>3} | {'keras_glm':>10} {'memory':>8} {'compile':>8} | "
          f"{'statsmodels':>11} {'memory':>8} | {'ratio':>5}")
    crossings = {}
    for p in (10, 50):
        last = last_n = None
        for n in sizes:
            cells = {}
            for side in ("keras_glm", "statsmodels"):
                out = subprocess.run([sys.executable, __file__, "--cell", side, str(n), str(p)],
                                     capture_output=True, text=True, check=True)
                cells[side] = json.loads(out.stdout.strip().splitlines()[-1])
            k, s = cells["keras_glm"], cells["statsmodels"]
            ratio = k["warm"] / s["warm"]
            print(f"   {n:>9,} {p:>3} | {k['warm'] * 1e3:>8.1f}ms {k['peak_mb']:>6.0f}MB "
                  f"{k['first'] - k['warm']:>7.2f}s | {s['warm'] * 1e3:>9.1f}ms "
                  f"{s['peak_mb']:>6.0f}MB | {ratio:>5.2f}")
            if last is not None and (last > 1) != (ratio > 1):
                crossings.setdefault(p, (last_n, n))
            last, last_n = ratio, n
        if p in crossings:
            a, b = crossings[p]
            print(f"   p = {p}: crossover, the ratio crosses 1 between n = {a:,} and n = {b:,}")
        else:
            side = "keras_glm" if last < 1 else "statsmodels"
            print(f"   p = {p}: no crossover in this range; {side} is faster at every size")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--cell"]:
        print(json.dumps(one_cell(argv[1], int(argv[2]), int(argv[3]))))
        return
    import jax

    jax.config.update("jax_enable_x64", True)
    print(f"keras_glm benchmark, {os.cpu_count()} cores, JAX {jax.__version__}")
    part_logistic()
    part_docstring()
    part_scaling(quick="--quick" in argv)


if __name__ == "__main__":
    main(sys.argv[1:])
