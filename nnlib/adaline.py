r"""Adaline: a linear neuron trained by gradient descent on the squared error.

Adaline (ADAptive LINear Element, Widrow and Hoff, 1960) has the perceptron's
model, a threshold on ``x @ w + b`` (it inherits ``net_input`` and ``predict``
from :mod:`nnlib.perceptron`), but learns from the linear output itself,
before the threshold. It minimises the half mean squared error

.. math::

    J(\mathbf{w}, b) = \frac{1}{2m} \sum_{i=1}^{m} (\mathbf{x}_i \cdot \mathbf{w} + b - t_i)^2

over targets :math:`t_i \in \{-1, +1\}` by gradient descent (the LMS or delta
rule), one batch :math:`B` of samples at a time:

.. math::

    \mathbf{w} \leftarrow \mathbf{w} + \frac{\alpha}{|B|} \sum_{i \in B} (t_i - \mathbf{x}_i \cdot \mathbf{w} - b) \, \mathbf{x}_i,
    \qquad b \leftarrow b + \frac{\alpha}{|B|} \sum_{i \in B} (t_i - \mathbf{x}_i \cdot \mathbf{w} - b).

With the whole training set as the batch this is gradient descent on
:math:`J`, and for a small enough :math:`\alpha` it converges to the
least-squares solution; with one sample per batch it is stochastic gradient
descent; in between, mini-batch gradient descent. Unlike the perceptron it
settles even when the classes overlap. If :math:`\alpha` is too large every
step overshoots the minimum further than the last, and the cost explodes.

References
----------
B. Widrow and M. E. Hoff, "Adaptive switching circuits", IRE WESCON
Convention Record 4, 96-104 (1960).
"""

import warnings

import numpy as np

from ._validation import check_int, check_X_y, signed_targets
from .perceptron import LinearThresholdClassifier

# The weights start at zero, where the cost is 1/2 (every target is -1 or +1),
# and a converging run only goes down from there. A cost this many times the
# start means the weights are running away.
_BLOW_UP = 100


class Adaline(LinearThresholdClassifier):
    r"""The adaptive linear neuron, trained by (mini-batch) gradient descent.

    Parameters
    ----------
    lr : float, default=0.01
        Learning rate :math:`\alpha`.
    max_iter : int, default=50
        Passes over the training set (epochs); training stops earlier only
        when the cost diverges.
    batch_size : None or int, default=None
        Samples per update: None for the whole set (batch gradient descent),
        1 for stochastic gradient descent, k for mini-batches of k.
    random_state : None, int or numpy.random.Generator
        Seed for the order of the samples, drawn anew every epoch.
    epochs : int or None, default=None
        The older name of ``max_iter``, still accepted; prefer ``max_iter``.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two labels; ``classes_[0]`` has target -1, ``classes_[1]`` +1.
    weights_ : ndarray of shape (n_features,)
    bias_ : float
    losses_ : list of float
        The cost :math:`J` on the whole training set after each epoch.

    Notes
    -----
    scikit-learn has no Adaline; ``sklearn.linear_model.SGDClassifier(loss=
    "squared_error", penalty=None, learning_rate="constant")`` trains the
    same model by stochastic gradient descent (with ``max_iter`` passes).
    PyTorch: ``torch.nn.Linear(n_features, 1)`` trained on ``MSELoss``.
    """

    def __init__(self, lr=0.01, max_iter=50, batch_size=None, random_state=None, epochs=None):
        self.lr = lr
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.random_state = random_state
        self.epochs = epochs

    def fit(self, X, y):
        """Learn the weights with the delta rule.

        Stops early with a ``RuntimeWarning`` when the cost diverges.

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
        max_iter = self._max_iter("epochs")
        self.classes_, t = signed_targets(y, "Adaline")
        n_samples, n_features = X.shape
        batch_size = n_samples if self.batch_size is None else check_int(self.batch_size, "batch_size", 1, "or None")
        rng = np.random.default_rng(self.random_state)
        self.weights_ = np.zeros(n_features)
        self.bias_ = 0.0
        self.losses_ = []
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            for epoch in range(1, max_iter + 1):
                order = rng.permutation(n_samples)
                for start in range(0, n_samples, batch_size):
                    batch = order[start:start + batch_size]
                    errors = t[batch] - (X[batch] @ self.weights_ + self.bias_)  # (B,)
                    self.weights_ += self.lr * X[batch].T @ errors / len(batch)  # (n_features,)
                    self.bias_ += self.lr * errors.mean()
                loss = 0.5 * np.mean((X @ self.weights_ + self.bias_ - t) ** 2)
                self.losses_.append(float(loss))
                if not np.isfinite(loss) or loss > 0.5 * _BLOW_UP:
                    warnings.warn(
                        f"Adaline diverged at epoch {epoch}: the cost reached {loss:.3g} "
                        f"(it starts at 0.5); the learning rate lr={self.lr} is too large. "
                        f"Try a smaller lr or standardise X.",
                        RuntimeWarning,
                        stacklevel=2,
                    )
                    break
        return self
