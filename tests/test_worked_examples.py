"""The lectures' worked backpropagation examples, reproduced with nnlib.

Two independent references: the numbers printed on the slides (and in Matt
Mazur's post, which the BHT lecture follows), and the same quantities
recomputed here by hand, scalar by scalar, with ``math.exp``.
"""

import math

import numpy as np
import pytest

from nnlib import MSE, Dense, Sequential


def sig(z):
    return 1.0 / (1.0 + math.exp(-z))


# --------------------------------------------------------------------------
# BHT lecture (002), slides 12-33 = Matt Mazur, "A Step by Step Backpropagation
# Example" (2015): 2 inputs, 2 sigmoid hidden units, 2 sigmoid outputs.
#   w1..w4: input -> hidden, b1 = 0.35; w5..w8: hidden -> output, b2 = 0.60
#   x = (0.05, 0.10), targets (0.01, 0.99), learning rate 0.5
# Dense keeps W as (in, out): column j holds the weights into unit j.
# --------------------------------------------------------------------------


@pytest.fixture
def mazur():
    hidden = Dense(2, 2, activation="sigmoid")
    output = Dense(2, 2, activation="sigmoid")
    hidden.params["W"][:] = [[0.15, 0.25], [0.20, 0.30]]  # [[w1, w3], [w2, w4]]
    hidden.params["b"][:] = 0.35
    output.params["W"][:] = [[0.40, 0.50], [0.45, 0.55]]  # [[w5, w7], [w6, w8]]
    output.params["b"][:] = 0.60
    return Sequential([hidden, output])


X_MAZUR = np.array([[0.05, 0.10]])
T_MAZUR = np.array([[0.01, 0.99]])


def test_mazur_forward_pass_matches_the_post_and_the_slides(mazur):
    out = mazur.forward(X_MAZUR)
    hidden_out = mazur[0].activation.forward(X_MAZUR @ mazur[0].params["W"] + 0.35)
    # Mazur: out_h1 = 0.593269992, out_h2 = 0.596884378 (slides: 0.5932, 0.5968)
    np.testing.assert_allclose(hidden_out[0], [0.593269992, 0.596884378], atol=5e-10)
    # Mazur: out_o1 = 0.75136507, out_o2 = 0.772928465 (slides 18: 0.7514, 0.7729)
    np.testing.assert_allclose(out[0], [0.75136507, 0.772928465], atol=5e-9)
    np.testing.assert_allclose(out[0], [0.7514, 0.7729], atol=5e-5)
    # net input of o1, slide 18: 1.1059
    net_o1 = hidden_out[0] @ mazur[1].params["W"][:, 0] + 0.60
    assert round(net_o1, 4) == 1.1059
    # E_total = 0.298371109
    assert MSE().forward(out, T_MAZUR) == pytest.approx(0.298371109, abs=5e-10)


def test_mazur_output_gradient_matches_slide_33(mazur):
    loss = MSE()
    loss.forward(mazur.forward(X_MAZUR), T_MAZUR)
    dout = loss.backward()
    # dE/dout_o1 = -(target - out) = 0.74136507 (slide 30: 0.7414)
    assert dout[0, 0] == pytest.approx(0.74136507, abs=5e-9)
    mazur.backward(dout)
    # dE/dw5 = 0.74136507 * 0.186815602 * 0.593269992 = 0.082167041 (slide 33: 0.0821)
    assert mazur[1].grads["W"][0, 0] == pytest.approx(0.082167041, abs=5e-10)
    # and by hand, from scalars
    out_h1 = sig(0.05 * 0.15 + 0.10 * 0.20 + 0.35)
    out_o1 = sig(out_h1 * 0.40 + sig(0.05 * 0.25 + 0.10 * 0.30 + 0.35) * 0.45 + 0.60)
    assert mazur[1].grads["W"][0, 0] == pytest.approx((out_o1 - 0.01) * out_o1 * (1 - out_o1) * out_h1, rel=1e-12)


