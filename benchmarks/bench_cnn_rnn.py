"""How fast are nnlib's convolution and LSTM next to PyTorch's, on the CPU?

Two workloads, forward plus backward, timed as the median of several runs in
this one process:

- ``Conv2D``: a batch of 64 images of 8 channels, 28×28, through 16 filters
  3×3 with padding 1;
- ``LSTM``: a batch of 32 sequences of 50 steps, 64 inputs, 128 hidden units.

nnlib computes in float64, so PyTorch is timed in float64 too (the same
work); its float32 time is printed as well, for reference. PyTorch gets as
many threads as numpy's BLAS uses. Without PyTorch installed, only nnlib's
times are printed.

Run with ``.venv/bin/python benchmarks/bench_cnn_rnn.py [--repeats 7]``.
"""

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_info

from nnlib import LSTM, Conv2D


def median_times(steps, repeats):
    """Median wall time in seconds of each step function, after one warm-up call each.

    The steps take turns, round after round, so that a machine busy with
    something else slows all of them alike and the ratios stay fair.
    """
    times = {name: [] for name in steps}
    for step in steps.values():
        step()
    for _ in range(repeats):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    return {name: float(np.median(t)) for name, t in times.items()}


def nnlib_steps(rng):
    """The two workloads in nnlib, as {name: step function}."""
    x_img = rng.standard_normal((64, 8, 28, 28))
    conv = Conv2D(8, 16, 3, padding=1, random_state=0)
    x_seq = rng.standard_normal((32, 50, 64))
    lstm = LSTM(64, 128, random_state=0)

    def conv_step():
        out = conv.forward(x_img)
        conv.backward(np.ones_like(out))

    def lstm_step():
        out = lstm.forward(x_seq)
        lstm.backward(np.ones_like(out))

    return {"Conv2D": conv_step, "LSTM": lstm_step}


def torch_steps(torch, rng, dtype):
    """The same two workloads in PyTorch with ``dtype``."""
    x_img = torch.tensor(rng.standard_normal((64, 8, 28, 28)), dtype=dtype, requires_grad=True)
    conv = torch.nn.Conv2d(8, 16, 3, padding=1).to(dtype)
    x_seq = torch.tensor(rng.standard_normal((32, 50, 64)), dtype=dtype, requires_grad=True)
    lstm = torch.nn.LSTM(64, 128, batch_first=True).to(dtype)

    def conv_step():
        out = conv(x_img)
        out.backward(torch.ones_like(out))

    def lstm_step():
        out, _ = lstm(x_seq)
        out.backward(torch.ones_like(out))

    return {"Conv2D": conv_step, "LSTM": lstm_step}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per workload (default 7)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    blas_threads = max((pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"), default=1)

    steps = {("nnlib", name): step for name, step in nnlib_steps(rng).items()}
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: nnlib's times only (pip install torch==2.13.0 to compare).")
    header = f"{'workload':8}  {'nnlib f64':>10}"
    if torch is not None:
        torch.set_num_threads(blas_threads)
        for dtype in (torch.float64, torch.float32):
            steps.update({(dtype, name): step for name, step in torch_steps(torch, rng, dtype).items()})
        header += f"  {'torch f64':>10}  {'ratio':>6}  {'torch f32':>10}  {'ratio':>6}"
    print(f"numpy BLAS threads: {blas_threads}" + ("" if torch is None else ", torch threads set to the same"))
    timings = median_times(steps, args.repeats)

    print(header)
    for name in ("Conv2D", "LSTM"):
        seconds = timings["nnlib", name]
        line = f"{name:8}  {seconds * 1e3:8.1f}ms"
        if torch is not None:
            for dtype in (torch.float64, torch.float32):
                line += f"  {timings[dtype, name] * 1e3:8.1f}ms  {seconds / timings[dtype, name]:6.2f}"
        print(line)
    if torch is not None:
        print("ratio = nnlib time / torch time (median of the runs; lower is faster for nnlib)")


if __name__ == "__main__":
    main()
