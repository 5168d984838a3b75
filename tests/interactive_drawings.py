"""Small drawings and fixtures shared by the tests of the interactive figures."""

from __future__ import annotations

import json
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


def line(w, b):
    """A tiny figure whose picture depends on both values."""
    fig, ax = plt.subplots(figsize=(2.0, 1.5))
    ax.plot([-1, 1], [b - w, b + w], color="k")
    ax.set_xlim(-1, 1)
    ax.set_ylim(-3, 3)
    return fig


def panels(w, b, columns=4):
    """Four panels in a row (``columns=4``) or as 2 x 2 (``columns=2``), as the 1-D chapter draws."""
    fig, axes = plt.subplots(4 // columns, columns, figsize=(2.0 * columns, 6.0 / columns), layout="constrained")
    for k, ax in enumerate(axes.flat):
        ax.plot([-1, 1], [b - k * w, b + k * w], color="k")
        ax.set_title(f"panel {k}")
    return fig


def labelled(n, kind):
    fig, ax = plt.subplots(figsize=(1.5, 1.0))
    ax.text(0.5, 0.5, f"{kind}{n}", ha="center")
    ax.set_axis_off()
    return fig


def embedded(html: str) -> dict:
    """The data of the first static figure in ``html``."""
    return json.loads(re.search(r'class="origami-data">(.*?)</script>', html, re.S).group(1))


@pytest.fixture
def static_mode(monkeypatch):
    monkeypatch.setenv("ORIGAMI_INTERACTIVE", "static")


@pytest.fixture
def live_mode(monkeypatch):
    monkeypatch.setenv("ORIGAMI_INTERACTIVE", "live")
