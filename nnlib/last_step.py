"""LastStep: the bridge from a sequence of states to one prediction per sequence.

A recurrent layer returns its state at every step, (N, T, H). A task that
asks one question per sequence (classify a sentence, recall a symbol seen
long ago) reads only the last state, h_T, which has seen the whole
sequence: ``Sequential([LSTM(D, H), LastStep(), Dense(H, K)])``. Its
backward pass puts the gradient at the last step and zeros elsewhere, so
every earlier step learns only through what flows back along the recurrence,
which is where gradients vanish.
"""

import numpy as np

from .layer import Layer


class LastStep(Layer):
    """Keep the last time step: (N, T, H) → (N, H).

    PyTorch has no layer for it: ``output[:, -1]`` on the output of
    ``torch.nn.LSTM(..., batch_first=True)``, or the returned ``h_n``.
    """

    def forward(self, x):
        """Map states x (N, T, H) to the last ones, x[:, -1], of shape (N, H)."""
        x = np.asarray(x)
        if x.ndim != 3:
            raise ValueError(f"LastStep expects a sequence batch of shape (N, T, H), got shape {x.shape}")
        self.save_for_backward(x.shape)
        return x[:, -1]

    def backward(self, dout):
        """Given dL/dh_T (N, H), return dL/dx (N, T, H): zero except at the last step."""
        (input_shape,) = self.saved_tensors
        dx = np.zeros(input_shape)
        dx[:, -1] = dout
        return dx

    def __repr__(self):
        return "LastStep()"
