r"""Text for character-level language models: a vocabulary, training windows and sampling.

A character-level language model reads text one character at a time and,
at every step, predicts the next one, as in Elman's (1990) experiments and
Karpathy's "The unreasonable effectiveness of recurrent neural networks"
(2015). The pieces here turn a string into what such a model trains on and
turn the trained model back into text:

- :class:`CharVocabulary` numbers the distinct characters of a text and
  encodes, decodes and one-hot encodes;
- :func:`next_char_windows` cuts the encoded text into inputs and targets,
  the target of every character being the character after it;
- :func:`unigram_entropy` is the loss to beat, that of a model that knows
  only how frequent each character is;
- :func:`sample` writes new text, one character at a time, drawing each from
  the model's softmax at a temperature :math:`\tau`,

.. math::

    p_k = \frac{e^{z_k / \tau}}{\sum_j e^{z_j / \tau}},

sharper than the model's own distribution for :math:`\tau < 1`, flatter
for :math:`\tau > 1`, and the most likely character every time for
:math:`\tau = 0`.
"""

import numpy as np

from .activations import softmax


class CharVocabulary:
    """The distinct characters of a text, numbered 0 .. V-1 in sorted order.

    Parameters
    ----------
    text : str
        The text whose characters make the vocabulary.

    Attributes
    ----------
    chars : list of str
        The characters, sorted; ``chars[k]`` is the character of index k.
    index : dict of str to int
        The inverse: ``index[chars[k]] == k``.

    Notes
    -----
    PyTorch itself has no vocabulary class; torchtext's ``Vocab`` plays
    this part there.

    Examples
    --------
    >>> vocab = CharVocabulary("hello")
    >>> vocab.chars
    ['e', 'h', 'l', 'o']
    >>> vocab.encode("hole").tolist()
    [1, 3, 2, 0]
    >>> vocab.decode([1, 0, 2, 2, 3])
    'hello'
    """

    def __init__(self, text):
        self.chars = sorted(set(text))
        self.index = {char: k for k, char in enumerate(self.chars)}

    def __len__(self):
        return len(self.chars)

    def encode(self, text):
        """The indices of the characters of ``text``, an int array of shape (len(text),)."""
        unknown = sorted(set(text) - self.index.keys())
        if unknown:
            raise ValueError(f"characters not in the vocabulary: {unknown[:10]}")
        return np.array([self.index[char] for char in text], dtype=np.int64)

    def decode(self, ids):
        """The string of the indices ``ids``."""
        return "".join(self.chars[k] for k in np.ravel(ids))

    def one_hot(self, ids):
        """One-hot rows for the indices ``ids``: shape (..., V) for ``ids`` of shape (...)."""
        return np.eye(len(self))[np.asarray(ids)]

    def __repr__(self):
        return f"CharVocabulary({len(self)} characters)"


def next_char_windows(ids, seq_length):
    """Cut an encoded text into non-overlapping windows and their next-character targets.

    Parameters
    ----------
    ids : array_like of int, shape (L,)
        The encoded text.
    seq_length : int
        T, the length of each window (the number of BPTT steps).

    Returns
    -------
    X : ndarray of int, shape (n_windows, T)
        ``ids[k T : (k + 1) T]`` for k = 0, 1, ...
    Y : ndarray of int, shape (n_windows, T)
        The same windows shifted by one character: ``Y[k, t]`` follows ``X[k, t]``.
    """
    ids = np.asarray(ids)
    n_windows = (len(ids) - 1) // seq_length
    if n_windows < 1:
        raise ValueError(f"a text of {len(ids)} characters is too short for windows of {seq_length} and their targets")
    X = ids[: n_windows * seq_length].reshape(n_windows, seq_length)  # (n_windows, T)
    Y = ids[1 : n_windows * seq_length + 1].reshape(n_windows, seq_length)  # (n_windows, T)
    return X, Y


def unigram_entropy(text):
    r"""The entropy of the character frequencies of ``text``, in nats.

    .. math:: H = -\sum_k p_k \log p_k

    It is the cross-entropy that a model scores when it predicts every
    character from its frequency alone, ignoring what came before: the
    baseline a language model must beat.
    """
    _, counts = np.unique(list(text), return_counts=True)
    p = counts / counts.sum()
    return float(-np.sum(p * np.log(p)))


def sample(model, vocab, prompt, length, temperature=1.0, context=None, random_state=None):
    """Generate text from a character model, one character at a time.

    Parameters
    ----------
    model : Layer
        Maps one-hot sequences (N, T, V) to next-character logits (N, T, V),
        for example ``Sequential([LSTM(V, H), Dense(H, V)])``. It runs in
        evaluation mode (no dropout) and is left in the mode it was in.
    vocab : CharVocabulary
        The vocabulary the model was trained with.
    prompt : str
        The text to start from (at least one character).
    length : int
        How many characters to generate.
    temperature : float, >= 0
        Divides the logits before the softmax; 0 picks the most likely
        character every time.
    context : int, optional
        Feed the model only the last ``context`` characters at each step
        (the training ``seq_length`` matches how the model was trained and
        is fast); None feeds everything so far.
    random_state : None, int or numpy.random.Generator
        Seed of the draws.

    Returns
    -------
    str
        The ``length`` generated characters (without the prompt).
    """
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    ids = list(vocab.encode(prompt))
    if not ids:
        raise ValueError("the prompt must have at least one character")
    rng = np.random.default_rng(random_state)
    was_training = model.training
    model.eval()
    try:
        for _ in range(length):
            window = ids[-context:] if context else ids
            logits = model.forward(vocab.one_hot(window)[None])[0, -1]  # (V,), the prediction after the last character
            if temperature == 0:
                ids.append(int(np.argmax(logits)))
            else:
                ids.append(int(rng.choice(len(vocab), p=softmax(logits / temperature))))
    finally:
        model.train(was_training)
    return vocab.decode(ids[len(ids) - length :])
