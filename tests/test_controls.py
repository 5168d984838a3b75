"""origami.controls: ipywidgets' abbreviations as a grid of values, starting where ipywidgets starts."""

from __future__ import annotations

import inspect

import ipywidgets as widgets
import pytest
from interactive_drawings import line

import origami
from origami.controls import parse_control

def test_float_slider_grid_has_clean_values_and_labels():
    c = parse_control("w", (-2.0, 2.0, 0.25), start=1.0)
    assert c.kind == "slider" and len(c) == 17
    assert c.values[0] == -2.0 and c.values[-1] == 2.0 and c.values[12] == 1.0
    assert c.labels[12] == "1.00" and c.default == 12


def test_tenths_slider_values_have_no_rounding_noise():
    c = parse_control("b", (0.0, 1.0, 0.1))
    assert c.values[3] == 0.3 and c.labels[3] == "0.3"


def test_integer_slider_gives_ints_and_starts_in_the_middle():
    c = parse_control("depth", (1, 5, 1))
    assert c.values == (1, 2, 3, 4, 5) and all(type(v) is int for v in c.values)
    assert c.default == 2


def test_slider_max_off_the_grid_stops_at_the_last_step():
    assert parse_control("w", (0.0, 1.0, 0.3)).values == (0.0, 0.3, 0.6, 0.9)


def test_list_is_a_dropdown_starting_at_the_first_option():
    c = parse_control("width", [2, 4, 8])
    assert c.kind == "dropdown" and c.values == (2, 4, 8) and c.labels == ("2", "4", "8") and c.default == 0


def test_dict_and_pairs_give_labelled_dropdowns():
    assert parse_control("act", {"ReLU": 0.0, "leaky": 0.1}).labels == ("ReLU", "leaky")
    assert parse_control("act", [("ReLU", 0.0), ("leaky", 0.1)]).values == (0.0, 0.1)


def test_bool_is_a_checkbox():
    c = parse_control("edges", True)
    assert c.kind == "checkbox" and c.values == (False, True) and c.default == 1


@pytest.mark.parametrize(
    "spec",
    [
        (2.0, -2.0, 0.5),  # min > max
        (-2.0, 2.0, 0.0),  # step 0
        (-2.0, 2.0, -0.5),
        (-2.0, 2.0, 5.0),  # one point
        (-2.0, 2.0, 0.5, 3.0),  # value outside
        (-2.0, float("nan"), 0.5),
        (-2.0, 2.0),  # too short
        ("a", "b", "c"),
        [],
        None,
        "abc",
        [1, "1"],  # duplicate labels
    ],
)
def test_bad_control_raises_value_error_naming_it(spec):
    with pytest.raises(ValueError, match="'weight'"):
        parse_control("weight", spec)




def test_a_slider_starts_at_draws_default_for_it():
    def draw(w, b=0.5):
        return line(w, b)

    fig = origami.interactive(draw, w=(-1.0, 1.0, 0.5), b=(-1.0, 1.0, 0.25))
    assert fig.values_at(fig.default_index) == {"w": 0.0, "b": 0.5}


def test_a_dropdown_and_a_checkbox_start_at_draws_defaults():
    def draw(width=4, edges=True):
        return line(width, 0.0)

    fig = origami.interactive(draw, width=[2, 4, 8], edges=False)
    assert fig.values_at(fig.default_index) == {"width": 4, "edges": True}


@pytest.mark.parametrize("default", [0.3, 5.0, "a"])
def test_a_default_off_the_grid_is_named(default):
    def draw(w=default):
        return line(w, 0.0)

    with pytest.raises(ValueError, match="'w'"):
        origami.interactive(draw, w=(-1.0, 1.0, 0.5))


def test_the_start_value_is_draws_default_not_a_fourth_number():
    """One grammar, ipywidgets': no (min, max, step, value) tuples."""
    with pytest.raises(ValueError, match="'w'"):
        parse_control("w", (-1.0, 1.0, 0.5, 0.5))


@pytest.mark.parametrize("spec", [(0.0, 1.0, 0.3), (-2.0, 2.0, 0.25), (0, 1200, 100), (2, 18, 4), (1, 4, 1), (0.0, 165.0, 15.0)])
def test_a_slider_without_default_starts_where_ipywidgets_starts(spec):
    control = parse_control("w", spec)
    slider = widgets.interactive.widget_from_abbrev(spec)
    assert control.values[control.default] == pytest.approx(slider.value)
    assert control.values[0] == slider.min and control.values[-1] <= slider.max < control.values[-1] + control.step


@pytest.mark.parametrize("spec", [[2, 4, 8], {"ReLU": 0.0, "leaky": 0.1}, [("ReLU", 0.0), ("leaky", 0.1)], True])
def test_dropdowns_and_checkboxes_are_the_widgets_ipywidgets_makes(spec):
    control = parse_control("x", spec)
    made = widgets.interactive.widget_from_abbrev(spec)
    kind = {widgets.Dropdown: "dropdown", widgets.Checkbox: "checkbox"}[type(made)]
    assert control.kind == kind
    if kind == "dropdown":
        assert list(control.labels) == list(made._options_labels)
        assert list(control.values) == list(made._options_values)


def test_parse_control_takes_the_starting_value_as_the_draw_default_would():
    assert inspect.signature(parse_control).parameters["start"].default is inspect.Parameter.empty
    assert parse_control("w", (0, 10, 2), start=6).default == 3
