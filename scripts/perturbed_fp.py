"""Run a command in a floating-point environment that rounds the way another CPU would.

Usage: python scripts/perturbed_fp.py COMMAND [ARG ...]   (what `make nbval-perturbed` runs)

The stored outputs of the chapters must show only what every correct machine computes
identically at the printed precision (CONTRIBUTING.md, "Portable outputs"). A second
strict nbval pass under this script checks that rule on one machine: it changes the
kernels that decide the rounding of the chapters' arithmetic, not the arithmetic itself.

On x86-64:
- OpenBLAS (numpy's and scipy's BLAS/LAPACK): an older kernel with different vector
  widths and no fused multiply-add (``OPENBLAS_CORETYPE``), unless the machine already
  sets that variable for its own reasons, which are respected;
- numpy: every optional SIMD dispatch target switched off (``NPY_DISABLE_CPU_FEATURES``),
  so sums, ``exp`` and ``log`` take their baseline code paths;
- XLA (JAX, hence Keras): a lower instruction set (``--xla_cpu_max_isa``) and a single
  Eigen thread (``--xla_cpu_multi_thread_eigen=false``), as on a smaller machine.

On aarch64 the OpenBLAS and numpy parts have equivalents and are used; the XLA thread
setting applies everywhere. On any other architecture the command runs with a printed
notice of what could not be perturbed: the pass never fails for lack of a variable.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys


def _cpu_flags() -> set[str]:
    """The flag words of /proc/cpuinfo (empty where there is no such file)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith(("flags", "Features")):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def _numpy_dispatch_targets() -> list[str]:
    """numpy's optional SIMD targets that are active on this CPU."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [name for name in __cpu_dispatch__ if __cpu_features__.get(name)]


def perturbed_environment(env: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Return a copy of ``env`` with the perturbations applied, and lines describing them."""
    env = dict(env)
    notes: list[str] = []
    machine = platform.machine().lower()
    flags = _cpu_flags()

    if "OPENBLAS_CORETYPE" in env:
        notes.append(f"OpenBLAS: kept this machine's OPENBLAS_CORETYPE={env['OPENBLAS_CORETYPE']}")
    elif machine in ("x86_64", "amd64"):
        # a CPU with FMA runs an FMA kernel natively: Sandy Bridge's has none;
        # one without FMA runs Sandy Bridge's or older: take the SSE3 generation
        env["OPENBLAS_CORETYPE"] = "Sandybridge" if "fma" in flags else "Prescott"
        notes.append(f"OpenBLAS: OPENBLAS_CORETYPE={env['OPENBLAS_CORETYPE']}")
    elif machine in ("aarch64", "arm64"):
        env["OPENBLAS_CORETYPE"] = "ARMV8"
        notes.append("OpenBLAS: OPENBLAS_CORETYPE=ARMV8 (generic kernel)")
    else:
        notes.append(f"OpenBLAS: no alternative kernel known for {machine}; unchanged")

    targets = _numpy_dispatch_targets()
    if targets:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(targets)
        notes.append(f"numpy: NPY_DISABLE_CPU_FEATURES={env['NPY_DISABLE_CPU_FEATURES']}")
    else:
        notes.append("numpy: no optional SIMD target is active; unchanged")

    xla = ["--xla_cpu_multi_thread_eigen=false"]
    if machine in ("x86_64", "amd64"):
        # below the CPU's own level: AVX without FMA, or SSE4.2 on a CPU without AVX2
        xla.append("--xla_cpu_max_isa=" + ("AVX" if "avx2" in flags else "SSE4_2"))
    env["XLA_FLAGS"] = " ".join([env.get("XLA_FLAGS", ""), *xla]).strip()
    notes.append(f"XLA: XLA_FLAGS={env['XLA_FLAGS']}")
    return env, notes


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    env, notes = perturbed_environment(dict(os.environ))
    print("Perturbed floating-point environment (a second strict nbval pass):")
    for note in notes:
        print("  " + note)
    sys.stdout.flush()
    return subprocess.call(argv, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
