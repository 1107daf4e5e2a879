r"""word2vec's continuous bag of words (CBOW), as the SJTU lecture and Rong's notes write it.

Every word w of a vocabulary of V words has two vectors of N numbers: an
*input* vector :math:`v_w`, row w of :math:`W` (V × N), used when w is in the
context, and an *output* vector :math:`v'_w`, row w of :math:`W'` (V × N),
used when w is the word to predict. From the C context words
:math:`w_1, \dots, w_C` around a position, CBOW averages the input vectors
and scores every word of the vocabulary against the average:

.. math::

    h = \frac{1}{C} (v_{w_1} + \dots + v_{w_C}), \qquad
    u_j = {v'_{w_j}}^{\top} h, \qquad
    y_j = \frac{e^{u_j}}{\sum_{j'} e^{u_{j'}}},

and the loss for the word :math:`w_O` that is really there is the
cross-entropy :math:`E = -\log y_{w_O} = -u_{w_O} + \log \sum_{j'} e^{u_{j'}}`.
With :math:`e_j = \partial E / \partial u_j = y_j - t_j` (:math:`t_j` is 1 for
:math:`w_O`, 0 otherwise) the gradients are

.. math::

    \frac{\partial E}{\partial v'_{w_j}} = e_j\, h, \qquad
    \mathrm{EH} = \sum_{j=1}^{V} e_j\, v'_{w_j}, \qquad
    \frac{\partial E}{\partial v_{w_c}} = \frac{1}{C}\, \mathrm{EH},

and one step of gradient descent with rate :math:`\eta` on one example is the
lecture's pair of update rules,

.. math::

    {v'_{w_j}}^{(\text{new})} = {v'_{w_j}}^{(\text{old})} - \eta\, e_j\, h \quad (j = 1, \dots, V), \qquad
    v_{w_c}^{(\text{new})} = v_{w_c}^{(\text{old})} - \frac{1}{C}\, \eta\, \mathrm{EH} \quad (c = 1, \dots, C).

:class:`CBOW` is a layer: ``forward`` maps the context words to the scores
:math:`u` (logits, for :class:`~nnlib.CrossEntropy`), ``backward`` takes
:math:`\partial E / \partial u` and fills ``grads``; :class:`~nnlib.SGD` with
``batch_size=1`` then takes exactly the two steps above. A word that occurs
twice in a context gets its share twice, as the lecture's loop over
:math:`c` gives it.

After training, the input vectors are the word vectors: :func:`most_similar`
finds the words whose vectors point the same way as a query, for nearest
neighbours (:math:`v(\text{said})`) and analogies
(:math:`v(\text{king}) - v(\text{man}) + v(\text{woman})`).

References: T. Mikolov, K. Chen, G. Corrado and J. Dean, "Efficient
estimation of word representations in vector space", 2013; X. Rong,
"word2vec parameter learning explained", arXiv:1411.2738, 2014 (sections
1.2 and 1.3, whose notation the lecture uses).
"""

import numpy as np

from .layer import Layer


