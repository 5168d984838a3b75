"""Interactive figures that work everywhere: JupyterLab, Binder, Thebe and the static website.

``interactive(draw, w=(-2.0, 2.0, 0.25), depth=[1, 2, 3])`` wires controls to a function that
draws a matplotlib figure. What it shows depends on where it runs:

* **In a live kernel** (JupyterLab, Binder, Thebe) it is an ipywidgets control panel: moving a
  control calls ``draw`` and shows the new picture.
* **On the static website** every picture of the control grid is rendered when the book is
  built and embedded in the page; a small vanilla script
  (``book/assets/interactive/origami-interactive.js``) swaps them as the reader moves the
  controls. No kernel, no network.

Both modes render a picture with the same function (:meth:`InteractiveFigure.frame`), so the
same control values give byte-identical pictures. The build switches to static mode through
the Sphinx extension in this module (``sphinx: extra_extensions: [origami.interactive]``),
which sets ``ORIGAMI_INTERACTIVE=static`` for the kernels that execute the chapters and adds
the script and style sheet to the pages that need them.

Controls
--------
``name=(min, max, step)`` or ``(min, max, step, value)``
    A slider over ``min, min + step, ...`` up to ``max``; integers give an integer slider.
    Without ``value`` it starts at the grid point nearest the middle.
``name=[a, b, c]``, ``name=[("label", a), ...]`` or ``name={"label": a, ...}``
    A dropdown; it starts at the first option.
``name=True`` or ``name=False``
    A checkbox.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import html
import inspect
import io
import itertools
import json
import math
import os
import pickle
import select
import shutil
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np

#: Environment variable that selects the mode: ``static`` (all frames as HTML) or ``live``.
MODE_ENV = "ORIGAMI_INTERACTIVE"
#: Environment variable: how many processes render static frames (1: no parallel rendering).
JOBS_ENV = "ORIGAMI_INTERACTIVE_JOBS"
#: Default limit on the number of frames (grid points) of one figure.
FRAME_BUDGET = 250
#: Default limit on the bytes of the distinct frames of one figure (before base64).
BYTE_BUDGET = 2_000_000
#: Default largest frame width in pixels (the book's text column shows at most 790).
MAX_WIDTH = 800
#: Class of the element that holds a static interactive figure in the HTML.
HTML_CLASS = "origami-interactive"
#: Version of the data format shared by the HTML and the script.
DATA_VERSION = 1

_MIME = {"png": "image/png", "svg": "image/svg+xml"}
_SVG_SALT = "origami-interactive"
# One frame is drawn at a time in a process: a control's update and a prefetch step can run on
# different threads of a kernel, and matplotlib's global state is not thread-safe.
_RENDER_LOCK = threading.RLock()

# Seconds between two prefetched frames: lets the kernel handle waiting messages first.
_PREFETCH_PAUSE = 0.02
# When not None, every new InteractiveFigure is appended (benchmarks and tests use it).
_TRACK: list | None = None


# --------------------------------------------------------------------------- controls
@dataclass(frozen=True)
class Control:
    """One control: a name, its grid of values and how it is shown.

    Attributes
    ----------
    name : str
    kind : {"slider", "dropdown", "checkbox"}
    values : tuple
        The values ``draw`` can receive, in control order.
    labels : tuple of str
        What the reader sees for each value (the slider readout, the dropdown entries).
    default : int
        Index of the starting value.
    """

    name: str
    kind: str
    values: tuple
    labels: tuple
    default: int

    def __len__(self) -> int:
        return len(self.values)

    @property
    def is_int(self) -> bool:
        return self.kind == "slider" and all(isinstance(v, int) for v in self.values)

    @property
    def step(self) -> float:
        return self.values[1] - self.values[0] if len(self.values) > 1 else 1

    def index_of(self, value) -> int:
        """The grid index of ``value``, which must be one of the control's values."""
        if self.kind == "slider":
            if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
                raise ValueError(f"control {self.name!r} takes a number, got {value!r}")
            k = round((float(value) - self.values[0]) / self.step)
            if not 0 <= k < len(self.values) or not math.isclose(
                self.values[k], value, rel_tol=1e-9, abs_tol=1e-9 * abs(self.step)
            ):
                raise ValueError(
                    f"control {self.name!r}: {value!r} is not one of its values "
                    f"{self.labels[0]}, {self.labels[1] if len(self) > 1 else ''}, ..., {self.labels[-1]}"
                )
            return k
        for k, v in enumerate(self.values):
            if v is value or _equal(v, value):
                return k
        raise ValueError(f"control {self.name!r}: {value!r} is not one of {list(self.labels)}")


