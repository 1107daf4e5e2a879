"""How much does nnlib cost over bare numpy? One training epoch of an MLP.

An MLP 784-256-10 (ReLU, softmax cross-entropy, plain SGD) trained for one
epoch on 60 000 random samples in batches of 128, twice in the same process:

- with nnlib: ``fit(Sequential([Dense, Dense]), ...)``;
- with bare numpy: the same matrix products written out by hand in one loop.

Both shuffle the samples and do the same arithmetic. The ratio of the two
times is nnlib's overhead (goal: under 1.3). Each is the median of several
runs, alternated, so that both meet the same machine conditions.

A layer library computes one product that a hand-written loop can skip: the
gradient with respect to the network's input, ``dout @ W1.T``, which
``backward`` returns by contract and nobody uses. It costs as much as the
first layer's forward product, so the benchmark reports two baselines: numpy
doing the same products (the overhead of the library itself) and numpy
skipping that one (the price of the contract).

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_mlp.py [--repeats 5]``.
"""

import argparse
import time

import numpy as np

from nnlib import SGD, CrossEntropy, Dense, Sequential, fit

N, D, H, C, BATCH, LR = 60_000, 784, 256, 10, 128, 0.01


def make_data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((N, D)), rng.integers(0, C, size=N)


def epoch_nnlib(X, y):
    net = Sequential([Dense(D, H, activation="relu", random_state=1), Dense(H, C, random_state=2)])
    fit(net, X, y, loss=CrossEntropy(), optimizer=SGD(net, lr=LR), epochs=1, batch_size=BATCH, random_state=0)


def epoch_numpy(X, y, input_grad=True):
    rng = np.random.default_rng(1)
    W1, b1 = rng.uniform(-0.07, 0.07, (D, H)), np.zeros(H)
    W2, b2 = rng.uniform(-0.15, 0.15, (H, C)), np.zeros(C)
    eye = np.eye(C)
    order = np.random.default_rng(0).permutation(N)
    for start in range(0, N, BATCH):
        idx = order[start:start + BATCH]
        x, t = X[idx], eye[y[idx]]
        z1 = x @ W1 + b1
        h = np.maximum(z1, 0)
        z2 = h @ W2 + b2
        z2 = z2 - z2.max(axis=1, keepdims=True)
        p = np.exp(z2)
        p /= p.sum(axis=1, keepdims=True)
        dz2 = (p - t) / len(idx)
        dW2, db2 = h.T @ dz2, dz2.sum(axis=0)
        dz1 = (dz2 @ W2.T) * (z1 > 0)
        dW1, db1 = x.T @ dz1, dz1.sum(axis=0)
        if input_grad:
            dz1 @ W1.T  # dL/dx: what Dense.backward returns
        W1 -= LR * dW1
        b1 -= LR * db1
        W2 -= LR * dW2
        b2 -= LR * db2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    X, y = make_data()
    runs = {
        "nnlib": epoch_nnlib,
        "numpy, same products": epoch_numpy,
        "numpy, no input gradient": lambda X, y: epoch_numpy(X, y, input_grad=False),
    }
    times = {name: [] for name in runs}
    epoch_numpy(X, y)  # warm up caches and BLAS threads
    for _ in range(args.repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run(X, y)
            times[name].append(time.perf_counter() - start)
    median = {name: float(np.median(t)) for name, t in times.items()}
    print(f"MLP {D}-{H}-{C}, {N} samples, batch {BATCH}, one epoch, median of {args.repeats}:")
    for name, t in median.items():
        print(f"  {name:<26} {t:6.3f} s")
    print(f"  nnlib / numpy, same products:     {median['nnlib'] / median['numpy, same products']:.2f}  (goal: under 1.3)")
    print(f"  nnlib / numpy, no input gradient: {median['nnlib'] / median['numpy, no input gradient']:.2f}")


if __name__ == "__main__":
    main()
