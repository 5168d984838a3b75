"""Interactive figures: a control panel wired to a function that draws a figure."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt


def _control(name: str, spec):
    import ipywidgets as widgets

    if isinstance(spec, (list, tuple)) and len(spec) == 3 and all(isinstance(v, int) for v in spec):
        lo, hi, step = spec
        return widgets.IntSlider(value=(lo + hi) // 2, min=lo, max=hi, step=step, description=name)
    if isinstance(spec, tuple) and len(spec) in (3, 4):
        lo, hi, step = spec[:3]
        value = spec[3] if len(spec) == 4 else (lo + hi) / 2
        return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=name)
    if isinstance(spec, list):
        return widgets.Dropdown(options=spec, description=name)
    raise ValueError(f"control {name!r} must be (min, max, step[, value]) or a list of options, got {spec!r}")


def interactive(draw: Callable[..., plt.Figure], **controls):
    """A live control panel that redraws ``draw(**values)`` whenever a control moves.

    Parameters
    ----------
    draw : callable
        Called with one keyword argument per control; returns a matplotlib Figure.
    **controls
        ``name=(min, max, step)`` or ``(min, max, step, value)`` for a slider, or a list of
        options for a dropdown.

    Returns
    -------
    ipywidgets.VBox
        The controls above the figure.
    """
    import ipywidgets as widgets
    from IPython.display import display

    sliders = {name: _control(name, spec) for name, spec in controls.items()}
    out = widgets.Output()

    def redraw(**values):
        fig = draw(**values)
        with out:
            out.clear_output(wait=True)
            display(fig)
        plt.close(fig)

    widgets.interactive_output(redraw, sliders)
    return widgets.VBox([widgets.HBox(list(sliders.values())), out])