def test_mazur_whole_first_step_every_weight(mazur):
    """One step of gradient descent at rate 0.5, with every weight Mazur prints.

    Mazur updates only the weights, not the biases; so does this test.
    """
    loss = MSE()
    loss.forward(mazur.forward(X_MAZUR), T_MAZUR)
    mazur.backward(loss.backward())
    new_hidden = mazur[0].params["W"] - 0.5 * mazur[0].grads["W"]
    new_output = mazur[1].params["W"] - 0.5 * mazur[1].grads["W"]
    w1, w3, w2, w4 = new_hidden[0, 0], new_hidden[0, 1], new_hidden[1, 0], new_hidden[1, 1]
    w5, w7, w6, w8 = new_output[0, 0], new_output[0, 1], new_output[1, 0], new_output[1, 1]
    assert w5 == pytest.approx(0.35891648, abs=5e-9)  # slide 33: 0.3589
    assert w6 == pytest.approx(0.408666186, abs=5e-10)
    assert w7 == pytest.approx(0.511301270, abs=5e-10)
    assert w8 == pytest.approx(0.561370121, abs=5e-10)
    assert w1 == pytest.approx(0.149780716, abs=5e-10)
    assert w2 == pytest.approx(0.19956143, abs=5e-9)
    assert w3 == pytest.approx(0.24975114, abs=5e-9)
    assert w4 == pytest.approx(0.29950229, abs=5e-9)


def test_bht_slides_hidden_net_inputs_use_mislabelled_weights():
    """Slides 15 and 17 print h1 = 0.05*0.15 + 0.10*0.25 + 0.35 = 0.3775.

    The arithmetic on the slide does not hold: 0.05*0.15 + 0.10*0.25 + 0.35 is
    0.3825. The printed result 0.3775 is Mazur's w1*i1 + w2*i2 + b1 with
    w2 = 0.20: the slide's W matrix rows list the weights in the wrong order.
    """
    assert 0.05 * 0.15 + 0.10 * 0.25 + 0.35 == pytest.approx(0.3825)
    assert 0.05 * 0.15 + 0.10 * 0.20 + 0.35 == pytest.approx(0.3775)
    hidden = Dense(2, 2)
    hidden.params["W"][:] = [[0.15, 0.25], [0.20, 0.30]]
    hidden.params["b"][:] = 0.35
    np.testing.assert_allclose(hidden.forward(X_MAZUR)[0], [0.3775, 0.3925])


# --------------------------------------------------------------------------
# SJTU lecture (003), "An example for Backprop": 2 inputs (0.35, 0.9), two
# sigmoid hidden units, one sigmoid output, no biases, target 0.5, rate 1.
#   top hidden unit: 0.1 (from x1), 0.8 (from x2); bottom: 0.4, 0.6
#   output: w1 = 0.3 (from top), w2 = 0.9 (from bottom)
# --------------------------------------------------------------------------

X_SJTU = np.array([[0.35, 0.9]])
T_SJTU = np.array([[0.5]])


@pytest.fixture
def sjtu():
    hidden = Dense(2, 2, activation="sigmoid", bias=False)
    output = Dense(2, 1, activation="sigmoid", bias=False)
    hidden.params["W"][:] = [[0.1, 0.4], [0.8, 0.6]]  # columns: top, bottom
    output.params["W"][:] = [[0.3], [0.9]]
    return Sequential([hidden, output])


def sjtu_by_hand():
    """The true backward pass, scalar by scalar: hidden deltas use the OLD output weights."""
    h_top, h_bot = sig(0.35 * 0.1 + 0.9 * 0.8), sig(0.35 * 0.4 + 0.9 * 0.6)
    o = sig(0.3 * h_top + 0.9 * h_bot)
    delta = (0.5 - o) * o * (1 - o)
    d_top = delta * 0.3 * h_top * (1 - h_top)
    d_bot = delta * 0.9 * h_bot * (1 - h_bot)
    return dict(h_top=h_top, h_bot=h_bot, o=o, delta=delta, d_top=d_top, d_bot=d_bot,
                w1=0.3 + delta * h_top, w2=0.9 + delta * h_bot,
                w3=0.1 + d_top * 0.35, w4=0.8 + d_top * 0.9, w5=0.4 + d_bot * 0.35, w6=0.6 + d_bot * 0.9)


