"""benchmarks/peers.py: the timing helper and the peers' region counts refuse bad input."""

import pytest

from origami import ReLUNetwork

from peers import affinitree_count, best_time, regioncam_count  # on pytest's pythonpath


def test_best_time_calls_repeat_times_and_returns_the_last_result():
    calls = []
    seconds, result = best_time(lambda: calls.append(1) or len(calls), 3)
    assert calls == [1, 1, 1] and result == 3 and 0 <= seconds < 1


@pytest.mark.parametrize("repeat", [0, -1, 2.0, True])
def test_best_time_needs_a_positive_whole_repeat(repeat):
    with pytest.raises(ValueError, match="repeat"):
        best_time(lambda: None, repeat)


def test_regioncam_count_needs_two_inputs_and_a_positive_half_width():
    pytest.importorskip("regioncam")
    with pytest.raises(ValueError, match="2 inputs"):
        regioncam_count(ReLUNetwork.random([3, 4, 1], seed=0), 1.0)
    with pytest.raises(ValueError, match="half_width"):
        regioncam_count(ReLUNetwork.random([2, 4, 1], seed=0), 0.0)


def test_affinitree_count_needs_one_interval_per_input():
    pytest.importorskip("affinitree")
    with pytest.raises(ValueError, match="box"):
        affinitree_count(ReLUNetwork.random([3, 4, 1], seed=0), [(-1, 1)] * 2)
