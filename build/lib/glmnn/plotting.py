"""Figures of the course, each drawn on a given matplotlib axes.

Every function takes ``ax=None`` (a new figure is made only when no axes is
given), draws on ``ax`` alone, never calls ``plt.show()`` nor touches
``rcParams``, and returns ``ax``. Colours come from the Okabe-Ito palette,
which stays distinguishable with colour-vision deficiencies, and every
colour is paired with a second cue (marker or line style).

Chapter 1 uses all of them; chapter 5 reuses :func:`plot_network` for a small
softmax layer, drawn like the 32-input, 16-output network of the Keras documentation.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch
from numpy.typing import ArrayLike

from glmnn._checks import as_vector, as_xy, positive_int
from glmnn.neuron import logistic

__all__ = [
    "OKABE_ITO",
    "plot_logistic",
    "plot_points",
    "plot_decision_line",
    "plot_network",
    "plot_weight_growth",
]

#: Okabe & Ito's colour-blind-safe palette (black omitted).
OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "orange": "#E69F00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
}


def _axes(ax: Axes | None, figsize: tuple[float, float] = (6.0, 4.0)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_logistic(z_max: float = 6.0, ax: Axes | None = None) -> Axes:
    """The logistic curve ``sigma(z)`` on ``[-z_max, z_max]``, with its landmarks.

    Dotted guides mark ``sigma = 0``, ``1/2`` and ``1`` and the point ``z = 0``.

    Raises
    ------
    ValueError
        If ``z_max`` is not a positive number.
    """
    if isinstance(z_max, bool) or not isinstance(z_max, (int, float)) or not (0 < z_max < np.inf):
        raise ValueError(f"z_max must be a positive number, got {z_max!r}")
    ax = _axes(ax)
    z = np.linspace(-z_max, z_max, 401)
    ax.plot(z, logistic(z), color=OKABE_ITO["blue"], lw=2.5, label=r"$\sigma(z) = 1/(1+e^{-z})$")
    for level in (0.0, 0.5, 1.0):
        ax.axhline(level, color="0.6", lw=0.8, ls=":")
    ax.axvline(0.0, color="0.6", lw=0.8, ls=":")
    ax.set_xlabel("weighted sum $z$")
    ax.set_ylabel(r"output $\sigma(z)$")
    ax.set_xlim(-z_max, z_max)
    ax.set_ylim(-0.05, 1.05)
    ax.legend(loc="upper left", frameon=False)
    return ax


def plot_points(X: ArrayLike, y: ArrayLike, ax: Axes | None = None) -> Axes:
    """Scatter two-input examples: class 1 as blue circles, class 0 as vermillion squares.

    Raises
    ------
    ValueError
        If ``X`` does not have exactly two columns, is not finite, or if ``y``
        is not a 0/1 vector with one label per row of ``X``.
    """
    X, y = as_xy(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"X must have exactly 2 columns to be drawn in the plane, got {X.shape[1]}")
    for label, colour, marker in ((1.0, OKABE_ITO["blue"], "o"), (0.0, OKABE_ITO["vermillion"], "s")):
        pts = X[y == label]
        ax = _axes(ax, (5.0, 5.0))
        ax.scatter(pts[:, 0], pts[:, 1], s=90, color=colour, marker=marker,
                   edgecolor="black", linewidth=0.6, label=f"$y = {int(label)}$", zorder=3)
    ax = _axes(ax, (5.0, 5.0))
    ax.set_xlabel("input 1 ($x_1$)")
    ax.set_ylabel("input 2 ($x_2$)")
    return ax


def plot_decision_line(
    params: ArrayLike,
    ax: Axes | None = None,
    xlim: tuple[float, float] = (-0.5, 1.5),
    ylim: tuple[float, float] = (-0.5, 1.5),
    **line_kwargs: object,
) -> Axes:
    """The line ``b + w1 x1 + w2 x2 = 0`` where a two-input neuron outputs exactly 1/2.

    Parameters
    ----------
    params : array_like of shape (3,)
        ``(b, w1, w2)``, bias first.
    ax : matplotlib Axes, optional
    xlim, ylim : (float, float)
        The window; the line is clipped to it.
    **line_kwargs
        Passed to ``ax.plot`` (``color``, ``ls``, ``label``...).

    Raises
    ------
    ValueError
        If ``params`` is not a finite vector of length 3, or if both weights
        are 0 (then there is no line).
    """
    b, w1, w2 = as_vector(params, "params", length=3)
    if w1 == 0.0 and w2 == 0.0:
        raise ValueError("params has w1 = w2 = 0: the output is constant and there is no decision line")
    ax = _axes(ax, (5.0, 5.0))
    kwargs = {"color": "black", "lw": 2.0, **line_kwargs}
    if abs(w2) >= abs(w1):  # solve for x2
        x1 = np.array(xlim, dtype=float)
        ax.plot(x1, -(b + w1 * x1) / w2, **kwargs)  # type: ignore[arg-type]
    else:  # steep line: solve for x1
        x2 = np.array(ylim, dtype=float)
        ax.plot(-(b + w2 * x2) / w1, x2, **kwargs)  # type: ignore[arg-type]
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    return ax


def plot_network(
    n_inputs: int,
    n_outputs: int = 1,
    ax: Axes | None = None,
    activation: str = r"$\sigma$",
    input_labels: Sequence[str] | None = None,
    output_labels: Sequence[str] | None = None,
    weight_labels: bool | None = None,
    bias: bool = True,
) -> Axes:
    """Draw a network with no hidden layer: inputs, a bias node, and output neurons.

    Small networks get every node and weight labelled (``x_j``, ``w_j`` or
    ``w_jk``, ``b``); large ones such as 32 inputs and 16 outputs are drawn
    with thin edges and a count instead of labels. A small network with
    ``activation="softmax"`` and several outputs shows the coupling: each unit
    only forms its sum ``z_k``, and one shared softmax box turns all the sums
    into the probabilities; its classes are numbered from 0, as in Keras.

    Parameters
    ----------
    n_inputs, n_outputs : int
        Number of input nodes and of output neurons, each at least 1.
    ax : matplotlib Axes, optional
    activation : str
        Text written in each output neuron (e.g. ``r"$\\sigma$"``, ``"softmax"``).
    input_labels, output_labels : sequence of str, optional
        Names of the nodes; by default ``x_1...`` and the output ``p``.
    weight_labels : bool, optional
        Write the weight names on the edges; by default only when there are
        at most 12 edges.
    bias : bool, default True
        Draw the bias node (the constant input 1) and its edges.

    Raises
    ------
    ValueError
        If a count is not a positive integer or a label list has the wrong length.
    """
    n_inputs = positive_int(n_inputs, "n_inputs")
    n_outputs = positive_int(n_outputs, "n_outputs")
    if input_labels is not None and len(input_labels) != n_inputs:
        raise ValueError(f"input_labels must have {n_inputs} entries, got {len(input_labels)}")
    if output_labels is not None and len(output_labels) != n_outputs:
        raise ValueError(f"output_labels must have {n_outputs} entries, got {len(output_labels)}")
    n_edges = (n_inputs + int(bias)) * n_outputs
    if weight_labels is None:
        weight_labels = n_edges <= 12
    small = n_inputs <= 8 and n_outputs <= 4

    ax = _axes(ax, (6.0, 4.0) if small else (6.0, 7.0))
    n_left = n_inputs + int(bias)
    height = float(max(n_left, n_outputs) - 1) or 1.0
    y_in = np.linspace(height, 0.0, n_left) if n_left > 1 else np.array([height / 2])
    span_out = height * (n_outputs - 1) / max(n_left - 1, 1)
    y_out = (np.linspace(height / 2 + span_out / 2, height / 2 - span_out / 2, n_outputs)
             if n_outputs > 1 else np.array([height / 2]))
    x_in, x_out = 0.0, (3.0 if small else 0.8 * height)
    r_in = 0.28 if small else min(0.28, 0.38 * height / max(n_left, 1))
    r_out = 0.42 if small else min(0.42, 0.42 * height / max(n_outputs, 1))
    edge_style = ({"color": "0.25", "lw": 1.4} if small
                  else {"color": "0.35", "lw": 0.35, "alpha": 0.5})

    for j, yj in enumerate(y_in):
        is_bias = bias and j == n_left - 1
        for k, yk in enumerate(y_out):
            ax.plot([x_in + r_in, x_out - r_out], [yj, yk], zorder=1,
                    ls="--" if is_bias else "-", **edge_style)
            if weight_labels:
                t = 0.3 if n_outputs == 1 else 0.22 + 0.5 * k / max(n_outputs - 1, 1)
                xt, yt = x_in + t * (x_out - x_in), yj + t * (yk - yj)
                if is_bias:
                    name = "$b$" if n_outputs == 1 else f"$b_{{{k + 1}}}$"
                else:
                    name = f"$w_{{{j + 1}}}$" if n_outputs == 1 else f"$w_{{{j + 1}{k + 1}}}$"
                ax.text(xt, yt, name, ha="center", va="center", fontsize=12, zorder=4,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
        face = "white" if is_bias else OKABE_ITO["sky"]
        shape = plt.Rectangle((x_in - r_in, yj - r_in), 2 * r_in, 2 * r_in) if is_bias \
            else plt.Circle((x_in, yj), r_in)
        shape.set(facecolor=face, edgecolor="black", lw=1.0 if small else 0.5, zorder=2)
        ax.add_patch(shape)
        if small:
            text = "1" if is_bias else (input_labels[j] if input_labels else f"$x_{{{j + 1}}}$")
            ax.text(x_in - r_in - 0.15, yj, text, ha="right", va="center", fontsize=13)

    # a softmax couples the outputs: each unit only sums, one shared box normalises
    coupled = small and activation == "softmax" and n_outputs > 1
    x_box = x_out + r_out + 0.5  # left edge of the shared softmax box
    for k, yk in enumerate(y_out):
        ax.add_patch(plt.Circle((x_out, yk), r_out, facecolor=OKABE_ITO["orange"],
                                edgecolor="black", lw=1.0 if small else 0.5, zorder=2))
        if small:
            name = (output_labels[k] if output_labels
                    else (r"$\hat p$" if n_outputs == 1 else rf"$\hat p_{{{k + 1}}}$"))
            if coupled:  # classes numbered from 0, as Keras and statsmodels number them
                if not output_labels:
                    name = rf"$\hat p_{{{k}}}$"
                ax.text(x_out, yk, rf"$z_{{{k}}}$", ha="center", va="center", fontsize=13)
                ax.annotate("", xy=(x_box, yk), xytext=(x_out + r_out, yk),
                            arrowprops={"arrowstyle": "->", "lw": 1.4})
                ax.annotate("", xy=(x_box + 1.5, yk), xytext=(x_box + 0.8, yk),
                            arrowprops={"arrowstyle": "->", "lw": 1.4})
                ax.text(x_box + 1.6, yk, name, ha="left", va="center", fontsize=13)
                continue
            ax.text(x_out, yk, rf"$\Sigma$ | {activation}", ha="center", va="center", fontsize=11)
            ax.annotate("", xy=(x_out + r_out + 0.7, yk), xytext=(x_out + r_out, yk),
                        arrowprops={"arrowstyle": "->", "lw": 1.4})
            ax.text(x_out + r_out + 0.8, yk, name, ha="left", va="center", fontsize=13)
    if coupled:
        low, high = y_out.min() - r_out, y_out.max() + r_out
        ax.add_patch(FancyBboxPatch((x_box, low), 0.8, high - low, boxstyle="round,pad=0.05",
                                    facecolor=OKABE_ITO["yellow"], edgecolor="black", lw=1.0,
                                    zorder=2))
        ax.text(x_box + 0.4, (low + high) / 2, "softmax", rotation=90, ha="center",
                va="center", fontsize=13, zorder=3)

    if not small:
        ax.text(x_in, -1.2, f"{n_inputs} inputs" + ("\n+ bias (square)" if bias else ""),
                ha="center", va="top", fontsize=12)
        ax.text(x_out, -1.2, f"{n_outputs} outputs\n({activation})", ha="center", va="top",
                fontsize=12)
    right = (3.0 if coupled else 1.8) if small else 0.15 * height
    ax.set_xlim(-1.2 if small else -0.15 * height, x_out + right)
    ax.set_ylim(-0.8 if small else -0.15 * height, height + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_weight_growth(
    epochs: ArrayLike,
    norms: ArrayLike,
    ax: Axes | None = None,
    **line_kwargs: object,
) -> Axes:
    """Norm of the parameter vector against the number of epochs, epochs on a log axis.

    Parameters
    ----------
    epochs : array_like of shape (k,)
        Positive epoch numbers, increasing.
    norms : array_like of shape (k,)
        The Euclidean norm of ``(b, w)`` after each of those epochs.
    ax : matplotlib Axes, optional
    **line_kwargs
        Passed to ``ax.plot`` (``label``, ``color``...).

    Raises
    ------
    ValueError
        If the arrays differ in length, epochs are not positive and increasing,
        or norms are negative.
    """
    e = as_vector(epochs, "epochs")
    nrm = as_vector(norms, "norms", length=e.size)
    if e.size == 0 or np.any(e <= 0) or np.any(np.diff(e) <= 0):
        raise ValueError("epochs must be positive and strictly increasing")
    if np.any(nrm < 0):
        raise ValueError("norms must be non-negative")
    ax = _axes(ax)
    kwargs = {"color": OKABE_ITO["blue"], "marker": "o", "ms": 4, "lw": 2.0, **line_kwargs}
    ax.semilogx(e, nrm, **kwargs)  # type: ignore[arg-type]
    ax.set_xlabel("epochs (log scale)")
    ax.set_ylabel(r"norm of the parameters $\|(b, w)\|$")
    ax.grid(True, which="major", color="0.85", lw=0.8)
    return ax
