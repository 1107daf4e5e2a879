"""Small data sets for every chapter, made in code or shipped with the package.

Nothing is downloaded: the generators use numpy, the digits come with
scikit-learn and the text lives in ``nnlib/data/``. Each generator returns
``(X, y)`` like scikit-learn's ``make_*`` functions: ``X`` of float64 with
shape (n_samples, n_features) and integer labels ``y`` of shape
(n_samples,). Randomness comes only from the ``random_state`` argument
(None, an int seed or a ``numpy.random.Generator``).

What each data set is for in the course:

- :func:`logic_gate`: the truth tables of AND, OR, NOT, ... that McCulloch
  and Pitts built from threshold neurons and the perceptron learns
  (chapters 1 and 2).
- :func:`make_xor`: a noisy, continuous XOR, the problem Minsky and Papert
  showed a single-layer perceptron cannot solve, and a hidden layer can
  (chapters 2 and 5).
- :func:`make_blobs`: linearly separable clouds, for the perceptron, Adaline
  and softmax (chapters 2 and 3).
- :func:`make_moons`, :func:`make_circles`, :func:`make_spirals`: curved
  class boundaries, to watch the decision boundary of a multilayer network
  bend as layers and units are added (chapters 5 to 7).
- :func:`make_parabola`: the lecture's parabola-versus-random experiment,
  on why training data must be shuffled (chapter 7).
- :func:`load_digits`: 8×8 handwritten digits, flat for multilayer networks
  and as images for convolutional ones (chapters 6 to 8).
- :func:`load_text`: the opening chapters of *Alice's Adventures in
  Wonderland*, for character-level recurrent networks (chapter 9).
- :func:`make_recall`: random symbols, one of them marked, to be recalled
  at the end: a long-dependency task on which a plain recurrent network
  fails and gated ones succeed (chapter 9).

Modules: ``logic`` (gates, XOR), ``synthetic`` (blobs, moons, circles,
spirals), ``parabola``, ``real`` (digits, text), ``sequences`` (recall);
``_common`` holds the shared argument checks and the noise and shuffling
helpers.
"""

from .logic import GATES, logic_gate, make_xor
from .parabola import make_parabola
from .real import load_digits, load_text
from .sequences import make_recall
from .synthetic import make_blobs, make_circles, make_moons, make_spirals

__all__ = [
    "GATES",
    "load_digits",
    "load_text",
    "logic_gate",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_parabola",
    "make_recall",
    "make_spirals",
    "make_xor",
]
