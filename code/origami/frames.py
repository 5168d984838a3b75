"""The pictures of an interactive figure: one call of ``draw``, rendered to PNG or SVG bytes.

A :class:`Renderer` turns control values into a :class:`Frame`: it calls ``draw``, lays the
figure out the way the starting frame was laid out (a constrained or tight layout costs more
than the drawing itself, and a frozen layout keeps the axes still as a control moves),
renders it at most ``max_width`` pixels wide and closes it. The same values always give the
same bytes, so the live widget (:mod:`origami.live`) and the static website
(:mod:`origami.static_html`) show identical pictures.
"""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Frame", "Renderer", "MIME", "call", "as_figure", "render_png", "render_svg"]
__dir__ = __all__.copy  # dir() lists the public names only

#: MIME type of each frame format.
MIME = {"png": "image/png", "svg": "image/svg+xml"}
_SVG_SALT = "origami-interactive"
# One frame is drawn at a time in a process: a control's update and a prefetch step can run on
# different threads of a kernel, and matplotlib's global state (its mathtext parser above all)
# is not thread-safe.
_RENDER_LOCK = threading.RLock()


@dataclass(frozen=True)
class Frame:
    """One rendered picture: its MIME type and bytes.

    Attributes
    ----------
    mime : str
        ``"image/png"`` or ``"image/svg+xml"`` (see :data:`MIME`).
    data : bytes
        The encoded picture.
    """

    mime: str
    data: bytes

    @property
    def base64(self) -> str:
        """The bytes, base64-encoded (ASCII)."""
        return base64.b64encode(self.data).decode("ascii")

    @property
    def data_uri(self) -> str:
        """A ``data:`` URI of the picture."""
        return f"data:{self.mime};base64,{self.base64}"

    @property
    def size(self) -> tuple[int, int] | None:
        """Width and height in pixels of a PNG frame (None for SVG)."""
        if self.mime != "image/png":
            return None
        return int.from_bytes(self.data[16:20], "big"), int.from_bytes(self.data[20:24], "big")


def call(values: Mapping[str, Any]) -> str:
    """``w=1.0, b=0.0``: control values as the arguments of a call, for messages.

    Parameters
    ----------
    values : mapping of str to object
        Control values by parameter name.

    Returns
    -------
    str
        ``name=repr(value)`` pairs joined by ``", "``, in the mapping's order.
    """
    return ", ".join(f"{k}={v!r}" for k, v in values.items())


def as_figure(result, name: str):
    """The matplotlib Figure that ``draw`` returned (a Figure, SubFigure, Axes or array of Axes).

    Parameters
    ----------
    result : object
        What ``draw`` returned.
    name : str
        The drawing function's name, for the error message.

    Returns
    -------
    matplotlib.figure.Figure
        ``result`` itself, or the figure holding it (the first Axes' figure for an array).

    Raises
    ------
    TypeError
        If ``result`` is none of these.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    if isinstance(result, Figure):
        return result
    if isinstance(result, (SubFigure, Axes)):
        return result.figure
    if isinstance(result, np.ndarray) and result.size and isinstance(result.flat[0], Axes):
        return result.flat[0].figure
    raise TypeError(f"{name}() must return a matplotlib Figure (or Axes), got {type(result).__name__}")


def render_png(fig, dpi: float, colors: int | None) -> bytes:
    """PNG bytes of ``fig`` on white, reduced to ``colors`` palette colours (None: RGB).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to render; its dpi is set to ``dpi``.
    dpi : float
        Pixels per inch: the PNG is ``fig.get_figwidth() * dpi`` pixels wide.
    colors : int or None
        Number of palette colours (no dithering); None or 0 keeps full RGB.

    Returns
    -------
    bytes
        The PNG file, opaque (transparent parts flattened onto white).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # one draw: the layout engine runs inside it
    rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    # Pillow types getextrema() for any band count; RGBA has four (min, max) pairs.
    if rgba.getextrema()[3][0] < 255:  # type: ignore[misc]  # transparent parts: flatten onto white
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        rgba = Image.alpha_composite(white, rgba)
    image = rgba.convert("RGB")
    if colors:
        image = image.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="png", compress_level=6)  # level 9: 10 % smaller, 25 ms slower
    return out.getvalue()


