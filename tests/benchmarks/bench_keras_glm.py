"""Benchmark: glmnn.keras_glm.fit against statsmodels' Logit on n = 20,000, p = 10.

Run with `make bench`. Not a unit test (timings depend on the machine): it prints the
times and their ratio. The target is keras_glm within 10x of statsmodels after the first
call, which compiles the network's loss, gradient and Hessian with JAX.
"""

from __future__ import annotations

import time

import numpy as np
import statsmodels.api as sm

from glmnn import data, keras_glm

N, P, REPEATS = 20_000, 10, 5


def best_of(run, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(20_000)
    X, y = data.simulate_logistic(N, rng.normal(scale=0.5, size=P), 0.3, seed=rng)
    X_const = sm.add_constant(X)

    start = time.perf_counter()
    first = keras_glm.fit(X, y)
    first_call = time.perf_counter() - start

    t_keras = best_of(lambda: keras_glm.fit(X, y))
    t_sm = best_of(lambda: sm.Logit(y, X_const).fit(disp=0))
    logit = sm.Logit(y, X_const).fit(disp=0)
    gap = np.max(np.abs(first.params - logit.params) / np.abs(logit.params))
    gap_se = np.max(np.abs(first.bse - logit.bse) / logit.bse)

    print(f"n = {N:,}, p = {P}, best of {REPEATS} runs")
    print(f"keras_glm.fit, first call (compiles): {first_call:8.3f} s")
    print(f"keras_glm.fit, later calls:           {t_keras:8.3f} s")
    print(f"sm.Logit(...).fit():                  {t_sm:8.3f} s")
    print(f"ratio keras_glm / statsmodels:        {t_keras / t_sm:8.2f}  (target <= 10)")
    print(f"largest relative difference: params {gap:.1e}, standard errors {gap_se:.1e}")


if __name__ == "__main__":
    main()
