"""Moodle answer weights for multiple-answer questions (macros/lms/weights.py), with the
expected weights and notes written out by hand."""

from __future__ import annotations

import pytest

from macros.lms.weights import is_allowed, multiple_weights, nearest_allowed, weight_text

R, W = {"correct": True}, {}


@pytest.mark.parametrize("options, scoring, weights, notes", [
    ([R, W, W], "partial", [100.0, -100.0, -100.0], []),
    ([R, R, W], "partial", [50.0, 50.0, -50.0], []),
    ([R, W, R, R], "partial", [33.33333, -33.33333, 33.33333, 33.33333], []),
    ([R, R, R, R, W], "partial", [25.0, 25.0, 25.0, 25.0, -25.0], []),
    ([R, R, R, R, R, R, R, W], "partial", [14.28571] * 7 + [-14.28571], []),
    ([R, W], "all_or_nothing", [100.0, -100.0], []),
    ([R, R, W], "all_or_nothing", [50.0, 50.0, -100.0], [
        "all_or_nothing: Moodle không có kiểu chấm 'đúng hết mới có điểm'; mỗi phương án sai -100% "
        "(chọn sai là 0 điểm) nhưng chọn đúng một phần vẫn được 50% cho mỗi phương án đúng"]),
])
def test_multiple_weights(options, scoring, weights, notes):
    got, got_notes = multiple_weights(options, scoring)
    assert got == pytest.approx(weights, abs=1e-5)
    assert got_notes == notes


def test_weights_outside_moodles_list_are_rounded_and_reported():
    got, notes = multiple_weights([R] * 9 + [W], "partial")  # 100/9 = 11.11111 is allowed
    assert got[0] == pytest.approx(11.11111, abs=1e-5) and notes == []
    got, notes = multiple_weights([R] * 11, "partial")  # 9.0909 is not: nearest is 10
    assert got == [10.0] * 11
    assert notes == ["trọng số 9.09091% không có trong danh sách của Moodle, làm tròn thành 10%"] * 11


def test_no_correct_option_is_an_error():
    with pytest.raises(ValueError, match="^multiple-answer question without a correct option$"):
        multiple_weights([W, W], "partial")


@pytest.mark.parametrize("percent, allowed, nearest, text", [
    (100, True, 100.0, "100"), (-100, True, -100.0, "-100"), (0, True, 0.0, "0"),
    (33.333333, True, 33.33333, "33.33333"), (-16.66667, True, -16.66667, "-16.66667"),
    (12.5, True, 12.5, "12.5"), (5, True, 5.0, "5"),
])
def test_weight_text_and_allowed(percent, allowed, nearest, text):
    assert is_allowed(percent) is allowed
    assert nearest_allowed(percent) == pytest.approx(nearest, abs=1e-5)
    assert weight_text(percent) == text


@pytest.mark.parametrize("percent, nearest", [(9.09, 10.0), (7.6, 10.0), (7.4, 5.0), (2.4, 0.0), (-2.6, -5.0), (45, 40.0), (46, 50.0)])
def test_values_outside_the_list(percent, nearest):
    assert not is_allowed(percent)
    assert nearest_allowed(percent) == nearest
    with pytest.raises(ValueError, match="not a weight Moodle accepts"):
        weight_text(percent)


def test_ties_go_towards_zero():
    assert nearest_allowed(2.5) == 0.0 and nearest_allowed(-2.5) == 0.0