def render_svg(fig, dpi: float) -> bytes:
    """Deterministic SVG bytes of ``fig`` (fixed hash salt, no date, text as paths).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to render.
    dpi : float
        Pixels per inch of any raster parts (images inside the SVG).

    Returns
    -------
    bytes
        The SVG file, the same bytes for the same figure on every run.
    """
    import matplotlib

    out = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": _SVG_SALT, "svg.fonttype": "path"}):
        fig.savefig(out, format="svg", dpi=dpi, metadata={"Date": None})
    return out.getvalue()


class Renderer:
    """Draws and renders the frames of one layout of an interactive figure.

    Parameters
    ----------
    draw : callable
        ``draw(**values)`` returns a new matplotlib Figure (or an Axes of it).
    name : str
        Its name, for messages.
    start : dict
        The control values of the starting frame, whose layout every frame reuses.
    dpi : float
        Pixels per inch.
    max_width : int or None
        Largest frame width in pixels (a wider figure gets a lower dpi).
    colors : int or None
        Palette colours of PNG frames (None: RGB).
    """

    def __init__(
        self, draw: Callable[..., Any], name: str, start: Mapping[str, Any], *,
        dpi: float, max_width: int | None, colors: int | None,
    ):
        self.draw, self.name, self.start = draw, name, dict(start)
        self.dpi, self.max_width, self.colors = dpi, max_width, colors
        self._layouts: dict[int, list] = {}  # the starting frame's axes: count -> positions

    def render(self, values: Mapping[str, Any], fmt: str) -> Frame:
        """The picture of ``draw(**values)`` in format ``fmt`` (``png`` or ``svg``).

        Parameters
        ----------
        values : mapping of str to object
            The control values, passed to ``draw`` as keyword arguments.
        fmt : {"png", "svg"}
            The picture's format (checked by the caller, ``InteractiveFigure``).

        Returns
        -------
        Frame
            The rendered picture; the figure is cleared and closed afterwards.

        Raises
        ------
        Exception
            Whatever ``draw`` raises, with a note naming the figure and the values.
        """
        with _RENDER_LOCK:
            return self._render(dict(values), fmt)

    def _render(self, values: dict, fmt: str) -> Frame:
        import matplotlib.pyplot as plt

        try:
            fig = as_figure(self.draw(**values), self.name)
        except Exception as err:
            if hasattr(err, "add_note"):  # Python >= 3.11
                err.add_note(f"while drawing the interactive figure {self.name}({call(values)})")
            raise
        try:
            plt.close(fig)  # never shown by the inline backend
            dpi = self.dpi
            if self.max_width:  # never wider than the page shows it
                dpi = min(dpi, self.max_width / fig.get_figwidth())
            self._freeze_layout(fig, dpi, is_start=values == self.start)
            data = render_svg(fig, dpi) if fmt == "svg" else render_png(fig, dpi, self.colors)
        finally:
            fig.clear()
        return Frame(MIME[fmt], data)

    def _freeze_layout(self, fig, dpi: float, is_start: bool) -> None:
        """Place the axes where the layout engine put them in the starting frame.

        Every frame of a figure has the same axes, so the positions computed once, for the
        starting frame, serve them all (in both modes, whatever order frames are drawn in,
        and whatever the kernel's default resolution). A frame with other axes is laid out on
        its own.
        """
        if fig.get_layout_engine() is None:
            return
        if not self._layouts:  # lay out the starting frame, once
            import matplotlib.pyplot as plt

            start = fig if is_start else as_figure(self.draw(**self.start), self.name)
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