def _equal(a, b) -> bool:
    try:
        return bool(a == b)
    except Exception:  # e.g. arrays compare elementwise
        return False


def _is_number(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


def _decimals(values: Sequence[float]) -> int:
    """The fewest decimals that show every value of a float grid exactly."""
    for d in range(7):
        if all(abs(round(v, d) - v) <= 1e-9 * max(1.0, abs(v)) for v in values):
            return d
    return 6


def _slider(name: str, spec: tuple) -> Control:
    if len(spec) not in (3, 4) or not all(_is_number(v) for v in spec):
        raise ValueError(
            f"control {name!r} must be (min, max, step) or (min, max, step, value) with numbers, "
            f"got {spec!r}"
        )
    lo, hi, step = spec[:3]
    if not all(math.isfinite(v) for v in spec):
        raise ValueError(f"control {name!r} has a value that is not finite: {spec!r}")
    if not lo < hi:
        raise ValueError(f"control {name!r}: min must be less than max, got min={lo!r}, max={hi!r}")
    if not step > 0:
        raise ValueError(f"control {name!r}: step must be positive, got {step!r}")
    n = int(math.floor((hi - lo) / step * (1 + 1e-12) + 1e-9)) + 1
    if n < 2:
        raise ValueError(f"control {name!r}: step {step!r} is larger than max - min = {hi - lo!r}")
    integer = all(isinstance(v, (int, np.integer)) for v in spec)
    if integer:
        values = tuple(int(lo) + k * int(step) for k in range(n))
        labels = tuple(str(v) for v in values)
    else:
        values = tuple(round(float(lo) + k * float(step), 12) for k in range(n))
        d = _decimals(values)
        labels = tuple(f"{v:.{d}f}" for v in values)
    start = spec[3] if len(spec) == 4 else (lo + hi) / 2
    if not lo - 1e-9 * abs(step) <= start <= hi + 1e-9 * abs(step):
        raise ValueError(f"control {name!r}: value {start!r} is outside [{lo!r}, {hi!r}]")
    default = min(range(n), key=lambda k: (abs(values[k] - start), k))
    return Control(name, "slider", values, labels, default)


def _dropdown(name: str, spec) -> Control:
    items = list(spec.items()) if isinstance(spec, Mapping) else list(spec)
    if not items:
        raise ValueError(f"control {name!r}: a dropdown needs at least one option")
    if isinstance(spec, Mapping):
        labels, values = [str(k) for k, _ in items], [v for _, v in items]
    elif all(isinstance(i, tuple) and len(i) == 2 and isinstance(i[0], str) for i in items):
        labels, values = [i[0] for i in items], [i[1] for i in items]
    else:
        labels, values = [str(v) for v in items], items
    if len(set(labels)) != len(labels):
        raise ValueError(f"control {name!r}: options must have distinct labels, got {labels}")
    return Control(name, "dropdown", tuple(values), tuple(labels), 0)


def parse_control(name: str, spec) -> Control:
    """Turn one ``name=spec`` keyword of :func:`interactive` into a :class:`Control`.

    Raises
    ------
    ValueError
        If the specification is not a slider tuple, an option list or mapping, or a bool;
        the message names the control.
    """
    if isinstance(spec, (bool, np.bool_)):
        return Control(name, "checkbox", (False, True), ("off", "on"), int(bool(spec)))
    if isinstance(spec, tuple) and spec and all(_is_number(v) for v in spec):
        return _slider(name, spec)
    if isinstance(spec, (list, Mapping)) or (isinstance(spec, tuple) and spec):
        if isinstance(spec, tuple) and not all(isinstance(i, tuple) and len(i) == 2 for i in spec):
            raise ValueError(
                f"control {name!r}: a tuple makes a slider and must hold (min, max, step[, value]) "
                f"numbers; use a list for a dropdown, got {spec!r}"
            )
        return _dropdown(name, spec)
    raise ValueError(
        f"control {name!r} must be (min, max, step[, value]) for a slider, a list or dict of "
        f"options for a dropdown, or a bool for a checkbox, got {spec!r}"
    )


# --------------------------------------------------------------------------- frames
@dataclass(frozen=True)
class Frame:
    """One rendered picture: its MIME type and bytes."""

    mime: str
    data: bytes

    @property
    def base64(self) -> str:
        return base64.b64encode(self.data).decode("ascii")

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{self.base64}"


def _as_figure(result, name: str):
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    if isinstance(result, Figure):
        return result
    if isinstance(result, SubFigure):
        return result.figure
    if isinstance(result, Axes):
        return result.figure
    if isinstance(result, np.ndarray) and result.size and isinstance(result.flat[0], Axes):
        return result.flat[0].figure
    raise TypeError(f"{name}() must return a matplotlib Figure (or Axes), got {type(result).__name__}")


def _render_png(fig, dpi: float, colors: int | None) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # one draw: the layout engine runs inside it
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    if rgba.getextrema()[3][0] < 255:  # transparent parts: flatten onto white
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        rgba = Image.alpha_composite(white, rgba)
    image = rgba.convert("RGB")
    if colors:
        image = image.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="png", compress_level=6)  # level 9: 10 % smaller, 25 ms slower
    return out.getvalue()


