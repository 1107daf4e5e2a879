r"""Embeddings: a learned vector for every word (or character) of a vocabulary.

A network cannot multiply a word. The usual way in is a one-hot vector
:math:`e_k` (all zeros but a one at the word's index k) times a weight
matrix, :math:`e_k W`, which is simply row k of :math:`W`. An embedding
layer skips the multiplication and looks the row up: for integer indices of
any shape it returns the rows of ``W`` they name,

.. math::

    \text{out}[\dots] = W[\text{indices}[\dots]], \qquad
    \frac{\partial L}{\partial W_k} = \sum_{\text{positions } p:\ \text{indices}[p] = k} \text{dout}[p],

so a word that occurs several times in a batch collects the gradient of
every occurrence (a *scatter-add*), and a word that does not occur gets
none. Words used in similar contexts end up with similar rows: the
projection layer of word2vec's CBOW model (Mikolov et al., 2013) is such a
table, its rows averaged over the context words.

The indices themselves have no gradient, so ``backward`` returns None, and
an embedding is the first layer of a network:
``Sequential([Embedding(V, E), GRU(E, H), Dense(H, V)])`` reads character
indices (N, T) and gives next-character logits (N, T, V).

Reference: T. Mikolov, K. Chen, G. Corrado and J. Dean, "Efficient
estimation of word representations in vector space", ICLR workshop, 2013.
"""

import numpy as np

from .init import initialize
from .layer import Layer


class Embedding(Layer):
    """A lookup table of ``num_embeddings`` learned vectors of size ``embedding_dim``.

    Parameters
    ----------
    num_embeddings : int
        V, the size of the vocabulary: indices run from 0 to V - 1.
    embedding_dim : int
        E, the size of each vector.
    init : str
        Initialisation of ``W`` by name (see :mod:`nnlib.init`); the default
        ``"normal"``, N(0, 1), is PyTorch's.
    random_state : None, int or numpy.random.Generator
        Seed of the initial vectors.

    Attributes
    ----------
    params : dict
        ``"W"`` of shape (num_embeddings, embedding_dim), one row per index.

    Notes
    -----
    PyTorch: ``torch.nn.Embedding(num_embeddings, embedding_dim)``, whose
    ``weight`` is ``W``.
    """

    def __init__(self, num_embeddings, embedding_dim, init="normal", random_state=None):
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        shape = (num_embeddings, embedding_dim)
        self.params["W"] = initialize(init, shape, num_embeddings, embedding_dim, random_state)

    def forward(self, indices):
        """Map integer indices of any shape (N, ...) to their vectors, shape (N, ..., embedding_dim)."""
        indices = self._check_indices(indices)
        self.save_for_backward(indices)
        return self.params["W"][indices]

    def backward(self, dout):
        """Given dL/d(output) (N, ..., E), fill ``grads["W"]`` by scatter-add; return None.

        The indices have no gradient, hence None.
        """
        (indices,) = self.saved_tensors
        dW = np.zeros_like(self.params["W"])  # (V, E)
        np.add.at(dW, indices.ravel(), dout.reshape(-1, self.embedding_dim))  # a repeated index adds up
        self.grads["W"] = dW
        return None

    def _check_indices(self, indices):
        """``indices`` as an integer array of values in 0 .. num_embeddings - 1, or a ValueError."""
        indices = np.asarray(indices)
        if not np.issubdtype(indices.dtype, np.integer):
            raise ValueError(f"Embedding expects integer indices, got an array of dtype {indices.dtype}")
        if indices.size and (indices.min() < 0 or indices.max() >= self.num_embeddings):
            raise ValueError(
                f"Embedding({self.num_embeddings}, ...) expects indices in 0..{self.num_embeddings - 1}, "
                f"got values from {indices.min()} to {indices.max()}"
            )
        return indices

    def __repr__(self):
        return f"Embedding({self.num_embeddings}, {self.embedding_dim})"
