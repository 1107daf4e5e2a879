r"""Weight initialisation, chosen by name.

Where the weights start decides whether a deep network trains at all. If each
layer multiplies the variance of its signal by more than one, activations
explode layer after layer; by less than one, they (and their gradients)
vanish. The schemes below pick the variance of the initial weights from the
layer's fan-in (inputs per unit) and fan-out (outputs per unit) so that the
signal keeps its scale:

- ``"xavier"`` (Glorot and Bengio, 2010): U(-a, a) with a = sqrt(6 / (fan_in + fan_out)),
  for tanh and sigmoid layers; ``"xavier_normal"``: N(0, 2 / (fan_in + fan_out)).
- ``"he"`` (He et al., 2015): N(0, 2 / fan_in), for ReLU layers, which zero half
  their inputs; ``"he_uniform"``: U(-a, a) with a = sqrt(6 / fan_in).
- ``"lecun"``: U(-a, a) with a = sqrt(1 / fan_in), PyTorch's default for ``Linear``.
- ``"normal"``: N(0, 1) whatever the fans, PyTorch's default for ``Embedding``,
  whose rows are looked up, not summed.
- ``"zeros"``: all zero, for biases. Never for weights: units that start
  equal get equal gradients and stay equal.

``"glorot"`` and ``"kaiming"`` are accepted as the other common names of
``"xavier"`` and ``"he"``.
"""

import numpy as np

_ALIASES = {"glorot": "xavier", "glorot_normal": "xavier_normal", "kaiming": "he", "kaiming_uniform": "he_uniform"}
INIT_SCHEMES = ("xavier", "xavier_normal", "he", "he_uniform", "lecun", "normal", "zeros")


def initialize(scheme, shape, fan_in, fan_out, random_state=None):
    """Draw an initial weight array.

    Parameters
    ----------
    scheme : str
        One of ``INIT_SCHEMES`` (or an alias: ``"glorot"``, ``"kaiming"``, ...).
    shape : tuple of int
        Shape of the array.
    fan_in, fan_out : int
        Inputs and outputs per unit: ``in_features`` and ``out_features`` for
        a dense layer; ``in_channels * kh * kw`` and ``out_channels * kh * kw``
        for a convolution.
    random_state : None, int or numpy.random.Generator
        Seed or generator; the same seed gives the same weights.

    Returns
    -------
    ndarray of float64 with the given shape
    """
    name = _ALIASES.get(scheme, scheme)
    if name not in INIT_SCHEMES:
        raise ValueError(f"unknown initialisation {scheme!r}; expected one of {', '.join(INIT_SCHEMES)}")
    rng = np.random.default_rng(random_state)
    if name == "zeros":
        return np.zeros(shape)
    if name == "xavier":
        a = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-a, a, size=shape)
    if name == "xavier_normal":
        return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=shape)
    if name == "he":
        return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)
    if name == "he_uniform":
        a = np.sqrt(6.0 / fan_in)
        return rng.uniform(-a, a, size=shape)
    if name == "normal":
        return rng.standard_normal(shape)
    a = np.sqrt(1.0 / fan_in)  # lecun
    return rng.uniform(-a, a, size=shape)
