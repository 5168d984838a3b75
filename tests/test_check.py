import numpy as np
import pytest

from origami import ReLUNetwork, check, kinks, regions_2d

NET1 = ReLUNetwork.random([1, 6, 1], seed=2)
NET2 = ReLUNetwork.random([2, 4, 1], seed=0)
BOX = (-3, 3, -3, 3)


def test_right_kinks_are_accepted_in_any_order():
    truth = kinks(NET1, (-3, 3))
    feedback = check.kinks(truth[::-1], NET1, (-3, 3))
    assert feedback.correct and str(feedback).startswith("✅")


def test_a_missing_kink_is_pointed_at_without_giving_all_of_them():
    truth = kinks(NET1, (-3, 3))
    feedback = check.kinks(truth[1:], NET1, (-3, 3))
    assert not feedback.correct
    assert f"{len(truth) - 1} kinks; there are {len(truth)}" in feedback.message
    assert f"x = {truth[0]:.1f}" in feedback.message
    assert f"{truth[2]:.3f}" not in feedback.message  # the other kinks stay hidden


def test_a_spurious_kink_is_named():
    feedback = check.kinks(list(kinks(NET1, (-3, 3))) + [2.9], NET1, (-3, 3))
    assert not feedback.correct and "2.9" in feedback.message


def test_region_count_right_and_wrong():
    n = len(regions_2d(NET2, BOX))
    assert check.region_count(n, NET2, BOX).correct
    assert "too few" in check.region_count(n - 1, NET2, BOX).message
    assert "too many" in check.region_count(16, NET2, BOX).message


def test_affine_map_right_and_wrong():
    x0 = np.array([0.1, 0.2])
    A, c = NET2.local_affine(x0)
    assert check.affine_map(A, c, NET2, x0).correct
    assert not check.affine_map(2 * A, c, NET2, x0).correct
    assert "c is" in check.affine_map(A, c + 1, NET2, x0).message
    assert "entries" in check.affine_map(np.ones(5), c, NET2, x0).message


def test_piece_count_right_and_wrong():
    n = len(kinks(NET1, (-3, 3))) + 1
    assert check.piece_count(n, NET1, (-3, 3)).correct
    assert "more than" in check.piece_count(n - 2, NET1, (-3, 3)).message


def test_unusable_answers_get_a_clear_error():
    with pytest.raises(ValueError, match="your answer"):
        check.kinks([np.nan], NET1, (-3, 3))
