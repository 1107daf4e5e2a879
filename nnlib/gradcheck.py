r"""Gradient checking with centred differences, in float64.

A backward pass is easy to get subtly wrong. The remedy is to compare it with
a numerical derivative,

.. math::

    \frac{\partial f}{\partial x_i} \approx
    \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2 \varepsilon},

whose error is O(ε²). The comparison uses the relative error
``||a - n|| / (||a|| + ||n||)``: below 1e-7 the two agree, above 1e-2
the analytic gradient is wrong (CS231n's rule of thumb). Always check in
float64; in float32 rounding swamps the comparison.

A finite-difference check only tells that ``backward`` matches ``forward``.
It cannot tell that ``forward`` is right: pair it with numbers worked out by
hand.
"""

import copy

import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """Centred-difference gradient of a scalar function.

    Parameters
    ----------
    f : callable
        ``f()`` returns a float and reads ``x`` (changed in place here).
    x : ndarray of float64, any shape
        The point; each entry is nudged by ``±eps`` and put back.
    eps : float
        The step.

    Returns
    -------
    ndarray, same shape as ``x``
        ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)`` for every entry i.
    """
    if x.dtype != np.float64:
        raise TypeError(f"gradient checks need float64 arrays, got {x.dtype}")
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = f()
        x[i] = old - eps
        f_minus = f()
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    r"""Relative error between two gradients, over the whole array.

    .. math:: \frac{\lVert a - n \rVert_2}{\lVert a \rVert_2 + \lVert n \rVert_2}

    Measured over the whole array, entries that are exactly zero (a ReLU's
    inactive units) do not blow up the ratio through float round-off; a
    gradient that is all zero where the other is not gives 1. Two all-zero
    gradients agree (0).
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    if analytic.shape != numeric.shape:
        raise ValueError(f"gradients have different shapes: {analytic.shape} and {numeric.shape}")
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    if scale == 0.0:
        return 0.0
    return float(np.linalg.norm(analytic - numeric) / scale)


def check_layer_gradients(layer, x, eps=1e-6, random_state=0):
    """Compare a layer's ``backward`` with numerical gradients.

    The layer is copied and cast to float64; the original is not touched.
    The scalar checked is ``L = sum(forward(x) * R)`` for a fixed random
    ``R`` of the output's shape, so ``dL/d(output) = R`` exercises every
    output entry with a different weight.

    Parameters
    ----------
    layer : Layer
        Any layer (or ``Sequential``) following the ``forward``/``backward``
        contract.
    x : array_like
        An input batch.
    eps : float
        The finite-difference step.
    random_state : int
        Seed of ``R``.

    Returns
    -------
    dict of str to float
        The relative error for ``"x"`` (the input gradient) and for every
        parameter, keyed ``"<layer index>.<name>"`` over ``layer.modules()``.
    """
    layer = copy.deepcopy(layer)
    x = np.array(x, dtype=np.float64)
    modules = list(layer.modules())
    for module in modules:
        for name, value in module.params.items():
            module.params[name] = value.astype(np.float64)

    out = layer.forward(x)
    R = np.random.default_rng(random_state).standard_normal(out.shape)

    def loss():
        return float(np.sum(layer.forward(x) * R))

    dx = layer.backward(R)  # backward of the forward pass that gave `out`
    errors = {"x": relative_error(dx, numerical_gradient(loss, x, eps))}
    for index, module in enumerate(modules):
        analytic = {name: np.array(g) for name, g in module.grads.items()}
        for name, value in module.params.items():
            numeric = numerical_gradient(loss, value, eps)
            errors[f"{index}.{name}"] = relative_error(analytic[name], numeric)
    return errors


def check_loss_gradients(loss, y_pred, y_true, eps=1e-6):
    """Compare a loss's ``backward`` with the numerical gradient.

    Parameters
    ----------
    loss : object with ``forward(y_pred, y_true)`` and ``backward()``
    y_pred : array_like
        The predictions (or logits) at which to check.
    y_true : array_like
        The targets.

    Returns
    -------
    float
        The relative error of dL/dy_pred.
    """
    y_pred = np.array(y_pred, dtype=np.float64)
    loss.forward(y_pred, y_true)
    analytic = np.array(loss.backward())
    numeric = numerical_gradient(lambda: loss.forward(y_pred, y_true), y_pred, eps)
    return relative_error(analytic, numeric)
