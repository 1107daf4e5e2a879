r"""Dropout: train many thinned networks at once (Srivastava et al., 2014).

During training every unit is kept with probability :math:`1 - p` and set
to zero otherwise, afresh for every sample and every batch, so no unit can
rely on a particular other unit being there. This implementation is
*inverted* dropout: the kept units are scaled by :math:`1/(1 - p)` during
training, so the expected output equals the input,

.. math::

    m_i \sim \text{Bernoulli}(1 - p), \qquad
    y = \frac{m \odot x}{1 - p}, \qquad
    \frac{\partial L}{\partial x} = \frac{m \odot \text{dout}}{1 - p},

and at test time (``training`` False, after ``model.eval()``) the layer is
the identity, with no rescaling to remember.

Reference: N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever and
R. Salakhutdinov, "Dropout: a simple way to prevent neural networks from
overfitting", JMLR 15, 2014.
"""

import numpy as np

from .layer import Layer


class Dropout(Layer):
    """Inverted dropout.

    Parameters
    ----------
    p : float in [0, 1)
        Probability of dropping (zeroing) each unit during training.
    random_state : None, int or numpy.random.Generator
        Seed of the masks. The layer draws a new mask at every forward pass
        in training mode; the same seed gives the same sequence of masks.

    Notes
    -----
    PyTorch: ``torch.nn.Dropout(p)``.
    """

    def __init__(self, p=0.5, random_state=None):
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout probability p must be in [0, 1), got {p!r}")
        self.p = p
        self.random_state = random_state
        self.rng = np.random.default_rng(random_state)

    def forward(self, x):
        """Zero each entry of x with probability p and scale the rest by 1/(1-p); identity in eval mode."""
        x = np.asarray(x, dtype=np.float64)
        if not self.training or self.p == 0.0:
            self.save_for_backward(None)
            return x
        mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)  # 0 or 1/(1-p), x's shape
        self.save_for_backward(mask)
        return x * mask

    def backward(self, dout):
        """Pass dL/dy through the same mask as the forward pass."""
        (mask,) = self.saved_tensors
        return dout if mask is None else dout * mask

    def __repr__(self):
        return f"Dropout(p={self.p})"
