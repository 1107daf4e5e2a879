r"""Rosenblatt's perceptron: a threshold unit that learns from its mistakes.

The perceptron (Rosenblatt, 1958) computes the same thing as a threshold
unit, a step of the weighted sum ``x @ w + b``, but finds ``w`` and ``b``
itself. It visits the training samples one at a time and, whenever it gets
one wrong, moves the weights towards that sample (or away from it):

.. math::

    \mathbf{w} \leftarrow \mathbf{w} + \alpha \, (y - f(\mathbf{x})) \, \mathbf{x},
    \qquad b \leftarrow b + \alpha \, (y - f(\mathbf{x})),

with targets :math:`y \in \{-1, +1\}` and prediction :math:`f(\mathbf{x}) =
+1` if :math:`\mathbf{x} \cdot \mathbf{w} + b \ge 0`, else :math:`-1`. A
correct prediction changes nothing.

If a line (a hyperplane) separates the two classes with a margin, the
perceptron finds one after finitely many updates: Novikoff (1962) proved at
most :math:`(R / \gamma)^2`, where :math:`R` bounds the length of the inputs
(with a 1 appended for the bias) and :math:`\gamma` is the margin of a
unit-length separator. If no line separates them, as for XOR (Minsky and
Papert, 1969), it never stops making mistakes.

References
----------
F. Rosenblatt, "The perceptron: a probabilistic model for information storage
and organization in the brain", Psychological Review 65, 386-408 (1958).
A. B. J. Novikoff, "On convergence proofs on perceptrons", Symposium on the
Mathematical Theory of Automata 12, 615-622 (1962).
"""

import inspect

import numpy as np

from ._validation import check_array, check_int, check_is_fitted, check_X_y, signed_targets


class LinearThresholdClassifier:
    """The model the perceptron and Adaline share: a threshold on ``X @ weights_ + bias_``.

    Subclasses differ only in how ``fit`` learns ``weights_``, ``bias_`` and
    ``classes_``.

    scikit-learn: its linear classifiers share ``predict`` the same way
    (``sklearn.linear_model.LinearClassifierMixin``).
    """

    def _max_iter(self, old_name):
        """``max_iter``, or the value given under its older name (``max_epochs``, ``epochs``), checked."""
        old = getattr(self, old_name)
        if old is None:
            return check_int(self.max_iter, "max_iter", 1)
        default = inspect.signature(type(self)).parameters["max_iter"].default
        if self.max_iter not in (default, old):
            raise ValueError(
                f"{type(self).__name__} got max_iter={self.max_iter!r} and {old_name}={old!r}: "
                f"give max_iter only ({old_name} is its older name)"
            )
        return check_int(old, old_name, 1)

    def net_input(self, X):
        """The weighted sum ``X @ weights_ + bias_``.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        check_is_fitted(self, "weights_")
        X = check_array(X, n_features=len(self.weights_))
        return X @ self.weights_ + self.bias_

    def predict(self, X):
        """The label of each sample: ``classes_[1]`` where the net input is >= 0.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,), with the labels of ``classes_``
        """
        net = self.net_input(X)  # (n_samples,)
        return self.classes_[(net >= 0).astype(int)]


class Perceptron(LinearThresholdClassifier):
    r"""Rosenblatt's perceptron for two classes.

    Parameters
    ----------
    lr : float, default=1.0
        Learning rate :math:`\alpha`. The weights start at zero, so in exact
        arithmetic ``lr`` only scales them and the predictions made during
        training do not depend on it. In floating point they can: a net
        input that should be exactly 0 (a tie) may come out as a tiny
        positive or negative number, depending on ``lr``. Powers of two
        (1, 0.5, 0.25) scale exactly.
    max_iter : int, default=100
        Passes over the training set (epochs) at most; training stops
        earlier at the first epoch without a mistake.
    shuffle : bool, default=True
        Visit the samples in a new random order every epoch.
    random_state : None, int or numpy.random.Generator
        Seed for the shuffling; the same seed gives the same model.
    max_epochs : int or None, default=None
        The older name of ``max_iter``, still accepted; prefer ``max_iter``.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two labels; ``classes_[1]`` is the positive class.
    weights_ : ndarray of shape (n_features,)
    bias_ : float
    errors_ : list of int
        Misclassified samples (that is, updates) in each epoch.
    converged_ : bool
        True once an epoch had no error; training stops there.

    Notes
    -----
    scikit-learn: ``sklearn.linear_model.Perceptron`` (whose ``max_iter``
    this is). PyTorch has no perceptron.
    """

    def __init__(self, lr=1.0, max_iter=100, shuffle=True, random_state=None, max_epochs=None):
        self.lr = lr
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.max_epochs = max_epochs

    def fit(self, X, y):
        """Learn the weights with the perceptron rule.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_features)
        y : array_like of shape (n_samples,)
            Two distinct labels of any type.

        Returns
        -------
        self
        """
        X, y = check_X_y(X, y)
        max_iter = self._max_iter("max_epochs")
        self.classes_, t = signed_targets(y, "Perceptron")
        rng = np.random.default_rng(self.random_state)
        n_samples, n_features = X.shape
        self.weights_ = np.zeros(n_features)
        self.bias_ = 0.0
        self.errors_ = []
        self.converged_ = False
        for _ in range(max_iter):
            order = rng.permutation(n_samples) if self.shuffle else range(n_samples)
            errors = 0
            for i in order:
                prediction = 1.0 if X[i] @ self.weights_ + self.bias_ >= 0 else -1.0
                if prediction != t[i]:  # a mistake: t - f(x) is +2 or -2
                    self.weights_ += self.lr * (t[i] - prediction) * X[i]
                    self.bias_ += self.lr * (t[i] - prediction)
                    errors += 1
            self.errors_.append(errors)
            if errors == 0:
                self.converged_ = True
                break
        return self