class CBOW(Layer):
    """word2vec's continuous bag of words: context words in, a score for every word out.

    Parameters
    ----------
    vocab_size : int
        V, the number of words.
    embedding_dim : int
        N, the size of each word vector.
    random_state : None, int or numpy.random.Generator
        Seed of the input vectors.

    Attributes
    ----------
    params : dict
        ``"W_in"`` (V, N), the input vectors :math:`v_w` as rows, drawn from
        U(-0.5/N, 0.5/N) as in Mikolov's word2vec code; ``"W_out"`` (V, N),
        the output vectors :math:`v'_w` as rows, zero at first (likewise).

    Notes
    -----
    PyTorch: ``torch.nn.EmbeddingBag(V, N, mode="mean")`` for ``W_in``
    followed by ``torch.nn.Linear(N, V, bias=False)``, whose ``weight`` is
    ``W_out``.
    """

    def __init__(self, vocab_size, embedding_dim, random_state=None):
        super().__init__()
        self.vocab_size = vocab_size
        self.embedding_dim = embedding_dim
        rng = np.random.default_rng(random_state)
        bound = 0.5 / embedding_dim
        self.params["W_in"] = rng.uniform(-bound, bound, size=(vocab_size, embedding_dim))
        self.params["W_out"] = np.zeros((vocab_size, embedding_dim))

    def forward(self, context):
        """Map the context words (B, C), integer indices, to the scores u (B, V)."""
        context = self._check_context(context)
        h = self.params["W_in"][context].mean(axis=1)  # (B, N): the average of the input vectors
        self.save_for_backward(context, h)
        return h @ self.params["W_out"].T  # (B, V): u_j = v'_j . h

    def backward(self, dout):
        """Given e = dE/du (B, V), fill ``grads`` (summed over the batch) and return None.

        The context words are indices and have no gradient, hence None.
        """
        context, h = self.saved_tensors
        EH = dout @ self.params["W_out"]  # (B, N): EH = sum_j e_j v'_j
        self.grads["W_out"] = dout.T @ h  # (V, N): row j is sum over the batch of e_j h
        dW_in = np.zeros_like(self.params["W_in"])  # (V, N)
        C = context.shape[1]
        share = np.repeat(EH / C, C, axis=0)  # (B * C, N): EH / C for every context word
        np.add.at(dW_in, context.ravel(), share)  # a word twice in a context gets it twice
        self.grads["W_in"] = dW_in
        return None

    def _check_context(self, context):
        """``context`` as an integer array (B, C) of word indices, or a ValueError that says what came."""
        context = np.asarray(context)
        if context.ndim != 2 or not np.issubdtype(context.dtype, np.integer) or context.shape[1] < 1:
            raise ValueError(
                f"CBOW expects integer word indices of shape (batch, C) with C >= 1, "
                f"got an array of dtype {context.dtype} and shape {context.shape}"
            )
        if context.min() < 0 or context.max() >= self.vocab_size:
            raise ValueError(
                f"CBOW({self.vocab_size}, ...) expects word indices in 0..{self.vocab_size - 1}, "
                f"got values from {context.min()} to {context.max()}"
            )
        return context

    def __repr__(self):
        return f"CBOW({self.vocab_size}, {self.embedding_dim})"


def most_similar(vectors, query, k=5, exclude=()):
    r"""The k rows of ``vectors`` closest to ``query`` in cosine similarity.

    .. math:: \cos(v, q) = \frac{v \cdot q}{\lVert v \rVert\, \lVert q \rVert}

    Parameters
    ----------
    vectors : ndarray of shape (V, N)
        One vector per word, such as a trained CBOW's ``params["W_in"]``.
    query : ndarray of shape (N,)
        A word's vector, or a combination such as
        ``vectors[b] - vectors[a] + vectors[c]`` for the analogy a : b = c : ?.
    k : int, default=5
        How many to return.
    exclude : iterable of int
        Rows never returned (the query's own words).

    Returns
    -------
    indices : ndarray of int, shape (k,)
        The closest rows, the most similar first.
    similarities : ndarray of float, shape (k,)
        Their cosine similarities, from 1 (same direction) to -1.

    Notes
    -----
    gensim: ``KeyedVectors.most_similar(positive=..., negative=...)``, which
    normalises every vector before it adds them.
    """
    vectors = np.asarray(vectors, dtype=np.float64)
    query = np.asarray(query, dtype=np.float64)
    if vectors.ndim != 2 or query.shape != vectors.shape[1:]:
        raise ValueError(f"most_similar expects vectors (V, N) and a query (N,), got {vectors.shape} and {query.shape}")
    norms = np.linalg.norm(vectors, axis=1) * np.linalg.norm(query)
    similarities = vectors @ query / np.where(norms > 0, norms, 1.0)  # (V,)
    similarities[list(exclude)] = -np.inf
    order = np.argsort(-similarities, kind="stable")[:k]
    return order, similarities[order]
