from math import comb, prod

import pytest
from hypothesis import given
from hypothesis import strategies as st

from origami import bounds


def test_zaslavsky_four_lines_in_the_plane_is_eleven():
    assert bounds.zaslavsky(4, 2) == 11 < bounds.trivial(2, [4]) == 16


@given(n=st.integers(1, 40), d=st.integers(1, 6))
def test_serra_equals_zaslavsky_for_one_layer(n, d):
    assert bounds.serra_upper(d, [n]) == bounds.zaslavsky(n, d)


@given(hidden=st.lists(st.integers(2, 30), min_size=1, max_size=6))
def test_serra_in_one_dimension_is_the_product_of_widths_plus_one(hidden):
    assert bounds.serra_upper(1, hidden) == prod(n + 1 for n in hidden)


@given(n0=st.integers(1, 4), hidden=st.lists(st.integers(4, 24), min_size=1, max_size=5))
def test_lower_bounds_never_exceed_upper_bounds(n0, hidden):
    lower = bounds.montufar_lower(n0, hidden)
    assert bounds.pascanu_lower(n0, hidden) <= lower <= bounds.serra_upper(n0, hidden) <= bounds.trivial(n0, hidden)


def test_montufar_formula_for_two_layers():
    # floor(8/2)^2 * (1 + 8 + C(8, 2)) for n0 = 2, widths [8, 8].
    assert bounds.montufar_lower(2, [8, 8]) == 16 * (1 + 8 + comb(8, 2))
    assert bounds.pascanu_lower(2, [8, 8]) == 4 * (1 + 8 + comb(8, 2))


def test_lower_bounds_require_wide_layers():
    with pytest.raises(ValueError, match="at least the input dimension"):
        bounds.montufar_lower(3, [2, 8])


@pytest.mark.parametrize("call", [lambda: bounds.trivial(0, [3]), lambda: bounds.serra_upper(2, []), lambda: bounds.zaslavsky(-1, 2)])
def test_bounds_reject_bad_sizes(call):
    with pytest.raises(ValueError):
        call()


# ------------------------------------------------------------------ the lower bound itself
@given(hidden=st.lists(st.integers(3, 30), min_size=1, max_size=6))
def test_serra_lower_is_the_exact_maximum_for_one_input(hidden):
    assert bounds.serra_lower(1, hidden) == bounds.serra_upper(1, hidden) == prod(n + 1 for n in hidden)


@given(n0=st.integers(1, 4), data=st.data())
def test_serra_lower_lies_between_montufar_and_serra_upper(n0, data):
    hidden = data.draw(st.lists(st.integers(3 * n0, 3 * n0 + 12), min_size=1, max_size=5))
    lower = bounds.serra_lower(n0, hidden)
    assert bounds.montufar_lower(n0, hidden) <= lower <= bounds.serra_upper(n0, hidden)


def test_serra_lower_rejects_layers_narrower_than_three_inputs():
    with pytest.raises(ValueError, match="3 \\* n0"):
        bounds.serra_lower(2, [5, 8])
    assert bounds.serra_lower(2, [6, 2]) == 16 * 4  # the last layer may be narrow
