"""Join consecutive stream outputs of the same name in executed notebooks, in place.

Usage: python scripts/merge_streams.py chapters/*.ipynb   (the last step of `make execute`)

How a kernel splits what a cell prints into stream messages depends on timing, so the same
cell can be stored as one output on one run and as three on the next. Joining them makes a
re-run change only real outputs. The rest of `make execute` is done by maintained tools:
nbclient's `jupyter execute` runs the notebooks, `nbstripout --keep-output` removes the
per-run metadata.
"""

from __future__ import annotations

import sys

import nbformat


def merge(outputs: list) -> list:
    """Consecutive stream outputs of the same name, joined into one."""
    merged: list = []
    for out in outputs:
        if (out.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == out.name):
            merged[-1].text += out.text
        else:
            merged.append(out)
    return merged


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__)
        return 2
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = merge(cell.outputs)
        nbformat.validate(nb)
        nbformat.write(nb, path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
