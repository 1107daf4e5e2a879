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

from .layer import Cell


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
        contract; a recurrent cell is checked by :func:`check_cell_gradients`.
    x : array_like
        An input batch. Integer indices (the input of an ``Embedding``) have
        no gradient: only the parameters are checked then.
    eps : float
        The finite-difference step.
    random_state : int
        Seed of ``R``.

    Returns
    -------
    dict of str to float
        The relative error for ``"x"`` (the input gradient, unless ``x`` is
        integer) and for every parameter, keyed ``"<layer index>.<name>"``
        over ``layer.modules()``.
    """
    if isinstance(layer, Cell):
        raise TypeError(
            f"check_layer_gradients checks layers (one array in, one out); {type(layer).__name__} is a cell, "
            f"whose forward takes a state too: use check_cell_gradients(cell, x, state)"
        )
    layer = _float64_copy(layer)
    x = np.array(x)
    if not np.issubdtype(x.dtype, np.integer):
        x = x.astype(np.float64)
    R = np.random.default_rng(random_state).standard_normal(np.shape(layer.forward(x)))

    def loss():
        return float(np.sum(layer.forward(x) * R))

    dx = layer.backward(R)  # backward of the forward pass that gave R's shape
    errors = {} if dx is None else {"x": relative_error(dx, numerical_gradient(loss, x, eps))}
    errors.update(_parameter_errors(layer, loss, eps))
    return errors


def check_cell_gradients(cell, x, state, eps=1e-6, random_state=0):
    """Compare a recurrent cell's ``backward`` with numerical gradients.

    Like :func:`check_layer_gradients`, for the cell contract of
    :mod:`nnlib.layer`: the scalar checked is the sum of every part of the
    next state times a fixed random array, and the cell's ``backward`` must
    return the gradients of both its inputs, the input and the state.

    Parameters
    ----------
    cell : Cell
        ``RNNCell``, ``LSTMCell`` or ``GRUCell``.
    x : array_like of shape (N, input_size)
    state : ndarray of shape (N, hidden_size), or a tuple of them
        The previous state (``(h, c)`` for the LSTM). A non-zero state
        exercises every path; zeros would leave some untested.
    eps : float
        The finite-difference step.
    random_state : int
        Seed of the random arrays.

    Returns
    -------
    dict of str to float
        The relative error for ``"x"``, for the state (``"state"``, or
        ``"state[0]"``, ``"state[1]"`` for a pair) and for every parameter
        (``"0.<name>"``).
    """
    cell = _float64_copy(cell)
    x = np.array(x, dtype=np.float64)
    is_pair = isinstance(state, tuple)
    parts = [np.array(part, dtype=np.float64) for part in (state if is_pair else (state,))]

    def next_state():
        out = cell.forward(x, tuple(parts) if is_pair else parts[0])
        return out if is_pair else (out,)

    rng = np.random.default_rng(random_state)
    R = [rng.standard_normal(part.shape) for part in next_state()]

    def loss():
        return float(sum(np.sum(part * r) for part, r in zip(next_state(), R)))

    dx, dstate = cell.backward(*R)  # backward of the forward pass that gave R's shapes
    errors = {"x": relative_error(dx, numerical_gradient(loss, x, eps))}
    names = [f"state[{k}]" for k in range(len(parts))] if is_pair else ["state"]
    for name, part, d in zip(names, parts, dstate if is_pair else (dstate,)):
        errors[name] = relative_error(d, numerical_gradient(loss, part, eps))
    errors.update(_parameter_errors(cell, loss, eps))
    return errors


def _float64_copy(layer):
    """A deep copy of ``layer`` with every parameter cast to float64."""
    layer = copy.deepcopy(layer)
    for module in layer.modules():
        for name, value in module.params.items():
            module.params[name] = value.astype(np.float64)
    return layer


def _parameter_errors(layer, loss, eps):
    """Relative errors of the gradients ``backward`` left in every module's ``grads``, keyed "<index>.<name>"."""
    errors = {}
    for index, module in enumerate(layer.modules()):
        analytic = {name: np.array(g) for name, g in module.grads.items()}  # before loss() runs forward again
        for name, value in module.params.items():
            errors[f"{index}.{name}"] = relative_error(analytic[name], numerical_gradient(loss, value, eps))
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
