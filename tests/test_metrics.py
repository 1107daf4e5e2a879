"""predicted_labels and accuracy: one label per sample or per time step, by hand; labels that do not fit."""

import numpy as np
import pytest

from nnlib import accuracy, predicted_labels


def test_labels_from_scores_and_from_one_probability():
    np.testing.assert_array_equal(predicted_labels(np.array([[0.1, 0.7, 0.2], [2.0, -1.0, 0.0]])), [1, 0])
    np.testing.assert_array_equal(predicted_labels(np.array([[0.2], [0.5], [0.9]])), [0, 1, 1])
    np.testing.assert_array_equal(predicted_labels(np.array([0.2, 0.7]), threshold=0.8), [0, 0])


def test_one_probability_per_time_step_gives_a_label_per_step():
    # The code review's case: (N, T, 1) outputs used to keep only the first time step.
    output = np.array([[[0.9], [0.2], [0.6]], [[0.1], [0.4], [0.8]]])  # (2, 3, 1)
    np.testing.assert_array_equal(predicted_labels(output), [[1, 0, 1], [0, 0, 1]])
    # 4 of the 6 steps right: [1, 0, 1] vs [1, 1, 1] and [0, 0, 1] vs [0, 0, 0]
    assert accuracy(output, np.array([[1, 1, 1], [0, 0, 0]])) == pytest.approx(4 / 6)


def test_scores_per_time_step():
    output = np.zeros((2, 2, 3))
    output[0, 0, 2] = output[0, 1, 0] = output[1, 0, 1] = output[1, 1, 1] = 1.0  # labels [[2, 0], [1, 1]]
    assert accuracy(output, np.array([[2, 0], [1, 0]])) == pytest.approx(3 / 4)
    assert accuracy(output, np.eye(3)[[[2, 0], [1, 1]]]) == 1.0  # one-hot targets


def test_column_targets_beside_a_column_output():
    assert accuracy(np.array([[0.9], [0.1]]), np.array([[1], [1]])) == 0.5
    assert accuracy(np.array([[0.9], [0.1]]), np.array([1, 1])) == 0.5


@pytest.mark.parametrize("output, y, expected", [
    (np.zeros((4, 3)), np.zeros(3), r"labels of shape \(4,\) .* got shape \(3,\)"),
    (np.zeros((4, 3)), np.zeros((4, 1)), r"labels of shape \(4,\) .* got shape \(4, 1\)"),
    (np.zeros((2, 5, 1)), np.zeros(2), r"labels of shape \(2, 5\) .*output of shape \(2, 5, 1\), got shape \(2,\)"),
])
def test_labels_that_do_not_fit_the_output_are_a_clear_error(output, y, expected):
    with pytest.raises(ValueError, match=expected):
        accuracy(output, y)
