"""Adaline: the delta rule against least squares, SGD and mini-batches, divergence, bad input."""

import warnings

import numpy as np
import pytest

from nnlib import Adaline, NotFittedError


@pytest.fixture(scope="module")
def overlapping():
    """Two overlapping classes in 2-D (not linearly separable) and their least-squares fit.

    Returns X, y (0/1), the least-squares weights (w1, w2, b) for targets -1/+1
    on the bias-augmented X, and the minimum cost J.
    """
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2))
    y = (X @ [1.0, -0.5] + 0.3 + 0.8 * rng.normal(size=200) > 0).astype(int)
    t = np.where(y == 1, 1.0, -1.0)
    X_tilde = np.column_stack([X, np.ones(len(X))])
    solution = np.linalg.lstsq(X_tilde, t, rcond=None)[0]
    min_cost = 0.5 * np.mean((X_tilde @ solution - t) ** 2)
    return X, y, solution, min_cost


def learned(model):
    return np.append(model.weights_, model.bias_)


def test_one_full_batch_step_worked_by_hand():
    # t = (+1, -1); from w = b = 0 the errors t - net are (1, -1), so
    # w += 0.1 * (2*1 + 0*(-1)) / 2 = 0.1 and b += 0.1 * (1 - 1) / 2 = 0.
    # Then net = (0.2, 0) and J = ((0.2 - 1)^2 + (0 + 1)^2) / 4 = 0.41.
    model = Adaline(lr=0.1, max_iter=1).fit([[2.0], [0.0]], [1, 0])
    np.testing.assert_allclose(model.weights_, [0.1])
    assert model.bias_ == 0.0
    np.testing.assert_allclose(model.losses_, [0.41])


def test_full_batch_converges_to_least_squares(overlapping):
    X, y, solution, min_cost = overlapping
    model = Adaline(lr=0.5, max_iter=300).fit(X, y)
    np.testing.assert_allclose(learned(model), solution, atol=1e-6)
    np.testing.assert_allclose(model.losses_[-1], min_cost, rtol=1e-9)


def test_full_batch_cost_decreases_every_epoch(overlapping):
    X, y, _, min_cost = overlapping
    model = Adaline(lr=0.01, max_iter=50).fit(X, y)
    assert len(model.losses_) == 50
    assert model.losses_[0] < 0.5  # the cost of the zero weights it starts from
    assert np.all(np.diff(model.losses_) < 0)
    assert model.losses_[-1] > min_cost  # still on its way down


# Constant-step SGD does not settle on the minimum: it keeps jittering around
# it with a spread that grows like sqrt(lr). On this data set, over 100 seeds,
# the weights stayed within 0.01 of least squares and the cost within 0.02 %
# of its minimum for both settings below; the tolerances leave a 3x margin.
@pytest.mark.parametrize("batch_size, lr, max_iter", [(1, 0.002, 100), (10, 0.02, 50)])
def test_sgd_and_mini_batch_get_close_to_least_squares(overlapping, batch_size, lr, max_iter):
    X, y, solution, min_cost = overlapping
    model = Adaline(lr=lr, max_iter=max_iter, batch_size=batch_size, random_state=0).fit(X, y)
    np.testing.assert_allclose(learned(model), solution, atol=0.03)
    assert min_cost <= model.losses_[-1] <= min_cost * (1 + 1e-3)  # least squares is the floor


def test_batch_size_larger_than_the_data_is_full_batch(overlapping):
    X, y, _, _ = overlapping
    full = Adaline(lr=0.1, max_iter=5, random_state=0).fit(X, y)
    big = Adaline(lr=0.1, max_iter=5, batch_size=1000, random_state=0).fit(X, y)
    np.testing.assert_allclose(learned(big), learned(full), rtol=1e-12)


def test_same_random_state_same_model(overlapping):
    X, y, _, _ = overlapping
    a = Adaline(max_iter=3, batch_size=1, random_state=3).fit(X, y)
    b = Adaline(max_iter=3, batch_size=1, random_state=3).fit(X, y)
    c = Adaline(max_iter=3, batch_size=1, random_state=4).fit(X, y)
    assert a.losses_ == b.losses_
    np.testing.assert_array_equal(learned(a), learned(b))
    assert not np.array_equal(learned(a), learned(c))  # the seed does decide the order


def fit_recording_warnings(model, X, y):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y)
    return caught


