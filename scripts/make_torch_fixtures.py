"""Freeze PyTorch's results as the references that nnlib's tests compare against.

``tests/test_torch_reference.py`` checks nnlib's ``Conv2D``, ``RNN``,
``LSTM``, ``GRU``, ``Embedding`` and ``Adam`` against numbers computed by
PyTorch. PyTorch is a dependency of neither nnlib nor ``make test``: this
script computes the numbers once and stores them in small ``.npz`` files in
``tests/fixtures/torch/``, which are committed; the tests read them and
always run.

To regenerate them (needs PyTorch; on the project's machines
``pip install torch==2.13.0`` installs its CPU build from the machine's own
disk, where a plain ``pip install torch`` would download several GB)::

    .venv/bin/pip install torch==2.13.0
    .venv/bin/python scripts/make_torch_fixtures.py

and commit the files if they changed (``git diff --stat tests/fixtures``);
the same torch version writes the same numbers. Every file records the torch
version that made it (``torch_version``) and the seed of its inputs
(``seed``): inputs and parameters are drawn with
``numpy.random.default_rng(seed)`` and copied into the PyTorch modules.

What each file holds, all in float64, in PyTorch's layout and under
PyTorch's names (``weight_ih_l0``, ...), so that the tests also check how
nnlib's layout maps onto PyTorch's:

- ``conv2d.npz``, ``rnn.npz``, ``lstm.npz``, ``gru.npz``, ``embedding.npz``:
  the input ``x``, the parameters, a fixed random ``R`` of the output's
  shape, the output ``out``, and the gradients of one backward pass of
  ``L = sum(out * R)``: ``grad_x`` (not for the embedding, whose indices
  have none) and ``grad_<parameter>`` for every parameter.
- ``adam.npz``: a linear layer fitted to fixed data by ``torch.optim.Adam``,
  its parameters after each of the first steps, without and with weight decay
  on the weight only.
"""

from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "torch"
SEED = 20240601


def main():
    import torch  # only the maintainer who regenerates the fixtures needs it

    torch.set_default_dtype(torch.float64)
    OUT.mkdir(parents=True, exist_ok=True)
    makers = {"conv2d": conv2d, "rnn": recurrent, "lstm": recurrent, "gru": recurrent, "embedding": embedding,
              "adam": adam}
    for name, make in makers.items():
        arrays = make(torch, name, np.random.default_rng(SEED))
        np.savez_compressed(OUT / f"{name}.npz", torch_version=torch.__version__, seed=SEED, **arrays)
        print(f"{name}.npz: {(OUT / f'{name}.npz').stat().st_size} bytes")


def backward_pass(torch, module, x, rng, x_requires_grad=True):
    """Run ``module`` on ``x`` and backward from L = sum(out * R); the input, R, out and every gradient."""
    x_t = torch.tensor(x, requires_grad=x_requires_grad)
    out = module(x_t)
    out = out[0] if isinstance(out, tuple) else out  # the recurrent layers return (output, state)
    R = rng.standard_normal(tuple(out.shape))
    (out * torch.tensor(R)).sum().backward()
    arrays = {"x": x, "R": R, "out": out.detach().numpy()}
    if x_requires_grad:
        arrays["grad_x"] = x_t.grad.numpy()
    for name, param in module.named_parameters():
        arrays[name] = param.detach().numpy()
        arrays[f"grad_{name}"] = param.grad.numpy()
    return arrays


def set_parameters(torch, module, rng):
    """Draw every parameter of ``module`` from N(0, 0.5²) with ``rng``."""
    with torch.no_grad():
        for param in module.parameters():
            param.copy_(torch.tensor(0.5 * rng.standard_normal(tuple(param.shape))))


def conv2d(torch, name, rng):
    """A convolution with a non-square kernel, unequal strides and unequal padding."""
    stride, padding = (2, 1), (1, 2)
    module = torch.nn.Conv2d(2, 3, kernel_size=(3, 2), stride=stride, padding=padding)
    set_parameters(torch, module, rng)
    arrays = backward_pass(torch, module, rng.standard_normal((2, 2, 5, 5)), rng)
    return {**arrays, "stride": np.array(stride), "padding": np.array(padding)}


def recurrent(torch, name, rng):
    """nn.RNN (tanh), nn.LSTM or nn.GRU over 3 sequences of 5 steps, 4 inputs, 3 hidden units, from a zero state."""
    layer = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[name]
    module = layer(4, 3, batch_first=True)
    set_parameters(torch, module, rng)
    return backward_pass(torch, module, rng.standard_normal((3, 5, 4)), rng)


def embedding(torch, name, rng):
    """An embedding of 6 vectors of size 3, read at (4, 5) indices, several of them repeated."""
    module = torch.nn.Embedding(6, 3)
    set_parameters(torch, module, rng)
    indices = rng.integers(0, 5, size=(4, 5))  # index 5 never occurs: its gradient is zero
    return backward_pass(torch, module, indices, rng, x_requires_grad=False)


def adam(torch, name, rng):
    """Five Adam steps on a linear layer, minimising the course's MSE, (1/N) Σ ½ ||x W^T + b - y||²."""
    X, Y = rng.standard_normal((8, 3)), rng.standard_normal((8, 2))
    weight, bias = 0.5 * rng.standard_normal((2, 3)), 0.5 * rng.standard_normal(2)
    arrays = {"X": X, "Y": Y, "weight": weight, "bias": bias, "lr": 0.1, "betas": np.array([0.9, 0.999]),
              "eps": 1e-8, "weight_decay": 0.05}
    for suffix, weight_decay in [("", 0.0), ("_decay", arrays["weight_decay"])]:
        module = torch.nn.Linear(3, 2)
        with torch.no_grad():
            module.weight.copy_(torch.tensor(weight))
            module.bias.copy_(torch.tensor(bias))
        groups = [{"params": [module.weight], "weight_decay": weight_decay},  # the weight only, as nnlib's default
                  {"params": [module.bias], "weight_decay": 0.0}]
        optimizer = torch.optim.Adam(groups, lr=arrays["lr"], betas=(0.9, 0.999), eps=arrays["eps"])
        weights, biases = [], []
        for _ in range(5):
            optimizer.zero_grad()
            loss = 0.5 * ((module(torch.tensor(X)) - torch.tensor(Y)) ** 2).sum() / len(X)
            loss.backward()
            optimizer.step()
            weights.append(module.weight.detach().numpy().copy())
            biases.append(module.bias.detach().numpy().copy())
        arrays[f"weight_steps{suffix}"] = np.array(weights)  # (5, 2, 3)
        arrays[f"bias_steps{suffix}"] = np.array(biases)  # (5, 2)
    return arrays


if __name__ == "__main__":
    main()
