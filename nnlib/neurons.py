r"""Threshold neurons whose weights are set by hand.

McCulloch and Pitts (1943) modelled a neuron as a logic gate. Its inputs are
binary and of two kinds: *excitatory* inputs are counted, and the neuron fires
(outputs 1) when at least ``threshold`` of them are active; a single active
*inhibitory* input silences it whatever the count (absolute inhibition). With
the right threshold one neuron computes AND, OR or NOT, and networks of them
compute any logical function. Nothing is learned: a person chooses the
threshold.

The :class:`ThresholdUnit` generalises this to real-valued weights: it fires
when the weighted sum of its inputs reaches the threshold (a Heaviside step).
One unit computes AND; XOR needs a second unit that also sees the first one's
output, because no single line separates XOR's classes.

References
----------
W. S. McCulloch and W. Pitts, "A logical calculus of the ideas immanent in
nervous activity", Bulletin of Mathematical Biophysics 5, 115-133 (1943).
"""

import numpy as np

from ._validation import check_array


class McCullochPitts:
    r"""The McCulloch-Pitts neuron: binary inputs, a threshold, absolute inhibition.

    .. math::

        y = \begin{cases}
            1 & \text{if } \sum_{j \notin I} x_j \ge \theta
                \text{ and } x_j = 0 \text{ for every } j \in I, \\
            0 & \text{otherwise,}
        \end{cases}

    where :math:`\theta` is ``threshold`` and :math:`I` the set ``inhibitory``.

    Parameters
    ----------
    threshold : int
        How many excitatory inputs must be active for the neuron to fire.
    inhibitory : sequence of int, default=()
        Column indices of the inhibitory inputs; all other columns excite.

    Notes
    -----
    Neither PyTorch nor scikit-learn has this neuron: its weights are not
    learned.

    Examples
    --------
    AND, OR and NOT (lecture 000):

    >>> AND = McCullochPitts(threshold=2)
    >>> OR = McCullochPitts(threshold=1)
    >>> NOT = McCullochPitts(threshold=0, inhibitory=[0])
    >>> AND.predict([[0, 1], [1, 1]]).tolist(), NOT.predict([[0], [1]]).tolist()
    ([0, 1], [1, 0])
    """

    def __init__(self, threshold, inhibitory=()):
        self.threshold = threshold
        self.inhibitory = inhibitory

    def predict(self, X):
        """Fire (1) or stay silent (0) for each row of binary inputs.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_inputs)
            Binary inputs (0 or 1).

        Returns
        -------
        ndarray of int, shape (n_samples,)
        """
        X = check_array(X)
        if not np.isin(X, (0, 1)).all():
            bad = np.unique(X[~np.isin(X, (0, 1))])
            raise ValueError(f"McCullochPitts takes binary inputs (0 or 1), got {bad.tolist()[:5]}")
        n_inputs = X.shape[1]
        inhibitory = np.zeros(n_inputs, dtype=bool)
        for j in self.inhibitory:
            if not 0 <= j < n_inputs:
                raise ValueError(f"inhibitory input {j} does not exist: X has inputs 0 to {n_inputs - 1}")
            inhibitory[j] = True
        excitation = X[:, ~inhibitory].sum(axis=1)  # (n_samples,)
        inhibited = X[:, inhibitory].any(axis=1)  # (n_samples,)
        return ((excitation >= self.threshold) & ~inhibited).astype(int)


class ThresholdUnit:
    r"""A neuron with real weights and a Heaviside activation.

    .. math::

        y = H(\mathbf{x} \cdot \mathbf{w} - \theta)
          = \begin{cases} 1 & \text{if } \mathbf{x} \cdot \mathbf{w} \ge \theta, \\
                          0 & \text{otherwise.} \end{cases}

    Parameters
    ----------
    weights : array_like of shape (n_inputs,)
        One weight per input.
    threshold : float
        The number "in the neuron": it fires when the weighted sum reaches it.

    Notes
    -----
    Neither PyTorch nor scikit-learn has a unit with weights set by hand;
    the nearest is ``torch.nn.Linear`` followed by ``torch.heaviside``.

    Examples
    --------
    AND (lecture 002, slide 5), then XOR from a second unit that also sees
    the AND unit's output (slide 7):

    >>> AND = ThresholdUnit(weights=[1, 1], threshold=1.2)
    >>> XOR = ThresholdUnit(weights=[1, 1, -2], threshold=0.6)
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> XOR.predict(np.column_stack([X, AND.predict(X)])).tolist()
    [0, 1, 1, 0]
    """

    def __init__(self, weights, threshold):
        self.weights = weights
        self.threshold = threshold

    def net_input(self, X):
        """The weighted sum of the inputs, before the threshold.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_inputs)

        Returns
        -------
        ndarray of shape (n_samples,)
        """
        w = check_array(self.weights, name="weights", ndim=1)
        X = check_array(X, n_features=len(w))
        return X @ w

    def predict(self, X):
        """Fire (1) where the weighted sum reaches the threshold, else 0.

        Parameters
        ----------
        X : array_like of shape (n_samples, n_inputs)

        Returns
        -------
        ndarray of int, shape (n_samples,)
        """
        return (self.net_input(X) >= self.threshold).astype(int)
