"""Interactive figures that work everywhere: JupyterLab, Binder, Thebe and the static website.

``interactive(draw, w=(-2.0, 2.0, 0.25), depth=[1, 2, 3])`` wires controls (ipywidgets'
abbreviations, see :mod:`origami.controls`) to a function that draws a matplotlib figure.
What it shows depends on where it runs:

* **In a live kernel** (JupyterLab, Binder, Thebe) it is an ipywidgets control panel
  (:mod:`origami.live`): moving a control calls ``draw`` and shows the new picture.
* **On the static website** every picture of the control grid is rendered when the book is
  built (:mod:`origami.static_html`); a small script
  (``book/assets/interactive/origami-interactive.js``) swaps them as the reader moves the
  controls. No kernel.

Both modes render a picture with the same function (:class:`origami.frames.Renderer`), so the
same control values give byte-identical pictures, and both show the same words for it
(``describe``). The build switches to static mode through the Sphinx extension
``book/_ext/interactive_figures.py``, which sets ``ORIGAMI_INTERACTIVE=static`` for the
kernels that execute the chapters.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ._validate import is_real_number
from .controls import Control, parse_controls
from .frames import Frame, Renderer, call

__all__ = [
    "InteractiveFigure", "interactive", "mode", "MODE_ENV", "FRAME_BUDGET", "BYTE_BUDGET",
    "MAX_WIDTH", "NARROW_WIDTH",
]
__dir__ = __all__.copy  # dir() lists the public names only

#: Environment variable that selects the mode: ``static`` (all frames as HTML) or ``live``.
MODE_ENV = "ORIGAMI_INTERACTIVE"
#: Default limit on the number of frames (grid points) of one figure.
FRAME_BUDGET = 250
#: Default limit on the bytes of the distinct frames of one layout of a figure.
BYTE_BUDGET = 2_000_000
#: Default largest frame width in pixels (the book's text column shows at most 790).
MAX_WIDTH = 800
#: Default largest width of narrow frames (phones: the text column is at most 600 px there).
NARROW_WIDTH = 600


def mode() -> str:
    """``static`` when building the website, else ``live`` (from ``ORIGAMI_INTERACTIVE``).

    Raises
    ------
    ValueError
        If ``ORIGAMI_INTERACTIVE`` is set to anything else.
    """
    value = os.environ.get(MODE_ENV, "live").strip().lower() or "live"
    if value not in ("static", "live"):
        raise ValueError(f"{MODE_ENV} must be 'static' or 'live', got {value!r}")
    return value


class InteractiveFigure:
    """A figure with controls; shows itself as a live widget or as static frames.

    Build it with :func:`interactive`. Displaying it (the last expression of a cell) shows the
    live control panel in a kernel with a widget front end, or the static version when the
    book is built.

    Parameters
    ----------
    draw : callable
        As in :func:`interactive`.
    controls : mapping of str to abbreviation
        The ``**controls`` of :func:`interactive`, as one mapping ``{parameter: spec}``.
    describe, narrow, frame_budget, byte_budget, fmt, dpi, max_width, colors, alt, prefetch
        Keyword-only, as in :func:`interactive`, which describes each (one place for them).

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
        True while the live widget renders neighbouring frames in the background.

    Raises
    ------
    TypeError
        If ``draw`` is not callable.
    ValueError
        If a keyword is out of range (the message names it), a control is malformed or not a
        parameter of ``draw``, or the grid has more than ``frame_budget`` frames.
    """

    def __init__(
        self,
        draw: Callable[..., Any],
        controls: Mapping[str, Any],
        *,
        describe: Callable[..., str] | None = None,
        narrow: Callable[..., Any] | None = None,
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
        for key, value in (("describe", describe), ("narrow", narrow)):
            if value is not None and not callable(value):
                raise ValueError(f"{key} must be None or callable, got {type(value).__name__}")
        if fmt not in ("auto", "png", "svg"):
            raise ValueError(f"fmt must be 'auto', 'png' or 'svg', got {fmt!r}")
        if not (isinstance(frame_budget, int) and frame_budget >= 1):
            raise ValueError(f"frame_budget must be a positive int, got {frame_budget!r}")
        if not (isinstance(byte_budget, int) and byte_budget >= 1):
            raise ValueError(f"byte_budget must be a positive int, got {byte_budget!r}")
        if not (is_real_number(dpi) and dpi > 0):
            raise ValueError(f"dpi must be a positive number, got {dpi!r}")
        if max_width is not None and not (isinstance(max_width, int) and max_width >= 16):
            raise ValueError(f"max_width must be None or an int >= 16 (pixels), got {max_width!r}")
        if colors is not None and not (isinstance(colors, int) and 2 <= colors <= 256):
            raise ValueError(f"colors must be None or an int in [2, 256], got {colors!r}")
        if alt is not None and not (isinstance(alt, str) and alt.strip()):
            raise ValueError(f"alt must be None or a non-empty str, got {alt!r}")
        self.draw, self.describe, self.narrow = draw, describe, narrow
        self.name = getattr(draw, "__name__", type(draw).__name__)
        self.controls: list[Control] = parse_controls(draw, self.name, controls)
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
        self._generation = 0  # the live panel's prefetch round
        start = self.values_at(self.default_index)
        self._renderer = Renderer(draw, self.name, start, dpi=dpi, max_width=max_width, colors=colors)
        self._narrow_renderer = None
        if narrow is not None:
            narrow_width = min(max_width or NARROW_WIDTH, NARROW_WIDTH)
            self._narrow_renderer = Renderer(narrow, self.name, start, dpi=dpi, max_width=narrow_width,
                                             colors=colors)
        self._cache: dict[tuple, Frame] = {}
        self._narrow_cache: dict[tuple, Frame] = {}
        self._descriptions: dict[tuple, str] = {}
        self._widget = None
        self.redraw_log: list[tuple[dict, float, bool]] = []

    # ---------------------------------------------------------------- grid
    @property
    def default_index(self) -> tuple[int, ...]:
        """The grid index of the starting frame."""
        return tuple(c.default for c in self.controls)

    def values_at(self, index: Sequence[int]) -> dict:
        """The keyword arguments of ``draw`` at a grid index (one position per control).

        Parameters
        ----------
        index : sequence of int
            One position per control, in control order.

        Returns
        -------
        dict
            ``{control name: value}``, ready for ``draw(**values)``.

        Raises
        ------
        ValueError
            If ``index`` does not have one position per control.
        """
        if len(index) != len(self.controls):
            raise ValueError(f"index must have {len(self.controls)} positions, got {len(index)}")
        return {c.name: c.values[k] for c, k in zip(self.controls, index)}

    def index_of(self, values: Mapping[str, Any]) -> tuple[int, ...]:
        """The grid index of control values; missing controls take their default.

        Parameters
        ----------
        values : mapping of str to object
            Some control values by control name.

        Returns
        -------
        tuple of int
            One position per control.

        Raises
        ------
        ValueError
            If a name is not a control's, or a value not one of its control's values.
        """
        unknown = set(values) - {c.name for c in self.controls}
        if unknown:
            raise ValueError(f"no control named {sorted(unknown)[0]!r}; controls: {[c.name for c in self.controls]}")
        return tuple(c.index_of(values[c.name]) if c.name in values else c.default for c in self.controls)

    def flat_index(self, index: Sequence[int]) -> int:
        """Position of a grid index in row-major order (the last control varies fastest).

        Parameters
        ----------
        index : sequence of int
            A grid index, one position per control.

        Returns
        -------
        int
            In ``range(n_frames)``; 0 for a figure without controls.

        Raises
        ------
        ValueError
            If ``index`` has the wrong length or a position is outside its control's range
            (raised by ``numpy.ravel_multi_index``).
        """
        return int(np.ravel_multi_index(tuple(index), self.shape)) if self.shape else 0

    def grid(self) -> list[tuple[int, ...]]:
        """Every grid index, in row-major order."""
        return list(itertools.product(*(range(n) for n in self.shape)))

    # ---------------------------------------------------------------- pictures and words
    @property
    def format(self) -> str:
        """``png`` or ``svg``; with ``fmt='auto'`` the smaller for the starting frame."""
        if self.fmt == "auto":
            start = self.values_at(self.default_index)
            svg = self._renderer.render(start, "svg")
            png = self._renderer.render(start, "png")
            self.fmt = "svg" if len(svg.data) < len(png.data) else "png"
            self._cache[self.default_index] = svg if self.fmt == "svg" else png
        return self.fmt

    def _render(self, index: tuple[int, ...], narrow: bool = False) -> Frame:
        renderer = self._narrow_renderer if narrow else self._renderer
        assert renderer is not None
        return renderer.render(self.values_at(index), self.format)

    def frame(self, *, narrow: bool = False, **values) -> Frame:
        """The picture for control values (missing ones take their default).

        The live widget and the static HTML both show exactly these bytes. ``narrow=True``
        gives the picture of the narrow layout (for screens below 600 px).

        Parameters
        ----------
        narrow : bool, default False, keyword-only
            The narrow layout's picture instead of the wide one.
        **values
            Control values by control name; any control left out takes its starting value.

        Returns
        -------
        Frame
            Rendered on first request, then cached.

        Raises
        ------
        ValueError
            If a value is not one of its control's, or ``narrow`` is asked of a figure
            without a narrow layout.
        """
        if narrow and self._narrow_renderer is None:
            raise ValueError(f"narrow: interactive figure {self.name}() has no narrow layout")
        index = self.index_of(values)
        cache = self._narrow_cache if narrow else self._cache
        if index not in cache:
            cache[index] = self._render(index, narrow)
        return cache[index]

    def description(self, **values) -> str:
        """What the frame at these control values shows, in words.

        ``describe(**values)`` when given; else the control values (``w = 1.00, b = 0``).

        Parameters
        ----------
        **values
            Control values by control name; any control left out takes its starting value.

        Returns
        -------
        str
            One line (runs of white space folded into one space), cached per grid index.

        Raises
        ------
        ValueError
            If ``describe`` returns anything but a non-empty str.
        """
        index = self.index_of(values)
        if index not in self._descriptions:
            full = self.values_at(index)
            if self.describe is None:
                text = ", ".join(f"{c.name} = {c.labels[k]}" for c, k in zip(self.controls, index))
            else:
                text = self.describe(**full)
                if not (isinstance(text, str) and text.strip()):
                    raise ValueError(
                        f"describe({call(full)}) must return a non-empty str, got {text!r}"
                    )
            self._descriptions[index] = " ".join(text.split())
        return self._descriptions[index]

    def alt_text(self, **values) -> str:
        """The alternative text of the picture at these values: ``alt``, then the description.

        Parameters
        ----------
        **values
            Control values by control name, as for :meth:`description`.

        Returns
        -------
        str
            ``"<alt>. <description>"``.

        Raises
        ------
        ValueError
            As :meth:`description`.
        """
        return f"{self.alt.rstrip('. ')}. {self.description(**values)}"

    def frames(self, *, narrow: bool = False) -> tuple[list[Frame], list[int]]:
        """Render the whole grid (one layout).

        Parameters
        ----------
        narrow : bool, default False, keyword-only
            Render the narrow layout instead of the wide one.

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
        for done, grid_index in enumerate(self.grid()):
            frame = self.frame(narrow=narrow, **self.values_at(grid_index))
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

    # ---------------------------------------------------------------- the two modes
    def to_html(self) -> str:
        """The static version: controls, every frame and description, no kernel needed."""
        from .static_html import figure_html

        return figure_html(self)

    @property
    def widget(self):
        """The live ipywidgets panel (created on first use)."""
        if self._widget is None:
            from .live import make_panel

            self._widget = make_panel(self)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        first = self.frame(**self.values_at(self.default_index))
        if mode() == "static":
            bundle = {"text/html": self.to_html()}
        else:
            bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = repr(self)
        # A still picture for front ends without widgets or HTML (PDF, GitHub, nbconvert).
        bundle[first.mime] = first.base64 if first.mime == "image/png" else first.data.decode()
        return bundle

    def __repr__(self) -> str:
        sizes = " × ".join(f"{c.name}: {len(c)}" for c in self.controls) or "no controls"
        return f"<interactive figure {self.name}(): {sizes} = {self.n_frames} frames>"


