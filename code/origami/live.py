"""The live version of an interactive figure: an ipywidgets panel that redraws as controls move.

The controls are ipywidgets' own, made by :meth:`ipywidgets.interactive.widget_from_abbrev`
from the abbreviations given to :func:`origami.interactive`; below them the picture (an
``Image`` widget showing :meth:`InteractiveFigure.frame`'s bytes) and a line of text saying
what it shows (the figure's ``describe``), as on the website. While the kernel is idle the
frames one control step away are rendered in advance, so that moving a control by one step
shows its picture at once. ipywidgets is imported here only, when a panel is first made.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import io
import time
import warnings
from typing import TYPE_CHECKING

from .controls import Control
from .frames import call

if TYPE_CHECKING:
    from .interactive_figure import InteractiveFigure

__all__ = ["make_panel", "neighbours", "PANEL_CLASS"]
__dir__ = __all__.copy  # dir() lists the public names only

#: Class of the panel (the same as the static figure's).
PANEL_CLASS = "origami-interactive"
# Seconds between two prefetched frames: lets the kernel handle waiting messages first.
_PREFETCH_PAUSE = 0.02


def _widget(c: Control):
    """ipywidgets' widget for the control's abbreviation, at its starting value."""
    import ipywidgets as widgets

    made = widgets.interactive.widget_from_abbrev(c.abbrev, c.values[c.default])
    made.description = c.name
    made.style = {"description_width": "initial"}
    if c.kind == "checkbox":
        made.indent = False
    if isinstance(made, widgets.FloatSlider):
        made.readout_format = f".{c.decimals}f"
    return made


def _position(c: Control, w) -> int:
    """The grid index a widget shows."""
    if c.kind == "checkbox":
        return int(bool(w.value))
    if c.kind == "dropdown":
        return int(w.index)
    k = round((w.value - c.values[0]) / c.step)
    return min(max(k, 0), len(c) - 1)


def neighbours(shape: tuple[int, ...], index: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Grid points one step away along each control, nearest controls first.

    Parameters
    ----------
    shape : tuple of int
        Number of values of each control (the grid's shape).
    index : tuple of int
        A grid index, one position per control.

    Returns
    -------
    list of tuple of int
        The indices that differ from ``index`` by one step in one control and lie on the grid:
        for each control in order, the next value, then the previous one.

    Examples
    --------
    >>> neighbours((3, 2), (0, 1))
    [(1, 1), (0, 0)]
    """
    out = []
    for i, n in enumerate(shape):
        for step in (1, -1):
            k = index[i] + step
            if 0 <= k < n:
                out.append(index[:i] + (k,) + index[i + 1 :])
    return out


def make_panel(figure: InteractiveFigure):
    """The ipywidgets panel of ``figure``: ``VBox([HBox(controls), Image, description, error])``.

    Parameters
    ----------
    figure : InteractiveFigure
        The figure whose controls, frames and descriptions the panel shows; its ``redraw_log``
        records each update, and its frames one step away are prefetched while the kernel is idle
        (when ``figure.prefetch``).

    Returns
    -------
    ipywidgets.VBox
        The panel; moving a control shows the new frame and description, or the error ``draw``
        raised (keeping the last picture).
    """
    import ipywidgets as widgets

    inputs = [_widget(c) for c in figure.controls]
    start = figure.values_at(figure.default_index)
    first = figure.frame(**start)
    image = widgets.Image(
        value=first.data,
        format="png" if first.mime == "image/png" else "svg+xml",
        layout=widgets.Layout(max_width="100%", height="auto"),
    )
    image.add_class("origami-frame")
    text = widgets.HTML(value=html.escape(figure.description(**start)))
    text.add_class("origami-description")
    error = widgets.HTML(layout=widgets.Layout(display="none"))

    def update(_change=None):
        began = time.perf_counter()
        index = tuple(_position(c, w) for c, w in zip(figure.controls, inputs))
        values = figure.values_at(index)
        cached = index in figure._cache
        try:
            picture, words = figure.frame(**values).data, figure.description(**values)
        except Exception as err:  # show it where the reader looks, keep the last picture
            error.value = f"<pre>{html.escape(f'{figure.name}({call(values)}) failed: {err!r}')}</pre>"
            error.layout.display = None
            return
        image.value, text.value = picture, html.escape(words)
        error.layout.display = "none"
        figure.redraw_log.append((values, time.perf_counter() - began, cached))
        _prefetch_around(figure, index)

    for w in inputs:
        w.observe(update, names="value")
    _prefetch_around(figure, figure.default_index)
    box = widgets.VBox(
        [widgets.HBox(inputs, layout=widgets.Layout(flex_flow="row wrap")), image, text, error]
    )
    box.add_class(PANEL_CLASS)
    return box


def _prefetch_around(figure: InteractiveFigure, index: tuple[int, ...]) -> None:
    """While the kernel is idle, render the frames one control step away.

    Each frame is rendered in its own event-loop callback, so a control moved meanwhile
    waits for at most one render, and a move by one step then finds its frame ready.
    Without a running event loop (plain Python) nothing is prefetched.
    """
    generation = getattr(figure, "_generation", 0) + 1
    figure._generation = generation  # ends the previous round
    figure.prefetching = False
    if not figure.prefetch:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    todo = [k for k in neighbours(figure.shape, index) if k not in figure._cache]

    def step():
        while todo and todo[0] in figure._cache:
            todo.pop(0)
        if generation != figure._generation:  # a newer update started its own round
            return
        if not todo:
            figure.prefetching = False
            return
        k = todo.pop(0)
        try:  # quietly: warnings of draw() would land in whichever cell runs now
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                figure.frame(**figure.values_at(k))
                figure.description(**figure.values_at(k))
        except Exception:  # the update that needs this frame will show the error
            pass
        loop.call_later(_PREFETCH_PAUSE, step)

    figure.prefetching = bool(todo)
    if todo:
        loop.call_later(_PREFETCH_PAUSE, step)