def _render_svg(fig, dpi: float) -> bytes:
    out = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": _SVG_SALT, "svg.fonttype": "path"}):
        fig.savefig(out, format="svg", dpi=dpi, metadata={"Date": None})
    return out.getvalue()


# --------------------------------------------------------------------------- the figure
class InteractiveFigure:
    """A figure with controls; shows itself as a live widget or as static frames.

    Build it with :func:`interactive`. Displaying it (the last expression of a cell) shows the
    live control panel in a kernel with a widget front end, or the self-contained static
    version when the book is built (see the module docstring).

    Attributes
    ----------
    draw : callable
    controls : list of Control
    shape : tuple of int
        Number of values of each control; the grid has ``prod(shape)`` frames.
    redraw_log : list of (dict, float, bool)
        For the live widget: the values, the seconds the update took and whether the frame
        came from the cache (rendered before, or prefetched while the kernel was idle).
    prefetching : bool
        True while neighbouring frames are being rendered in the background.
    """

    def __init__(
        self,
        draw: Callable[..., Any],
        controls: Mapping[str, Any],
        *,
        frame_budget: int = FRAME_BUDGET,
        byte_budget: int = BYTE_BUDGET,
        fmt: str = "auto",
        dpi: float = 100,
        max_width: int | None = MAX_WIDTH,
        colors: int | None = 256,
        alt: str | None = None,
        prefetch: bool = True,
    ):
        if not callable(draw):
            raise TypeError(f"draw must be callable, got {type(draw).__name__}")
        if fmt not in ("auto", "png", "svg"):
            raise ValueError(f"fmt must be 'auto', 'png' or 'svg', got {fmt!r}")
        if not (isinstance(frame_budget, int) and frame_budget >= 1):
            raise ValueError(f"frame_budget must be a positive int, got {frame_budget!r}")
        if not (isinstance(byte_budget, int) and byte_budget >= 1):
            raise ValueError(f"byte_budget must be a positive int, got {byte_budget!r}")
        if not (_is_number(dpi) and dpi > 0):
            raise ValueError(f"dpi must be a positive number, got {dpi!r}")
        if max_width is not None and not (isinstance(max_width, int) and max_width >= 16):
            raise ValueError(f"max_width must be None or an int >= 16 (pixels), got {max_width!r}")
        if colors is not None and not (isinstance(colors, int) and 2 <= colors <= 256):
            raise ValueError(f"colors must be None or an int in [2, 256], got {colors!r}")
        self.draw = draw
        self.name = getattr(draw, "__name__", type(draw).__name__)
        self.controls = [parse_control(name, spec) for name, spec in controls.items()]
        self._check_signature()
        self.shape = tuple(len(c) for c in self.controls)
        self.n_frames = math.prod(self.shape)
        if self.n_frames > frame_budget:
            sizes = " × ".join(f"{c.name}: {len(c)}" for c in self.controls)
            raise ValueError(
                f"interactive figure {self.name}() would need {self.n_frames} frames ({sizes}), "
                f"more than frame_budget={frame_budget}; use fewer or coarser controls "
                f"(a larger step), or raise frame_budget"
            )
        self.frame_budget, self.byte_budget = frame_budget, byte_budget
        self.dpi, self.max_width, self.colors, self.fmt = dpi, max_width, colors, fmt
        self.alt = alt or (
            f"Interactive figure drawn by {self.name}() with controls "
            + ", ".join(c.name for c in self.controls)
        )
        self.prefetch = prefetch
        self.prefetching = False
        self._generation = 0
        self._cache: dict[tuple, Frame] = {}
        self._layouts: dict[int, list] = {}  # the starting frame's axes: count -> positions
        self._widget = None
        self.redraw_log: list[tuple[dict, float, bool]] = []
        if _TRACK is not None:
            _TRACK.append(self)

    def _check_signature(self) -> None:
        try:
            signature = inspect.signature(self.draw)
        except (TypeError, ValueError):  # builtins and some callables have none
            return
        names = [c.name for c in self.controls]
        try:
            signature.bind(**dict.fromkeys(names))
        except TypeError as err:
            accepted = set(signature.parameters)
            extra = [n for n in names if n not in accepted]
            if extra and not any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values()):
                raise ValueError(
                    f"control {extra[0]!r} is not a parameter of {self.name}{signature}"
                ) from None
            raise ValueError(f"{self.name}{signature} cannot be called with the controls {names}: {err}") from None

    # ---------------------------------------------------------------- grid
    @property
    def default_index(self) -> tuple[int, ...]:
        return tuple(c.default for c in self.controls)

    def values_at(self, index: Sequence[int]) -> dict:
        """The keyword arguments of ``draw`` at a grid index (one position per control)."""
        if len(index) != len(self.controls):
            raise ValueError(f"index must have {len(self.controls)} positions, got {len(index)}")
        return {c.name: c.values[k] for c, k in zip(self.controls, index)}

    def index_of(self, values: Mapping[str, Any]) -> tuple[int, ...]:
        """The grid index of control values; missing controls take their default."""
        unknown = set(values) - {c.name for c in self.controls}
        if unknown:
            raise ValueError(f"no control named {sorted(unknown)[0]!r}; controls: {[c.name for c in self.controls]}")
        return tuple(c.index_of(values[c.name]) if c.name in values else c.default for c in self.controls)

    def flat_index(self, index: Sequence[int]) -> int:
        """Position of a grid index in row-major order (the last control varies fastest)."""
        return int(np.ravel_multi_index(tuple(index), self.shape)) if self.shape else 0

    # ---------------------------------------------------------------- rendering
    @property
    def format(self) -> str:
        """``png`` or ``svg``; with ``fmt='auto'`` the smaller for the starting frame."""
        if self.fmt == "auto":
            start = self.default_index
            svg = self._render(start, "svg")
            png = self._render(start, "png")
            self.fmt = "svg" if len(svg.data) < len(png.data) else "png"
            self._cache[start] = svg if self.fmt == "svg" else png
        return self.fmt

    def _render(self, index: tuple[int, ...], fmt: str) -> Frame:
        with _RENDER_LOCK:  # matplotlib (its mathtext parser above all) is not thread-safe
            return self._render_unlocked(index, fmt)

    def _render_unlocked(self, index: tuple[int, ...], fmt: str) -> Frame:
        import matplotlib.pyplot as plt

        values = self.values_at(index)
        try:
            fig = _as_figure(self.draw(**values), self.name)
        except Exception as err:
            if hasattr(err, "add_note"):  # Python >= 3.11
                err.add_note(f"while drawing the interactive figure {self.name}({_call(values)})")
            raise
        try:
            plt.close(fig)  # never shown by the inline backend
            dpi = self.dpi
            if self.max_width:  # never wider than the page shows it
                dpi = min(dpi, self.max_width / fig.get_figwidth())
            self._freeze_layout(fig, dpi, is_start=index == self.default_index)
            data = _render_svg(fig, dpi) if fmt == "svg" else _render_png(fig, dpi, self.colors)
        finally:
            fig.clear()
        return Frame(_MIME[fmt], data)

    def _freeze_layout(self, fig, dpi: float, is_start: bool) -> None:
        """Place the axes where the layout engine put them in the starting frame.

        A constrained or tight layout costs more than drawing the frame itself. Every frame of
        a figure has the same axes, so the positions computed once, for the starting frame,
        serve them all (in both modes, whatever order frames are drawn in, and whatever the
        kernel's default resolution). A frame with other axes is laid out on its own.
        """
        if fig.get_layout_engine() is None:
            return
        if not self._layouts:  # lay out the starting frame, once
            import matplotlib.pyplot as plt

            start = fig if is_start else _as_figure(self.draw(**self.values_at(self.default_index)), self.name)
            plt.close(start)
            start.set_dpi(dpi)  # lay out at the resolution the frames are drawn at
            start.draw_without_rendering()  # runs the layout engine
            self._layouts[len(start.axes)] = [ax.get_position(original=True) for ax in start.axes]
            if start is not fig:
                start.clear()
        positions = self._layouts.get(len(fig.axes))
        if positions is None:
            return
        fig.set_layout_engine("none")
        for ax, position in zip(fig.axes, positions):
            ax.set_position(position)

    def frame(self, **values) -> Frame:
        """The picture for control values (missing ones take their default).

        The live widget and the static HTML both show exactly these bytes.
        """
        index = self.index_of(values)
        fmt = self.format
        if index not in self._cache:
            self._cache[index] = self._render(index, fmt)
        return self._cache[index]

    def frames(self) -> tuple[list[Frame], list[int]]:
        """Render the whole grid.

        Returns
        -------
        frames : list of Frame
            The distinct pictures.
        index : list of int, length ``n_frames``
            ``frames[index[flat_index(i)]]`` is the picture at grid index ``i``.

        Raises
        ------
        ValueError
            As soon as the distinct frames exceed ``byte_budget`` bytes.
        """
        frames: list[Frame] = []
        seen: dict[bytes, int] = {}
        index: list[int] = []
        total = 0
        grid = list(itertools.product(*(range(n) for n in self.shape)))
        jobs = _jobs()
        batch = 8 * jobs
        for done, grid_index in enumerate(grid):
            if done % batch == 0 and jobs > 1:
                self._render_parallel(grid[done : done + batch], jobs)
            frame = self.frame(**self.values_at(grid_index))
            key = hashlib.sha256(frame.data).digest()
            if key not in seen:
                seen[key] = len(frames)
                frames.append(frame)
                total += len(frame.data)
                if total > self.byte_budget:
                    estimate = total / (done + 1) * self.n_frames
                    raise ValueError(
                        f"interactive figure {self.name}(): its frames exceed byte_budget="
                        f"{self.byte_budget} bytes after {done + 1} of {self.n_frames} frames "
                        f"(about {estimate / 1e6:.1f} MB for all); use fewer grid points, a "
                        f"smaller figure or dpi, or raise byte_budget"
                    )
            index.append(seen[key])
        return frames, index

    def _render_parallel(self, indices: list[tuple[int, ...]], jobs: int) -> None:
        """Render the frames not yet cached in ``jobs`` processes (forked: Linux only).

        The children are copies of this process, so their pictures are the same bytes. Any
        frame a child fails to deliver in time is simply left to the serial loop.
        """
        fmt = self.format
        todo = [k for k in indices if k not in self._cache]
        if len(todo) < 2:
            return
        chunks = [todo[i::jobs] for i in range(jobs)]
        children = []
        for chunk in chunks[1:]:
            if chunk:
                children.append(_fork_render(self, chunk, fmt))
        start = time.perf_counter()
        for k in chunks[0]:
            self._cache[k] = self._render(k, fmt)
        # a child gets ample time: ten times the parent's share, at least a minute
        deadline = time.monotonic() + max(60.0, 10 * (time.perf_counter() - start))
        for child in children:
            for k, data in _collect(child, deadline):
                self._cache.setdefault(k, Frame(_MIME[fmt], data))

    # ---------------------------------------------------------------- static HTML
    def to_html(self) -> str:
        """The self-contained static version: controls, all frames, no kernel needed."""
        frames, index = self.frames()
        first = frames[index[self.flat_index(self.default_index)]]
        width = None
        if first.mime == "image/png":
            width = int.from_bytes(first.data[16:20], "big")
        data = {
            "version": DATA_VERSION,
            "name": self.name,
            "mime": first.mime,
            "controls": [
                {"name": c.name, "kind": c.kind, "labels": list(c.labels), "default": c.default}
                for c in self.controls
            ],
            "shape": list(self.shape),
            "index": index,
            "frames": [f.base64 for f in frames],
        }
        payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
        controls = "\n".join(_html_control(i, c) for i, c in enumerate(self.controls))
        size = f' width="{width}"' if width else ""
        return (
            f'<div class="{HTML_CLASS}" data-frames="{self.n_frames}" '
            f'data-distinct-frames="{len(frames)}" data-bytes="{sum(len(f.data) for f in frames)}">\n'
            f'<div class="origami-controls">\n{controls}\n</div>\n'
            f'<img class="origami-frame" src="{first.data_uri}"{size} alt="{html.escape(self.alt)}">\n'
            f'<script type="application/json" class="origami-data">{payload}</script>\n'
            "</div>"
        )

    # ---------------------------------------------------------------- live widget
    @property
    def widget(self):
        """The live ipywidgets panel (created on first use)."""
        if self._widget is None:
            self._widget = self._make_widget()
        return self._widget

    def _make_widget(self):
        import ipywidgets as widgets

        inputs = [_widget_control(c) for c in self.controls]
        first = self.frame(**self.values_at(self.default_index))
        image = widgets.Image(
            value=first.data,
            format=self.format if self.format == "png" else "svg+xml",
            layout=widgets.Layout(max_width="100%", height="auto"),
        )
        image.add_class("origami-frame")
        error = widgets.HTML(layout=widgets.Layout(display="none"))

        def update(_change=None):
            start = time.perf_counter()
            index = tuple(_widget_position(c, w) for c, w in zip(self.controls, inputs))
            values = self.values_at(index)
            cached = index in self._cache
            try:
                image.value = self.frame(**values).data
            except Exception as err:  # show it where the reader looks, keep the last picture
                error.value = f"<pre>{html.escape(f'{self.name}({_call(values)}) failed: {err!r}')}</pre>"
                error.layout.display = None
                return
            error.layout.display = "none"
            self.redraw_log.append((values, time.perf_counter() - start, cached))
            self._prefetch_around(index)

        for w in inputs:
            w.observe(update, names="value")
        self._prefetch_around(self.default_index)
        box = widgets.VBox(
            [widgets.HBox(inputs, layout=widgets.Layout(flex_flow="row wrap")), image, error]
        )
        box.add_class(HTML_CLASS)
        return box

    def _neighbours(self, index: tuple[int, ...]) -> list[tuple[int, ...]]:
        """Grid points one step away along each control, nearest controls first."""
        out = []
        for i, n in enumerate(self.shape):
            for step in (1, -1):
                k = index[i] + step
                if 0 <= k < n:
                    out.append(index[:i] + (k,) + index[i + 1 :])
        return out

    def _prefetch_around(self, index: tuple[int, ...]) -> None:
        """While the kernel is idle, render the frames one control step away.

        Each frame is rendered in its own event-loop callback, so a control moved meanwhile
        waits for at most one render, and a move by one step then finds its frame ready.
        Without a running event loop (plain Python) nothing is prefetched.
        """
        self._generation += 1  # ends the previous round
        self.prefetching = False
        if not self.prefetch:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        generation = self._generation
        todo = [k for k in self._neighbours(index) if k not in self._cache]

        def step():
            while todo and todo[0] in self._cache:
                todo.pop(0)
            if generation != self._generation:  # a newer update started its own round
                return
            if not todo:
                self.prefetching = False
                return
            k = todo.pop(0)
            try:  # quietly: warnings of draw() would land in whichever cell runs now
                with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                    warnings.simplefilter("ignore")
                    self._cache[k] = self._render(k, self.format)
            except Exception:  # the update that needs this frame will show the error
                pass
            loop.call_later(_PREFETCH_PAUSE, step)

        self.prefetching = bool(todo)
        if todo:
            loop.call_later(_PREFETCH_PAUSE, step)

    # ---------------------------------------------------------------- display
    def _repr_mimebundle_(self, include=None, exclude=None):
        if mode() == "static":
            html_text = self.to_html()
            first = self.frame(**self.values_at(self.default_index))
            bundle = {"text/html": html_text, "text/plain": repr(self)}
        else:
            bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
            first = self.frame(**self.values_at(self.default_index))
            bundle["text/plain"] = repr(self)
        # A still picture for front ends without widgets or HTML (PDF, GitHub, nbconvert).
        bundle[first.mime] = first.base64 if first.mime == "image/png" else first.data.decode()
        return bundle

    def __repr__(self) -> str:
        sizes = " × ".join(f"{c.name}: {len(c)}" for c in self.controls) or "no controls"
        return f"<interactive figure {self.name}(): {sizes} = {self.n_frames} frames>"