def sjtu_step(net):
    loss = MSE()
    loss.forward(net.forward(X_SJTU), T_SJTU)
    net.backward(loss.backward())
    for layer in net:
        layer.params["W"] -= 1.0 * layer.grads["W"]


def test_sjtu_forward_pass_matches_slide(sjtu):
    out = sjtu.forward(X_SJTU)
    h = sjtu[0].activation.forward(X_SJTU @ sjtu[0].params["W"])
    # slide: Out = 0.68 and 0.6637; output 0.69
    assert round(h[0, 0], 2) == 0.68
    assert round(h[0, 1], 4) == 0.6637
    assert round(out[0, 0], 2) == 0.69
    assert out[0, 0] == pytest.approx(sjtu_by_hand()["o"], rel=1e-12)


def test_sjtu_backward_pass_is_the_true_one(sjtu):
    ref = sjtu_by_hand()
    sjtu_step(sjtu)
    W_hidden, W_out = sjtu[0].params["W"], sjtu[1].params["W"]
    # output layer: slide 0.272392 and 0.87305, which used delta rounded to -0.0406
    # and the hidden output rounded to 0.68; the exact values differ in the 5th digit
    assert W_out[0, 0] == pytest.approx(ref["w1"], rel=1e-12)
    assert W_out[1, 0] == pytest.approx(ref["w2"], rel=1e-12)
    assert W_out[0, 0] == pytest.approx(0.272392, abs=1e-4)
    assert W_out[1, 0] == pytest.approx(0.87305, abs=1e-4)
    # hidden layer: the true backward pass, with the old output weights 0.3 and 0.9
    np.testing.assert_allclose(W_hidden, [[ref["w3"], ref["w5"]], [ref["w4"], ref["w6"]]], rtol=1e-12)
    assert ref["d_top"] == pytest.approx(-2.6545e-3, abs=5e-7)
    assert ref["d_bot"] == pytest.approx(-8.1717e-3, abs=5e-7)


def test_sjtu_slide_hidden_deltas_used_the_updated_output_weights(sjtu):
    """The slide's hidden deltas (-2.406e-3, -7.916e-3) come from w1+ = 0.272392 and
    w2+ = 0.87305, the output weights after their update. Backpropagation uses
    the weights of the forward pass (0.3 and 0.9): -2.654e-3 and -8.172e-3."""
    ref = sjtu_by_hand()
    slide_d_top = ref["delta"] * ref["w1"] * ref["h_top"] * (1 - ref["h_top"])
    slide_d_bot = ref["delta"] * ref["w2"] * ref["h_bot"] * (1 - ref["h_bot"])
    assert slide_d_top == pytest.approx(-2.406e-3, abs=1e-5)
    assert slide_d_bot == pytest.approx(-7.916e-3, abs=2e-5)
    # the slide's new hidden weights follow from its deltas ...
    slide = dict(w3=0.1 + slide_d_top * 0.35, w4=0.8 + slide_d_top * 0.9,
                 w5=0.4 + slide_d_bot * 0.35, w6=0.6 + slide_d_bot * 0.9)
    for name, printed in dict(w3=0.09916, w4=0.7978, w5=0.3972, w6=0.5928).items():
        assert slide[name] == pytest.approx(printed, abs=1e-4)
    # ... and nnlib's are the true ones, measurably different from the slide's
    sjtu_step(sjtu)
    W_hidden = sjtu[0].params["W"]
    assert abs(W_hidden[1, 0] - 0.7978) > 1.5e-4  # w4: 0.79761 vs 0.7978
    assert abs(W_hidden[1, 1] - 0.5928) > 1.5e-4  # w6: 0.59265 vs 0.5928
    assert abs(ref["d_top"] - (-2.406e-3)) > 2e-4


def test_sjtu_error_shrinks_after_one_step(sjtu):
    """Slide (iii): the old error t - o was -0.19, the new one -0.18205."""
    old_error = 0.5 - sjtu.forward(X_SJTU)[0, 0]
    sjtu_step(sjtu)
    new_error = 0.5 - sjtu.forward(X_SJTU)[0, 0]
    assert round(old_error, 2) == -0.19
    assert abs(new_error) < abs(old_error)
    assert new_error == pytest.approx(-0.18205, abs=3e-4)
