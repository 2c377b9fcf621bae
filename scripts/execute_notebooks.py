"""Re-run chapter notebooks in place, top to bottom, and strip volatile metadata.

Usage: python scripts/execute_notebooks.py chapters/*.ipynb   (what `make execute` runs)

Each notebook runs in a fresh kernel of *this* Python (the project's .venv), from
its own folder, exactly as nbval will re-run it. Afterwards execution timestamps
and other per-run metadata are removed so that a re-run changes only real outputs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

VOLATILE_CELL_KEYS = ("execution", "collapsed", "scrolled", "ExecuteTime")
VOLATILE_NOTEBOOK_KEYS = ("widgets", "vscode", "colab", "toc", "varInspector")


class _CurrentEnvKernelSpecs(KernelSpecManager):  # type: ignore[misc]
    """Always start the kernel with this interpreter, whatever kernelspecs are installed."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        from ipykernel.kernelspec import get_kernel_dict

        return KernelSpec(resource_dir="", **get_kernel_dict())


def clean(nb: nbformat.NotebookNode) -> None:
    """Remove per-run metadata from a notebook, in place."""
    for key in VOLATILE_NOTEBOOK_KEYS:
        nb.metadata.pop(key, None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata.get("language_info", {}).pop("version", None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
            cell.outputs = _merge_streams(cell.outputs)


def _merge_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same name: how prints are split is timing."""
    merged: list = []
    for out in outputs:
        if (out.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == out.name):
            merged[-1].text += out.text
        else:
            merged.append(out)
    return merged


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=_CurrentEnvKernelSpecs())
    client = NotebookClient(
        nb,
        km=km,
        timeout=600,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    clean(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    for p in paths:
        seconds = run(Path(p))
        print(f"{p}: executed in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