def interactive(
    draw: Callable[..., Any],
    /,
    *,
    describe: Callable[..., str] | None = None,
    narrow: Callable[..., Any] | None = None,
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
    controls redraw the figure; on the built website it shows the frames of the control grid,
    rendered at build time, swapped by a small script without a kernel, with a line of text
    (read out by screen readers) saying what each frame shows.

    Parameters
    ----------
    draw : callable
        ``draw(**values)`` takes one keyword argument per control and returns a new
        matplotlib Figure (or an Axes of it). It is closed after rendering. A parameter's
        default value is its control's starting value (as in ``ipywidgets.interact``).
    describe : callable, keyword-only
        ``describe(**values)`` returns what the frame at these values shows, in words (for
        example "4 units: 11 regions, Zaslavsky's bound 11"): the text under the figure and
        in its alt text, in both modes. Without it the text lists the control values.
    narrow : callable, keyword-only
        ``narrow(**values)`` draws the same frame laid out for screens narrower than 600 px
        (e.g. four panels as 2 × 2); the website shows it there. None: one layout.
    frame_budget : int, keyword-only
        Largest allowed grid (product of the number of values of each control).
    byte_budget : int, keyword-only
        Largest allowed total size of the distinct frames of one layout, in bytes.
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
        What the picture is, in words; the alt text adds the frame's description.
    prefetch : bool, keyword-only
        In a live kernel, render the frames one step away from the current values while the
        kernel is idle, so that moving a control by one step shows its frame at once.
    **controls
        ipywidgets' abbreviations (see ``origami.controls``): ``name=(min, max, step)`` for a
        slider (integers give an integer slider), a list (or dict ``{label: value}``) of
        options for a dropdown, or a bool for a checkbox.

    Returns
    -------
    InteractiveFigure

    Raises
    ------
    ValueError
        If a control is malformed or not a parameter of ``draw`` (the message names it), the
        grid has more than ``frame_budget`` frames, or an option is out of range.
    TypeError
        If ``draw`` is not callable.

    Examples
    --------
    >>> def draw(w, b=0.5):
    ...     fig, ax = plt.subplots()
    ...     ax.plot([-1, 1], [b - w, b + w])
    ...     return fig
    >>> figure = interactive(draw, w=(-2.0, 2.0, 0.5), b=(-1.0, 1.0, 0.5),
    ...                      describe=lambda w, b: f"a line of slope {w:g} through (0, {b:g})")
    >>> figure
    <interactive figure draw(): w: 9 × b: 5 = 45 frames>
    >>> figure.description(w=1.0)
    'a line of slope 1 through (0, 0.5)'
    """
    return InteractiveFigure(
        draw, controls, describe=describe, narrow=narrow, frame_budget=frame_budget,
        byte_budget=byte_budget, fmt=fmt, dpi=dpi, max_width=max_width, colors=colors, alt=alt,
        prefetch=prefetch,
    )
