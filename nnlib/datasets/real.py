"""Real data that needs no download: handwritten digits and a short book.

The 8×8 digits ship with scikit-learn (a copy of the UCI "Optical
Recognition of Handwritten Digits" test set); the text ships in
``nnlib/data/``.
"""

from importlib import resources

import numpy as np

TEXT_FILE = "alice.txt"


def load_digits(images=False):
    """The 1797 handwritten digits of scikit-learn, 8×8 pixels, scaled to [0, 1].

    Each pixel is a count from 0 to 16 (how many pixels of a 32×32 bitmap
    were ink in its 4×4 block); dividing by 16 puts it in [0, 1]. The flat
    form feeds a multilayer network; ``images=True`` gives the (N, C, H, W)
    layout a convolutional layer expects.

    Parameters
    ----------
    images : bool, default=False
        Return each digit as a 1×8×8 image instead of a row of 64 pixels.

    Returns
    -------
    X : ndarray of float64, shape (1797, 64), or (1797, 1, 8, 8) if ``images``
        Pixel intensities in [0, 1], row by row.
    y : ndarray of int64, shape (1797,)
        The digit shown, 0 to 9.
    """
    from sklearn.datasets import load_digits as sklearn_load_digits  # imported here: only this needs it

    digits = sklearn_load_digits()
    X = digits.data.astype(np.float64) / 16.0  # (1797, 64)
    y = digits.target.astype(np.int64)
    if images:
        X = X.reshape(-1, 1, 8, 8)  # (N, C, H, W)
    return X, y


def load_text():
    """The first three chapters of *Alice's Adventures in Wonderland*, as a str.

    Lewis Carroll, 1865, public domain: chapters I to III ("Down the
    Rabbit-Hole", "The Pool of Tears", "A Caucus-Race and a Long Tale") of
    the Millennium Fulcrum Edition 3.0 (Project Gutenberg eBook #11), about
    32 000 characters of plain ASCII with the original line breaks. Enough
    for a character-level recurrent network to learn spelling, punctuation
    and dialogue in a few minutes, small enough to ship with the library.

    The file ``nnlib/data/alice.txt`` starts with a few lines naming the
    source; they are left out.

    Returns
    -------
    str
        The text, starting with "CHAPTER I. Down the Rabbit-Hole".
    """
    raw = resources.files("nnlib").joinpath("data").joinpath(TEXT_FILE).read_text(encoding="utf-8")
    _header, _, text = raw.partition("\n\n")
    return text
