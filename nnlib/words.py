r"""Words for word-level models: split a text into words, number them, cut training windows.

A word-level model sees a text as a sequence of word indices. The pieces here
get it there:

- :func:`tokenize` lowercases a text and splits it into words of letters;
- :class:`WordVocabulary` numbers the words that occur often enough and maps
  the rare ones to one *unknown* word;
- :func:`context_windows` cuts the indices into the training pairs of
  word2vec's continuous bag of words (:class:`~nnlib.CBOW`): the
  :math:`C = 2 \cdot \text{window}` words around a position, and the word at
  that position,

.. math::

    (w_{t-\text{window}}, \dots, w_{t-1}, w_{t+1}, \dots, w_{t+\text{window}}) \;\mapsto\; w_t .

Characters have their own vocabulary, :class:`~nnlib.CharVocabulary`.
"""

import re
from collections import Counter

import numpy as np

from ._validation import check_int

WORD = re.compile(r"[a-z]+")


def tokenize(text):
    """The words of ``text``, lowercased: runs of the letters a to z.

    Everything else separates words, so "Alice's" gives "alice" and "s",
    and "Rabbit-Hole" gives "rabbit" and "hole".

    Examples
    --------
    >>> tokenize("'Curiouser and curiouser!' cried Alice")
    ['curiouser', 'and', 'curiouser', 'cried', 'alice']
    """
    return WORD.findall(text.lower())


class WordVocabulary:
    """The words of a text that occur at least ``min_count`` times, numbered in sorted order.

    Parameters
    ----------
    words : list of str
        The text as words (see :func:`tokenize`).
    min_count : int, default=1
        Words seen fewer times become ``unknown``, the last word of the
        vocabulary (present only if some word was dropped).
    unknown : str, default="<unk>"
        The word that stands for every dropped word.

    Attributes
    ----------
    words : list of str
        ``words[k]`` is the word of index k.
    index : dict of str to int
        The inverse: ``index[words[k]] == k``.
    counts : ndarray of int, shape (len(words),)
        How often each word occurs in ``words`` (the unknown word counts
        every dropped word).

    Notes
    -----
    PyTorch has no vocabulary class; torchtext's ``vocab(counter,
    min_freq=...)`` plays this part there.

    Examples
    --------
    >>> vocab = WordVocabulary(["the", "cat", "the", "mat"], min_count=2)
    >>> vocab.words, vocab.encode(["the", "dog"]).tolist()
    (['the', '<unk>'], [0, 1])
    """

    def __init__(self, words, min_count=1, unknown="<unk>"):
        self.min_count = check_int(min_count, "min_count", 1)
        self.unknown = unknown
        seen = Counter(words)
        self.words = sorted(word for word, n in seen.items() if n >= min_count)
        dropped = sum(n for n in seen.values() if n < min_count)
        if dropped:
            self.words.append(unknown)
        self.index = {word: k for k, word in enumerate(self.words)}
        self.counts = np.array([seen[word] for word in self.words], dtype=np.int64)
        if dropped:
            self.counts[-1] = dropped

    def __len__(self):
        return len(self.words)

    def encode(self, words):
        """The indices of ``words``, an int array of shape (len(words),); a dropped word gets ``unknown``'s."""
        if isinstance(words, str):
            raise TypeError(f"encode takes a list of words, got the string {words[:30]!r}: tokenize it first")
        unknown = self.index.get(self.unknown)
        if unknown is None:
            missing = sorted(set(words) - self.index.keys())
            if missing:
                raise ValueError(f"words not in the vocabulary: {missing[:10]}")
        return np.array([self.index.get(word, unknown) for word in words], dtype=np.int64)

    def decode(self, ids):
        """The words of the indices ``ids``, joined by spaces."""
        return " ".join(self.words[k] for k in np.ravel(ids))

    def __repr__(self):
        return f"WordVocabulary({len(self)} words)"


def context_windows(ids, window):
    """CBOW's training pairs: the ``window`` words on each side of a position, and the word there.

    Parameters
    ----------
    ids : array_like of int, shape (L,)
        The encoded text.
    window : int
        How many words on each side; C = 2 * window context words.

    Returns
    -------
    contexts : ndarray of int, shape (L - 2 * window, 2 * window)
        Row t holds ``ids[t : t + window]`` and ``ids[t + window + 1 : t + 2 * window + 1]``.
    targets : ndarray of int, shape (L - 2 * window,)
        ``ids[t + window]``, the word between them.

    Examples
    --------
    >>> contexts, targets = context_windows([10, 11, 12, 13, 14], window=1)
    >>> contexts.tolist(), targets.tolist()
    ([[10, 12], [11, 13], [12, 14]], [11, 12, 13])
    """
    ids = np.asarray(ids)
    window = check_int(window, "window", 1)
    n = len(ids) - 2 * window
    if n < 1:
        raise ValueError(f"a text of {len(ids)} words is too short for {window} context words on each side")
    offsets = [k for k in range(-window, window + 1) if k != 0]
    positions = np.arange(window, window + n)  # (n,): the target positions
    contexts = np.stack([ids[positions + k] for k in offsets], axis=1)  # (n, C)
    return contexts, ids[positions]