def _jobs() -> int:
    """Processes that render the static frames: ``ORIGAMI_INTERACTIVE_JOBS`` or the CPUs (<= 4)."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return 1
    value = os.environ.get(JOBS_ENV, "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"{JOBS_ENV} must be a positive integer, got {value!r}")
        return int(value)
    return max(1, min(4, len(os.sched_getaffinity(0))))


def _fork_render(fig: InteractiveFigure, chunk: list, fmt: str) -> tuple[int, int]:
    """Fork a child that renders ``chunk`` and writes ``[(index, bytes), ...]`` to a pipe."""
    read, write = os.pipe()
    with warnings.catch_warnings():  # Python >= 3.12 warns about fork in a threaded process
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: render, write, leave without running any cleanup
        code = 1
        try:
            os.close(read)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            # the kernel's streams talk to threads that do not exist in the child
            sys.stdout = sys.stderr = open(os.devnull, "w")
            out = [(k, fig._render(k, fmt).data) for k in chunk]
            with os.fdopen(write, "wb") as pipe:
                pickle.dump(out, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _collect(child: tuple[int, int], deadline: float) -> list:
    """The frames a forked child rendered, or [] if it failed or ran past the deadline."""
    pid, read = child
    chunks, ok = [], False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read], [], [], remaining)[0]:
                break  # too slow: give up on this child
            data = os.read(read, 1 << 20)
            if not data:
                ok = True
                break
            chunks.append(data)
    finally:
        os.close(read)
        if not ok:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if not ok or status != 0:
        return []
    try:
        return pickle.loads(b"".join(chunks))
    except Exception:
        return []


def _call(values: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in values.items())


def _html_control(i: int, c: Control) -> str:
    name = html.escape(c.name)
    if c.kind == "slider":
        label = html.escape(c.labels[c.default])
        return (
            f'<label class="origami-control origami-slider"><span class="origami-name">{name}</span>'
            f'<input type="range" data-control="{i}" min="0" max="{len(c) - 1}" step="1" '
            f'value="{c.default}" aria-valuetext="{label}" autocomplete="off" disabled>'
            f'<output class="origami-readout">{label}</output></label>'
        )
    if c.kind == "checkbox":
        checked = " checked" if c.default else ""
        return (
            f'<label class="origami-control origami-checkbox"><input type="checkbox" '
            f'data-control="{i}" autocomplete="off"{checked} disabled>'
            f'<span class="origami-name">{name}</span></label>'
        )
    options = "".join(
        f'<option value="{k}"{" selected" if k == c.default else ""}>{html.escape(label)}</option>'
        for k, label in enumerate(c.labels)
    )
    return (
        f'<label class="origami-control origami-dropdown"><span class="origami-name">{name}</span>'
        f'<select data-control="{i}" autocomplete="off" disabled>{options}</select></label>'
    )


def _widget_control(c: Control):
    import ipywidgets as widgets

    style = {"description_width": "initial"}
    if c.kind == "checkbox":
        return widgets.Checkbox(value=bool(c.default), description=c.name, style=style, indent=False)
    if c.kind == "dropdown":
        return widgets.Dropdown(
            options=list(zip(c.labels, range(len(c)))), value=c.default, description=c.name, style=style
        )
    if c.is_int:
        return widgets.IntSlider(
            value=c.values[c.default], min=c.values[0], max=c.values[-1], step=c.step,
            description=c.name, style=style,
        )
    return widgets.FloatSlider(
        value=c.values[c.default], min=c.values[0], max=c.values[-1], step=c.step,
        description=c.name, readout_format=f".{_decimals(c.values)}f", style=style,
    )


def _widget_position(c: Control, w) -> int:
    if c.kind == "checkbox":
        return int(bool(w.value))
    if c.kind == "dropdown":
        return int(w.value)
    k = round((w.value - c.values[0]) / c.step)
    return min(max(k, 0), len(c) - 1)


def mode() -> str:
    """``static`` when building the website, else ``live`` (from ``ORIGAMI_INTERACTIVE``)."""
    value = os.environ.get(MODE_ENV, "live").strip().lower() or "live"
    if value not in ("static", "live"):
        raise ValueError(f"{MODE_ENV} must be 'static' or 'live', got {value!r}")
    return value


def interactive(
    draw: Callable[..., Any],
    /,
    *,
    frame_budget: int = FRAME_BUDGET,
    byte_budget: int = BYTE_BUDGET,
    fmt: str = "auto",
    dpi: float = 100,
    max_width: int | None = MAX_WIDTH,
    colors: int | None = 256,
    alt: str | None = None,
    prefetch: bool = True,
    **controls,
):  # -> InteractiveFigure (not annotated: the API page documents this function only)
    """An interactive figure: controls wired to a function that draws a matplotlib figure.

    Make it the last expression of a cell. In a live kernel it shows an ipywidgets panel whose
    controls redraw the figure; on the built website it shows every frame of the control grid,
    rendered at build time, swapped by a small script without a kernel.

    Parameters
    ----------
    draw : callable
        ``draw(**values)`` takes one keyword argument per control and returns a new
        matplotlib Figure (or an Axes of it). It is closed after rendering.
    frame_budget : int, keyword-only
        Largest allowed grid (product of the number of values of each control).
    byte_budget : int, keyword-only
        Largest allowed total size of the distinct frames, in bytes, on the static page.
    fmt : {"auto", "png", "svg"}, keyword-only
        Picture format; ``auto`` picks the smaller for the starting frame.
    dpi : float, keyword-only
        Pixels per inch of PNG frames.
    max_width : int or None, keyword-only
        Frames are at most this many pixels wide (a wider figure gets a lower dpi); the
        book's text column is at most 790 CSS pixels wide. None: no limit.
    colors : int or None, keyword-only
        PNG frames are reduced to this many colours (compact, same look); None keeps RGB.
    alt : str, keyword-only
        Alternative text of the picture.
    prefetch : bool, keyword-only
        In a live kernel, render the frames one step away from the current values while the
        kernel is idle, so that moving a control by one step shows its frame at once.
    **controls
        ``name=(min, max, step)`` or ``(min, max, step, value)`` for a slider (integers give
        an integer slider), a list (or dict ``{label: value}``) of options for a dropdown, or
        a bool for a checkbox.

    Returns
    -------
    InteractiveFigure

    Raises
    ------
    ValueError
        If a control is malformed or not a parameter of ``draw`` (the message names it), or
        the grid has more than ``frame_budget`` frames.

    Examples
    --------
    >>> def draw(w, b):
    ...     fig, ax = plt.subplots()
    ...     ax.plot([-1, 1], [b - w, b + w])
    ...     return fig
    >>> interactive(draw, w=(-2.0, 2.0, 0.5, 1.0), b=(-1.0, 1.0, 0.5))
    <interactive figure draw(): w: 9 × b: 5 = 45 frames>
    """
    return InteractiveFigure(
        draw, controls, frame_budget=frame_budget, byte_budget=byte_budget, fmt=fmt, dpi=dpi,
        max_width=max_width, colors=colors, alt=alt, prefetch=prefetch,
    )


# --------------------------------------------------------------------------- Sphinx extension
#: Where the script and style sheet live, relative to the book's root.
ASSETS = "book/assets/interactive"
_ASSET_FILES = ("origami-interactive.js", "origami-interactive.css")


def _copy_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.srcdir) / app.config.origami_interactive_assets
    target = Path(app.outdir) / "_static" / "interactive"
    target.mkdir(parents=True, exist_ok=True)
    for name in _ASSET_FILES:
        shutil.copyfile(source / name, target / name)


def _page_assets(app, pagename, templatename, context, doctree) -> None:
    if f'class="{HTML_CLASS}"' in context.get("body", ""):
        app.add_css_file("interactive/origami-interactive.css")
        app.add_js_file("interactive/origami-interactive.js", defer="defer")


def _check_assets(app, config) -> None:
    from sphinx.errors import ConfigError

    source = Path(app.srcdir) / config.origami_interactive_assets
    missing = [name for name in _ASSET_FILES if not (source / name).is_file()]
    if missing:
        raise ConfigError(f"origami.interactive: {', '.join(missing)} not found in {source}")


def setup(app) -> dict:
    """Sphinx extension: build interactive figures as static, self-contained HTML.

    Add ``origami.interactive`` to ``sphinx: extra_extensions`` in ``_config.yml``. It sets
    ``ORIGAMI_INTERACTIVE=static`` (unless already set) for the kernels that execute the
    chapters, copies the script and style sheet to ``_static/interactive/`` and links them
    from the pages that show an interactive figure.
    """
    os.environ.setdefault(MODE_ENV, "static")
    app.add_config_value("origami_interactive_assets", ASSETS, "html")
    app.connect("config-inited", _check_assets)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _copy_assets)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
