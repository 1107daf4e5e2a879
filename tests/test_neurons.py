"""McCulloch-Pitts neurons (lecture 000) and threshold units (lecture 002, slides 4-7)."""

import numpy as np
import pytest

from nnlib import McCullochPitts, ThresholdUnit

TWO_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])


# -- McCulloch-Pitts: lecture 000, "AND: threshold 2, OR: threshold 1, NOT: b with threshold 0" --

@pytest.mark.parametrize(
    "x, expected",
    [([0, 0], 0), ([0, 1], 0), ([1, 0], 0), ([1, 1], 1)],
)
def test_mcculloch_pitts_and(x, expected):
    assert McCullochPitts(threshold=2).predict([x]).tolist() == [expected]


@pytest.mark.parametrize(
    "x, expected",
    [([0, 0], 0), ([0, 1], 1), ([1, 0], 1), ([1, 1], 1)],
)
def test_mcculloch_pitts_or(x, expected):
    assert McCullochPitts(threshold=1).predict([x]).tolist() == [expected]


@pytest.mark.parametrize("x, expected", [([0], 1), ([1], 0)])
def test_mcculloch_pitts_not(x, expected):
    # No excitatory input: the count 0 always reaches the threshold 0, so only
    # the inhibitory input decides.
    assert McCullochPitts(threshold=0, inhibitory=[0]).predict([x]).tolist() == [expected]


def test_mcculloch_pitts_predicts_a_whole_truth_table_at_once():
    out = McCullochPitts(threshold=2).predict(TWO_INPUTS)
    assert out.tolist() == [0, 0, 0, 1]
    assert out.dtype.kind == "i"


@pytest.mark.parametrize(
    "x, expected",
    [
        # inputs a1, a2 excite, b (column 2) inhibits; threshold 2
        ([0, 0, 0], 0),
        ([1, 0, 0], 0),  # 1 excitatory input < 2
        ([1, 1, 0], 1),  # 2 >= 2 and no inhibition
        ([0, 0, 1], 0),
        ([1, 0, 1], 0),
        ([1, 1, 1], 0),  # 2 >= 2, but absolute inhibition wins
    ],
)
def test_mcculloch_pitts_absolute_inhibition(x, expected):
    neuron = McCullochPitts(threshold=2, inhibitory=(2,))
    assert neuron.predict([x]).tolist() == [expected]


def test_mcculloch_pitts_inhibitory_refers_to_column_indices():
    # Column 1 inhibits and column 0 excites: "x0 and not x1".
    neuron = McCullochPitts(threshold=1, inhibitory=[1])
    assert neuron.predict(TWO_INPUTS).tolist() == [0, 0, 1, 0]


def test_mcculloch_pitts_keeps_its_hyperparameters():
    neuron = McCullochPitts(threshold=3, inhibitory=(1, 2))
    assert neuron.threshold == 3
    assert neuron.inhibitory == (1, 2)


def test_mcculloch_pitts_rejects_non_binary_input():
    with pytest.raises(ValueError, match=r"binary inputs \(0 or 1\), got \[0\.5\]"):
        McCullochPitts(threshold=1).predict([[0.5, 1]])


def test_mcculloch_pitts_rejects_a_missing_inhibitory_input():
    with pytest.raises(ValueError, match=r"inhibitory input 2 does not exist: X has inputs 0 to 1"):
        McCullochPitts(threshold=1, inhibitory=[2]).predict(TWO_INPUTS)


def test_mcculloch_pitts_rejects_1d_input():
    with pytest.raises(ValueError, match=r"X must be 2-D, got an array of shape \(2,\)"):
        McCullochPitts(threshold=1).predict([0, 1])


# -- Threshold units: lecture 002, slides 5 and 7 --

AND = ThresholdUnit(weights=[1, 1], threshold=1.2)
XOR = ThresholdUnit(weights=[1, 1, -2], threshold=0.6)


@pytest.mark.parametrize(
    "x, net, expected",
    [
        ([0, 0], 0, 0),  # 1*0+1*0 < 1.2
        ([0, 1], 1, 0),  # 1*0+1*1 < 1.2
        ([1, 0], 1, 0),  # 1*1+1*0 < 1.2
        ([1, 1], 2, 1),  # 1*1+1*1 >= 1.2
    ],
)
def test_threshold_unit_and_slide_5(x, net, expected):
    assert AND.net_input([x]).tolist() == [net]
    assert AND.predict([x]).tolist() == [expected]


@pytest.mark.parametrize(
    "x, and_net, and_out, xor_net, expected",
    [
        ([0, 0], 0, 0, 0, 0),  # 1*0+1*0 < 1.2;  1*0+1*0-2*0 = 0 < 0.6
        ([0, 1], 1, 0, 1, 1),  # 1*0+1*1 < 1.2;  1*0+1*1-2*0 = 1 >= 0.6
        ([1, 0], 1, 0, 1, 1),  # 1*1+1*0 < 1.2;  1*1+1*0-2*0 = 1 >= 0.6
        ([1, 1], 2, 1, 0, 0),  # 1*1+1*1 >= 1.2; 1*1+1*1-2*1 = 0 < 0.6
    ],
)
def test_threshold_units_xor_slide_7(x, and_net, and_out, xor_net, expected):
    assert AND.net_input([x]).tolist() == [and_net]
    assert AND.predict([x]).tolist() == [and_out]
    hidden = x + [and_out]  # the XOR unit sees x0, x1 and the AND unit's output
    assert XOR.net_input([hidden]).tolist() == [xor_net]
    assert XOR.predict([hidden]).tolist() == [expected]


def test_threshold_unit_xor_as_a_two_unit_network():
    hidden = AND.predict(TWO_INPUTS)
    out = XOR.predict(np.column_stack([TWO_INPUTS, hidden]))
    assert out.tolist() == [0, 1, 1, 0]


def test_threshold_unit_fires_exactly_at_the_threshold():
    unit = ThresholdUnit(weights=[0.5, 0.25], threshold=0.75)
    assert unit.predict([[1, 1], [1, 0.99]]).tolist() == [1, 0]


def test_threshold_unit_keeps_its_hyperparameters():
    assert AND.weights == [1, 1]
    assert AND.threshold == 1.2


def test_threshold_unit_rejects_the_wrong_number_of_inputs():
    with pytest.raises(ValueError, match=r"X must have 2 features .* got shape \(4, 3\) with 3"):
        AND.predict(np.ones((4, 3)))


def test_threshold_unit_rejects_nan():
    with pytest.raises(ValueError, match=r"X contains 1 NaN"):
        AND.predict([[np.nan, 1.0]])


def test_threshold_unit_rejects_2d_weights():
    with pytest.raises(ValueError, match=r"weights must be 1-D, got an array of shape \(1, 2\)"):
        ThresholdUnit(weights=[[1, 1]], threshold=1).predict(TWO_INPUTS)
