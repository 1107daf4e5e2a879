"""Rosenblatt's perceptron: the rule, Novikoff's bound, XOR, labels, bad input."""

import numpy as np
import pytest

from nnlib import NotFittedError, Perceptron

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
XOR_Y = np.array([0, 1, 1, 0])


def separable_with_margin(seed, margin, n_samples=200):
    """Points in [-2, 2]^2 labelled +-1 by a known unit-norm separator w* of (x, 1).

    Points closer to the separating line than ``margin`` are dropped, so the
    data have margin at least ``margin`` under w*.
    """
    rng = np.random.default_rng(seed)
    angle, offset = rng.uniform(0, 2 * np.pi), rng.uniform(-0.5, 0.5)
    w_star = np.array([np.cos(angle), np.sin(angle), offset])  # a line through the square
    w_star /= np.linalg.norm(w_star)
    X = rng.uniform(-2, 2, size=(10 * n_samples, 2))
    X_tilde = np.column_stack([X, np.ones(len(X))])  # bias-augmented inputs
    score = X_tilde @ w_star
    keep = np.abs(score) >= margin
    X, X_tilde, score = X[keep][:n_samples], X_tilde[keep][:n_samples], score[keep][:n_samples]
    return X, X_tilde, np.where(score > 0, 1, -1), w_star


@pytest.mark.parametrize("seed, margin", [(0, 0.05), (1, 0.1), (2, 0.2), (3, 0.02)])
def test_converges_within_novikoffs_bound(seed, margin):
    X, X_tilde, y, w_star = separable_with_margin(seed, margin)
    assert len(np.unique(y)) == 2
    R = np.linalg.norm(X_tilde, axis=1).max()
    gamma = (y * (X_tilde @ w_star)).min()
    assert gamma >= margin

    model = Perceptron(max_iter=1000, random_state=seed).fit(X, y)

    assert model.converged_
    assert model.errors_[-1] == 0
    assert all(e > 0 for e in model.errors_[:-1])  # training stopped at the first clean epoch
    assert sum(model.errors_) <= (R / gamma) ** 2  # each error is one update
    np.testing.assert_array_equal(model.predict(X), y)


def test_the_rule_worked_by_hand():
    # Targets: y=1 -> +1, y=0 -> -1; f(x) = +1 when x @ w + b >= 0.
    # Epoch 1: x=(1,0): net 0 -> +1, right.  x=(0,1): net 0 -> +1, wrong:
    #          w += 0.5 * (-1 - 1) * (0, 1) = (0, -1), b += 0.5 * (-2) = -1.
    # Epoch 2: x=(1,0): net -1 -> -1, wrong: w += 0.5 * 2 * (1, 0) = (1, -1), b = 0.
    #          x=(0,1): net -1 -> -1, right.
    # Epoch 3: nets 1 and -1, both right: converged.
    model = Perceptron(lr=0.5, shuffle=False).fit([[1, 0], [0, 1]], [1, 0])
    assert model.errors_ == [1, 1, 0]
    np.testing.assert_array_equal(model.weights_, [1.0, -1.0])
    assert model.bias_ == 0.0
    assert model.converged_
    np.testing.assert_array_equal(model.net_input([[1, 0], [0, 1]]), [1.0, -1.0])


def test_learns_and():
    model = Perceptron(random_state=0).fit(XOR_X, [0, 0, 0, 1])
    assert model.converged_
    assert model.predict(XOR_X).tolist() == [0, 0, 0, 1]


def test_never_converges_on_xor():
    model = Perceptron(max_iter=50, random_state=0).fit(XOR_X, XOR_Y)
    assert not model.converged_
    assert len(model.errors_) == 50
    assert min(model.errors_) >= 1  # no line separates XOR: every epoch has a mistake


def test_string_labels_are_returned():
    y = np.array(["cat", "cat", "cat", "dog"])
    model = Perceptron(random_state=0).fit(XOR_X, y)
    assert model.classes_.tolist() == ["cat", "dog"]
    assert model.predict(XOR_X).tolist() == y.tolist()


