"""origami.approximation: the error of the piecewise linear interpolant, and its rate."""

import numpy as np
import pytest

from origami import approximation


def test_interpolation_error_of_a_parabola_is_a_quarter_of_the_squared_spacing():
    # |x^2 - I x^2| peaks at each midpoint at h^2 / 4 (an independent closed form)
    for p in (1, 3, 8):
        h = 1.0 / p
        assert approximation.interpolation_error(np.square, np.linspace(0, 1, p + 1)) == pytest.approx(h * h / 4, rel=1e-6)


def test_interpolation_error_is_zero_for_a_linear_function_and_measures_where_asked():
    assert approximation.interpolation_error(lambda x: 2 * x + 1, [0.0, 0.5, 1.0]) == pytest.approx(0.0, abs=1e-12)
    assert approximation.interpolation_error(np.square, [0.0, 1.0], x=[0.0, 1.0]) == pytest.approx(0.0, abs=1e-12)


def test_the_rate_of_a_smooth_function_is_two_and_of_the_square_root_one_half():
    pieces = [4, 8, 16, 32, 64]
    smooth = approximation.interpolation_errors(np.sin, (0, np.pi), pieces)
    assert approximation.convergence_rate(pieces, smooth) == pytest.approx(2.0, abs=0.05)
    singular = approximation.interpolation_errors(np.sqrt, (0, 1), pieces)
    assert approximation.convergence_rate(pieces, singular) == pytest.approx(0.5, abs=0.05)
    graded = approximation.interpolation_errors(np.sqrt, (0, 1), pieces, knot_map=lambda s: s**4)
    assert approximation.convergence_rate(pieces, graded) == pytest.approx(2.0, abs=0.1)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: approximation.interpolation_errors(np.sin, (1, 0), [2, 4]), "interval"),
        (lambda: approximation.interpolation_errors(np.sin, (0, 1), [0, 4]), "pieces"),
        (lambda: approximation.convergence_rate([2], [0.1]), "at least 2"),
        (lambda: approximation.convergence_rate([2, 4], [0.1, 0.0]), "positive"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