def test_too_large_a_learning_rate_warns_and_stops(overlapping):
    X, y, _, _ = overlapping
    model = Adaline(lr=2.5, max_iter=50)
    caught = fit_recording_warnings(model, X, y)
    assert [w.category for w in caught] == [RuntimeWarning]  # ours, and no numpy overflow
    message = str(caught[0].message)
    assert "learning rate lr=2.5 is too large" in message
    assert f"diverged at epoch {len(model.losses_)}:" in message
    assert len(model.losses_) < 50  # stopped early
    assert np.all(np.diff(model.losses_) > 0)  # every step overshot further
    assert model.losses_[-1] > 100 * model.losses_[0]


@pytest.mark.parametrize("batch_size", [None, 1])
def test_an_overflowing_learning_rate_leaks_no_numpy_warning(overlapping, batch_size):
    X, y, _, _ = overlapping
    model = Adaline(lr=1e200, max_iter=50, batch_size=batch_size)
    caught = fit_recording_warnings(model, X, y)
    assert [w.category for w in caught] == [RuntimeWarning]
    assert "diverged at epoch 1:" in str(caught[0].message)
    assert len(model.losses_) == 1 and not np.isfinite(model.losses_[0])


def test_string_labels_are_returned():
    X = [[-2.0], [-1.0], [1.0], [2.0]]
    model = Adaline(lr=0.1, max_iter=100).fit(X, ["no", "no", "yes", "yes"])
    assert model.classes_.tolist() == ["no", "yes"]
    assert model.predict(X).tolist() == ["no", "no", "yes", "yes"]
    assert model.net_input([[2.0]])[0] > 0 > model.net_input([[-2.0]])[0]  # "yes" is +1


def test_hyperparameters_are_stored_unchanged():
    model = Adaline(lr=0.2, max_iter=9, batch_size=4, random_state=1)
    assert (model.lr, model.max_iter, model.batch_size, model.random_state, model.epochs) == (0.2, 9, 4, 1, None)
    assert not hasattr(model, "weights_")


def test_max_iter_is_the_number_of_epochs_and_epochs_its_older_name(overlapping):
    X, y, _, _ = overlapping
    new = Adaline(lr=0.01, max_iter=6, random_state=0).fit(X, y)
    old = Adaline(lr=0.01, epochs=6, random_state=0).fit(X, y)
    assert len(new.losses_) == 6 and new.losses_ == old.losses_
    with pytest.raises(ValueError, match="got max_iter=5 and epochs=6: give max_iter only"):
        Adaline(max_iter=5, epochs=6).fit(X, y)
    with pytest.raises(ValueError, match="epochs must be an integer >= 1, got 0"):
        Adaline(epochs=0).fit(X, y)


def test_fit_returns_self(overlapping):
    X, y, _, _ = overlapping
    model = Adaline()
    assert model.fit(X, y) is model


@pytest.mark.parametrize("batch_size", [0, -1, 2.5])
def test_bad_batch_size(overlapping, batch_size):
    X, y, _, _ = overlapping
    with pytest.raises(ValueError, match=r"batch_size must be an integer >= 1 \(or None\), got"):
        Adaline(batch_size=batch_size).fit(X, y)


@pytest.mark.parametrize(
    "X, y, error, message",
    [
        ([0, 1, 1], [0, 1, 1], ValueError, r"X must be 2-D, got an array of shape \(3,\)"),
        ([[0], [1]], [0, 1, 1], ValueError, r"same number of samples, got 2 rows in X and 3 labels"),
        ([[0.0], [np.inf]], [0, 1], ValueError, r"X contains 1 NaN or infinite"),
        ([[0], [1], [2]], ["a", "b", "c"], ValueError, r"Adaline separates exactly two classes, got 3"),
        ([[0], [1]], [[0, 1]], ValueError, r"y must be 1-D .* got shape \(1, 2\)"),
        ([["a"], ["b"]], [0, 1], TypeError, r"X must be an array of numbers"),
    ],
)
def test_bad_training_data(X, y, error, message):
    with pytest.raises(error, match=message):
        Adaline().fit(X, y)


@pytest.mark.parametrize("method", ["predict", "net_input"])
def test_use_before_fit(method):
    with pytest.raises(NotFittedError, match=r"Adaline is not fitted yet: call fit"):
        getattr(Adaline(), method)([[0.0, 1.0]])


def test_predict_with_the_wrong_number_of_features(overlapping):
    X, y, _, _ = overlapping
    model = Adaline().fit(X, y)
    with pytest.raises(ValueError, match=r"X must have 2 features .* got shape \(1, 3\) with 3"):
        model.predict([[0.0, 1.0, 2.0]])