def test_same_random_state_same_model():
    X, _, y, _ = separable_with_margin(seed=4, margin=0.02)
    a = Perceptron(random_state=7).fit(X, y)
    b = Perceptron(random_state=7).fit(X, y)
    c = Perceptron(random_state=8).fit(X, y)
    assert a.errors_ == b.errors_
    np.testing.assert_array_equal(a.weights_, b.weights_)
    assert a.bias_ == b.bias_
    assert not np.array_equal(a.weights_, c.weights_)  # the seed does decide the order


def test_a_generator_is_accepted_as_random_state():
    X, _, y, _ = separable_with_margin(seed=4, margin=0.02)
    a = Perceptron(random_state=np.random.default_rng(7)).fit(X, y)
    b = Perceptron(random_state=7).fit(X, y)
    assert a.errors_ == b.errors_


def test_learning_rate_only_scales_the_weights():
    # From zero weights, every update is lr times +-2 x~: lr scales w and b
    # and, on continuous data (no net input lands exactly on 0), never changes
    # a prediction during training. On 0/1 data ties can round either way.
    X, _, y, _ = separable_with_margin(seed=5, margin=0.05)
    a = Perceptron(lr=1.0, random_state=0).fit(X, y)
    b = Perceptron(lr=0.01, random_state=0).fit(X, y)
    assert a.errors_ == b.errors_
    np.testing.assert_allclose(b.weights_, 0.01 * a.weights_)
    np.testing.assert_allclose(b.bias_, 0.01 * a.bias_)


def test_hyperparameters_are_stored_unchanged():
    model = Perceptron(lr=0.3, max_iter=7, shuffle=False, random_state=42)
    assert (model.lr, model.max_iter, model.shuffle, model.random_state, model.max_epochs) == (0.3, 7, False, 42, None)
    assert not hasattr(model, "weights_")


def test_max_iter_bounds_the_epochs_and_max_epochs_is_its_older_name():
    # XOR never converges: training runs to the limit, under either name.
    assert len(Perceptron(max_iter=7, random_state=0).fit(XOR_X, XOR_Y).errors_) == 7
    old = Perceptron(max_epochs=7, random_state=0).fit(XOR_X, XOR_Y)
    assert old.errors_ == Perceptron(max_iter=7, random_state=0).fit(XOR_X, XOR_Y).errors_
    assert len(Perceptron(max_iter=7, max_epochs=7, random_state=0).fit(XOR_X, XOR_Y).errors_) == 7
    with pytest.raises(ValueError, match="got max_iter=5 and max_epochs=7: give max_iter only"):
        Perceptron(max_iter=5, max_epochs=7).fit(XOR_X, XOR_Y)
    with pytest.raises(ValueError, match="max_iter must be an integer >= 1, got 2.5"):
        Perceptron(max_iter=2.5).fit(XOR_X, XOR_Y)


def test_fit_returns_self():
    model = Perceptron()
    assert model.fit(XOR_X, [0, 0, 0, 1]) is model


@pytest.mark.parametrize(
    "X, y, error, message",
    [
        ([0, 1, 1], [0, 1, 1], ValueError, r"X must be 2-D, got an array of shape \(3,\)"),
        (XOR_X, [0, 1, 1], ValueError, r"same number of samples, got 4 rows in X and 3 labels"),
        ([[0, np.nan], [1, 1]], [0, 1], ValueError, r"X contains 1 NaN"),
        (XOR_X, [0, 1, 2, 0], ValueError, r"exactly two classes, got 3: \[0, 1, 2\]"),
        (XOR_X, [1, 1, 1, 1], ValueError, r"exactly two classes, got 1"),
        (XOR_X, [[0], [1], [1], [0]], ValueError, r"y must be 1-D .* got shape \(4, 1\)"),
        ([["a", "b"], ["c", "d"]], [0, 1], TypeError, r"X must be an array of numbers"),
    ],
)
def test_bad_training_data(X, y, error, message):
    with pytest.raises(error, match=message):
        Perceptron().fit(X, y)


def test_predict_before_fit():
    with pytest.raises(NotFittedError, match=r"Perceptron is not fitted yet: call fit"):
        Perceptron().predict(XOR_X)


def test_predict_with_the_wrong_number_of_features():
    model = Perceptron(random_state=0).fit(XOR_X, XOR_Y)
    with pytest.raises(ValueError, match=r"X must have 2 features .* got shape \(4, 3\) with 3"):
        model.predict(np.ones((4, 3)))
