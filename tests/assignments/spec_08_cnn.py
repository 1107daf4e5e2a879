"""Assignment 08_cnn: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code, solution

_HAND_X = np.array([[[[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [2.0, 0.0, 1.0]]]])
_HAND_W = np.array([[[[1.0, 2.0], [0.0, -1.0]]]])
# (x shape, W shape, stride, padding)
_CONV_CASES = [((1, 1, 10, 10), (3, 1, 3, 3), 1, 0), ((2, 2, 5, 7), (3, 2, 2, 3), 2, 0), ((2, 2, 5, 7), (3, 2, 2, 3), 1, 1),
               ((2, 2, 5, 7), (3, 2, 2, 3), 2, 1), ((2, 3, 5, 5), (2, 3, 3, 3), 1, 0), ((1, 1, 4, 6), (3, 1, 2, 2), 1, 0),
               ((3, 2, 6, 4), (1, 2, 1, 1), 1, 0), ((1, 1, 6, 6), (1, 1, 3, 3), 2, 0), ((2, 3, 4, 5), (2, 3, 3, 3), 1, 2),
               ((1, 2, 7, 5), (4, 2, 3, 2), 3, 1), ((3, 1, 5, 5), (2, 1, 1, 1), 2, 1), ((1, 1, 3, 4), (1, 1, 3, 4), 1, 0)]
# (x shape, size, stride)
_POOL_CASES = [((1, 1, 4, 4), 2, 2), ((2, 3, 5, 7), 2, 2), ((1, 1, 6, 4), 3, 3), ((2, 2, 5, 5), 2, 1), ((1, 3, 7, 6), 3, 2),
               ((3, 1, 2, 2), 2, 2), ((1, 1, 4, 9), 1, 1)]


def _conv_probes():
    rng = np.random.default_rng(181)
    probes = [((_HAND_X, _HAND_W, np.array([0.5])), {}), ((np.zeros((2, 3, 4, 4)), np.ones((2, 3, 3, 3)), np.array([0.5, -2.0])), {})]
    for shape, wshape, s, p in _CONV_CASES:
        probes.append(((rng.normal(size=shape), rng.normal(size=wshape), rng.normal(size=wshape[0])), dict(stride=s, padding=p)))
    return probes


def _conv_backward_probes():
    forward = solution("08_cnn")["conv2d_forward"]
    rng = np.random.default_rng(182)
    out, cache = forward(_HAND_X, _HAND_W, np.array([0.5]))
    probes = [((np.array([[[[1.0, 0.0], [0.0, 2.0]]]]), cache), {})]
    for shape, wshape, s, p in _CONV_CASES + [((2, 2, 4, 5), (2, 2, 2, 3), 2, 1)]:
        out, cache = forward(rng.normal(size=shape), rng.normal(size=wshape), rng.normal(size=wshape[0]), stride=s, padding=p)
        probes.append(((rng.normal(size=out.shape), cache), {}))
    out, cache = forward(np.zeros((2, 1, 4, 4)), np.ones((2, 1, 2, 2)), np.zeros(2))
    probes.append(((np.ones(out.shape), cache), {}))
    return probes


def _pool_x(rng, shape):
    return rng.normal(size=shape) - 3.0


def _pool_probes():
    rng = np.random.default_rng(183)
    probes = [((np.array([[[[1.0, -2.0, 3.0, 0.0], [4.0, 5.0, -6.0, 2.0], [-1.0, -3.0, -2.0, -4.0], [0.0, -5.0, -7.0, -8.0]]]]),), {}),
              ((np.zeros((1, 2, 4, 4)),), {})]
    probes += [((_pool_x(rng, shape),), dict(size=size, stride=stride)) for shape, size, stride in _POOL_CASES]
    return probes


def _pool_backward_probes():
    forward = solution("08_cnn")["maxpool_forward"]
    rng = np.random.default_rng(184)
    probes = []
    for shape, size, stride in _POOL_CASES:
        out, cache = forward(_pool_x(rng, shape), size=size, stride=stride)
        probes.append(((rng.normal(size=out.shape), cache), {}))
    out, cache = forward(np.zeros((1, 2, 5, 4)))
    probes.append(((np.arange(1.0, 9.0).reshape(out.shape), cache), {}))
    return probes


def _forward(body):
    """An answer cell for conv2d_forward: the usual set-up, then ``body`` computing ``out`` from xp, H_out, W_out."""
    return code("""
        def conv2d_forward(x, W, b, stride=1, padding=0):
            F, C, kh, kw = W.shape
            xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
            H_out = (xp.shape[2] - kh) // stride + 1
            W_out = (xp.shape[3] - kw) // stride + 1
            out = np.zeros((x.shape[0], F, H_out, W_out))
    """) + "\n".join("    " + line for line in code(body).splitlines()) + "\n    return out, (x, W, stride, padding)\n"


def _backward(body, dx="dxp[:, :, padding:padding + x.shape[2], padding:padding + x.shape[3]]", db="dout.sum(axis=(0, 2, 3))"):
    """An answer cell for conv2d_backward: the usual set-up, then ``body`` filling dxp and dW."""
    return code("""
        def conv2d_backward(dout, cache):
            x, W, stride, padding = cache
            F, C, kh, kw = W.shape
            xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
            dxp, dW = np.zeros(xp.shape), np.zeros(W.shape)
    """) + "\n".join("    " + line for line in code(body).splitlines()) + f"\n    return {dx}, dW, {db}\n"


_BACKWARD_LOOP = code("""
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            r, c = slice(i * stride, i * stride + kh), slice(j * stride, j * stride + kw)
            dW += np.tensordot(dout[:, :, i, j], xp[:, :, r, c], axes=([0], [0]))
            dxp[:, :, r, c] += np.tensordot(dout[:, :, i, j], W, axes=([1], [0]))
""")


def _pool(body, out_size="(x.shape[2] - size) // stride + 1, (x.shape[3] - size) // stride + 1"):
    return code(f"""
        def maxpool_forward(x, size=2, stride=2):
            H_out, W_out = {out_size}
            out = np.zeros((x.shape[0], x.shape[1], H_out, W_out))
    """) + "\n".join("    " + line for line in code(body).splitlines()) + "\n    return out, (x, size, stride)\n"


def _unpool(body):
    return code("""
        def maxpool_backward(dout, cache):
            x, size, stride = cache
            N, C, H_out, W_out = dout.shape
            dx = np.zeros(x.shape)
    """) + "\n".join("    " + line for line in code(body).splitlines()) + "\n    return dx\n"


ANSWERS = {
    "conv2d_forward": Answer(
        function="conv2d_forward",
        probes=_conv_probes(),
        nnlib=code("""
            from nnlib import Conv2D
            def conv2d_forward(x, W, b, stride=1, padding=0):
                layer = Conv2D(W.shape[1], W.shape[0], W.shape[2:], stride=stride, padding=padding)
                layer.params["W"], layer.params["b"] = W, b
                return layer.forward(x), (x, W, stride, padding)
        """),
        wrong={
            "the filter flipped (a true convolution)": _forward("""
                for i in range(H_out):
                    for j in range(W_out):
                        patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                        out[:, :, i, j] = np.tensordot(patch, W[:, :, ::-1, ::-1], axes=([1, 2, 3], [1, 2, 3])) + b
            """),
            "bias left out": _forward("""
                for i in range(H_out):
                    for j in range(W_out):
                        patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                        out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3]))
            """),
            "patches start at (i, j) whatever the stride": _forward("""
                for i in range(H_out):
                    for j in range(W_out):
                        patch = xp[:, :, i:i + kh, j:j + kw]
                        out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3])) + b
            """),
            "only the first channel": _forward("""
                for i in range(H_out):
                    for j in range(W_out):
                        patch = xp[:, :1, i * stride:i * stride + kh, j * stride:j * stride + kw]
                        out[:, :, i, j] = np.tensordot(patch, W[:, :1], axes=([1, 2, 3], [1, 2, 3])) + b
            """),
            "padding on one side only": code("""
                def conv2d_forward(x, W, b, stride=1, padding=0):
                    F, C, kh, kw = W.shape
                    xp = np.pad(x, ((0, 0), (0, 0), (0, 2 * padding), (0, 2 * padding)))
                    H_out, W_out = (xp.shape[2] - kh) // stride + 1, (xp.shape[3] - kw) // stride + 1
                    out = np.zeros((x.shape[0], F, H_out, W_out))
                    for i in range(H_out):
                        for j in range(W_out):
                            patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                            out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3])) + b
                    return out, (x, W, stride, padding)
            """),
            "output size without the padding": code("""
                def conv2d_forward(x, W, b, stride=1, padding=0):
                    F, C, kh, kw = W.shape
                    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
                    H_out, W_out = (x.shape[2] - kh) // stride + 1, (x.shape[3] - kw) // stride + 1
                    out = np.zeros((x.shape[0], F, H_out, W_out))
                    for i in range(H_out):
                        for j in range(W_out):
                            patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                            out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3])) + b
                    return out, (x, W, stride, padding)
            """),
            "output size rounded up": code("""
                def conv2d_forward(x, W, b, stride=1, padding=0):
                    F, C, kh, kw = W.shape
                    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
                    H_out = int(np.ceil((xp.shape[2] - kh) / stride)) + 1
                    W_out = int(np.ceil((xp.shape[3] - kw) / stride)) + 1
                    out = np.zeros((x.shape[0], F, H_out, W_out))
                    for i in range(H_out):
                        for j in range(W_out):
                            patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                            if patch.shape[2:] == (kh, kw):
                                out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3])) + b
                    return out, (x, W, stride, padding)
            """),
            "height and width mixed up": code("""
                def conv2d_forward(x, W, b, stride=1, padding=0):
                    F, C, kh, kw = W.shape
                    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
                    H_out, W_out = (xp.shape[2] - kh) // stride + 1, (xp.shape[2] - kw) // stride + 1
                    out = np.zeros((x.shape[0], F, H_out, W_out))
                    for i in range(H_out):
                        for j in range(W_out):
                            patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                            if patch.shape[3] == kw:
                                out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3])) + b
                    return out, (x, W, stride, padding)
            """),
        },
        right={
            "six nested loops": code("""
                def conv2d_forward(x, W, b, stride=1, padding=0):
                    N, C, H, Wd = x.shape
                    F, _, kh, kw = W.shape
                    xp = np.zeros((N, C, H + 2 * padding, Wd + 2 * padding))
                    xp[:, :, padding:padding + H, padding:padding + Wd] = x
                    H_out, W_out = (H + 2 * padding - kh) // stride + 1, (Wd + 2 * padding - kw) // stride + 1
                    out = np.zeros((N, F, H_out, W_out))
                    for n in range(N):
                        for f in range(F):
                            for i in range(H_out):
                                for j in range(W_out):
                                    total = b[f]
                                    for c in range(C):
                                        for u in range(kh):
                                            for v in range(kw):
                                                total += W[f, c, u, v] * xp[n, c, i * stride + u, j * stride + v]
                                    out[n, f, i, j] = total
                    return out, (x, W, stride, padding)
            """),
            "sliding_window_view and einsum, a list": code("""
                from numpy.lib.stride_tricks import sliding_window_view
                def conv2d_forward(x, W, b, stride=1, padding=0):
                    xp = np.pad(x, [(0, 0), (0, 0), (padding,) * 2, (padding,) * 2])
                    patches = sliding_window_view(xp, W.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]  # (N, C, Ho, Wo, kh, kw)
                    return [np.einsum("ncijuv,fcuv->nfij", patches, W) + b[:, None, None], (x, W, stride, padding)]
            """),
        },
    ),
    "conv2d_backward": Answer(
        function="conv2d_backward",
        probes=_conv_backward_probes(),
        nnlib=code("""
            from nnlib import Conv2D
            def conv2d_forward(x, W, b, stride=1, padding=0):
                layer = Conv2D(W.shape[1], W.shape[0], W.shape[2:], stride=stride, padding=padding)
                layer.params["W"], layer.params["b"] = W, b
                return layer.forward(x), layer
            def conv2d_backward(dout, cache):
                dx = cache.backward(dout)
                return dx, cache.grads["W"], cache.grads["b"]
        """),
        wrong={
            "db not summed over the samples": _backward(_BACKWARD_LOOP, db="dout.sum(axis=(2, 3))"),
            "db averaged over the samples": _backward(_BACKWARD_LOOP, db="dout.sum(axis=(0, 2, 3)) / len(dout)"),
            "dW from the first sample only": _backward("""
                for i in range(dout.shape[2]):
                    for j in range(dout.shape[3]):
                        r, c = slice(i * stride, i * stride + kh), slice(j * stride, j * stride + kw)
                        dW += np.tensordot(dout[:1, :, i, j], xp[:1, :, r, c], axes=([0], [0]))
                        dxp[:, :, r, c] += np.tensordot(dout[:, :, i, j], W, axes=([1], [0]))
            """),
            "the padding not cut off": _backward(_BACKWARD_LOOP, dx="dxp"),
            "the padding cut off with [p:-p]": _backward(_BACKWARD_LOOP, dx="dxp[:, :, padding:-padding, padding:-padding]"),
            "the filter flipped in dx": _backward("""
                for i in range(dout.shape[2]):
                    for j in range(dout.shape[3]):
                        r, c = slice(i * stride, i * stride + kh), slice(j * stride, j * stride + kw)
                        dW += np.tensordot(dout[:, :, i, j], xp[:, :, r, c], axes=([0], [0]))
                        dxp[:, :, r, c] += np.tensordot(dout[:, :, i, j], W[:, :, ::-1, ::-1], axes=([1], [0]))
            """),
            "the stride ignored": _backward("""
                for i in range(dout.shape[2]):
                    for j in range(dout.shape[3]):
                        r, c = slice(i, i + kh), slice(j, j + kw)
                        dW += np.tensordot(dout[:, :, i, j], xp[:, :, r, c], axes=([0], [0]))
                        dxp[:, :, r, c] += np.tensordot(dout[:, :, i, j], W, axes=([1], [0]))
            """),
            "dx assigned, not added, where patches overlap": _backward("""
                for i in range(dout.shape[2]):
                    for j in range(dout.shape[3]):
                        r, c = slice(i * stride, i * stride + kh), slice(j * stride, j * stride + kw)
                        dW += np.tensordot(dout[:, :, i, j], xp[:, :, r, c], axes=([0], [0]))
                        dxp[:, :, r, c] = np.tensordot(dout[:, :, i, j], W, axes=([1], [0]))
            """),
            "dW divided by N": _backward(_BACKWARD_LOOP + "dW = dW / len(x)\n"),
        },
        right={
            "seven nested loops": code("""
                def conv2d_backward(dout, cache):
                    x, W, stride, padding = cache
                    N, C, H, Wd = x.shape
                    F, _, kh, kw = W.shape
                    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
                    dxp, dW, db = np.zeros_like(xp, dtype=float), np.zeros_like(W, dtype=float), np.zeros(F)
                    for n in range(N):
                        for f in range(F):
                            for i in range(dout.shape[2]):
                                for j in range(dout.shape[3]):
                                    g = dout[n, f, i, j]
                                    db[f] += g
                                    for c in range(C):
                                        for u in range(kh):
                                            for v in range(kw):
                                                dW[f, c, u, v] += g * xp[n, c, i * stride + u, j * stride + v]
                                                dxp[n, c, i * stride + u, j * stride + v] += g * W[f, c, u, v]
                    return dxp[:, :, padding:padding + H, padding:padding + Wd], dW, db
            """),
            "another cache (the padded image), einsum over windows, a list": code("""
                from numpy.lib.stride_tricks import sliding_window_view
                def conv2d_forward(x, W, b, stride=1, padding=0):
                    xp = np.pad(x, [(0, 0), (0, 0), (padding,) * 2, (padding,) * 2])
                    patches = sliding_window_view(xp, W.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
                    out = np.einsum("ncijuv,fcuv->nfij", patches, W) + b[:, None, None]
                    return out, {"xp": xp, "W": W, "s": stride, "p": padding, "shape": x.shape}
                def conv2d_backward(dout, cache):
                    xp, W, s, p = cache["xp"], cache["W"], cache["s"], cache["p"]
                    patches = sliding_window_view(xp, W.shape[2:], axis=(2, 3))[:, :, ::s, ::s]
                    dW = np.einsum("nfij,ncijuv->fcuv", dout, patches)
                    dpatches = np.einsum("nfij,fcuv->ncijuv", dout, W)
                    dxp = np.zeros(xp.shape)
                    H_out, W_out = dout.shape[2:]
                    for u in range(W.shape[2]):
                        for v in range(W.shape[3]):
                            dxp[:, :, u:u + s * H_out:s, v:v + s * W_out:s] += dpatches[..., u, v]
                    H, Wd = cache["shape"][2:]
                    return [dxp[:, :, p:p + H, p:p + Wd], dW, np.einsum("nfij->f", dout)]
            """),
        },
    ),
    "maxpool_forward": Answer(
        function="maxpool_forward",
        probes=_pool_probes(),
        nnlib=code("""
            from nnlib import MaxPool2D
            def maxpool_forward(x, size=2, stride=2):
                return MaxPool2D(size, stride=stride).forward(x), (x, size, stride)
        """),
        wrong={
            "the maximum starts at 0": _pool("""
                for i in range(H_out):
                    for j in range(W_out):
                        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
                        out[:, :, i, j] = np.maximum(window.max(axis=(2, 3)), 0.0)
            """),
            "the mean (average pooling)": _pool("""
                for i in range(H_out):
                    for j in range(W_out):
                        out[:, :, i, j] = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].mean(axis=(2, 3))
            """),
            "windows every `size`, whatever the stride": _pool("""
                for i in range(H_out):
                    for j in range(W_out):
                        window = x[:, :, i * size:i * size + size, j * size:j * size + size]
                        out[:, :, i, j] = window.max(axis=(2, 3)) if window.size else 0.0
            """),
            "partial windows kept (rounded up)": _pool("""
                for i in range(H_out):
                    for j in range(W_out):
                        out[:, :, i, j] = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].max(axis=(2, 3))
            """, out_size="-(-(x.shape[2] - size) // stride) + 1, -(-(x.shape[3] - size) // stride) + 1"),
            "the reshape trick, for non-overlapping windows only": code("""
                def maxpool_forward(x, size=2, stride=2):
                    N, C, H, W = x.shape
                    Ho, Wo = H // size, W // size
                    out = x[:, :, :Ho * size, :Wo * size].reshape(N, C, Ho, size, Wo, size).max(axis=(3, 5))
                    return out, (x, size, stride)
            """),
            "height and width mixed up": _pool("""
                for i in range(H_out):
                    for j in range(W_out):
                        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
                        out[:, :, i, j] = window.max(axis=(2, 3))
            """, out_size="(x.shape[3] - size) // stride + 1, (x.shape[2] - size) // stride + 1"),
        },
        right={
            "four loops and max()": code("""
                def maxpool_forward(x, size=2, stride=2):
                    N, C, H, W = x.shape
                    out = np.empty((N, C, (H - size) // stride + 1, (W - size) // stride + 1))
                    for n in range(N):
                        for c in range(C):
                            for i in range(out.shape[2]):
                                for j in range(out.shape[3]):
                                    out[n, c, i, j] = max(x[n, c, i * stride + u, j * stride + v] for u in range(size) for v in range(size))
                    return out, (x, size, stride)
            """),
            "sliding_window_view, a list": code("""
                from numpy.lib.stride_tricks import sliding_window_view
                def maxpool_forward(x, size=2, stride=2):
                    windows = sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
                    return [windows.max(axis=(-2, -1)), (x, size, stride)]
            """),
        },
    ),
    "maxpool_backward": Answer(
        function="maxpool_backward",
        probes=_pool_backward_probes(),
        nnlib=code("""
            from nnlib import MaxPool2D
            def maxpool_forward(x, size=2, stride=2):
                layer = MaxPool2D(size, stride=stride)
                return layer.forward(x), layer
            def maxpool_backward(dout, cache):
                return cache.backward(dout)
        """),
        wrong={
            "shared equally (average pooling)": _unpool("""
                for i in range(H_out):
                    for j in range(W_out):
                        dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += dout[:, :, i, j, None, None] / size ** 2
            """),
            "every entry equal to the maximum gets the whole gradient": _unpool("""
                for i in range(H_out):
                    for j in range(W_out):
                        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
                        mask = window == window.max(axis=(2, 3), keepdims=True)
                        dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += mask * dout[:, :, i, j, None, None]
            """),
            "to the minimum": _unpool("""
                n, c = np.indices((N, C))
                for i in range(H_out):
                    for j in range(W_out):
                        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].reshape(N, C, -1)
                        u, v = np.divmod(window.argmin(axis=2), size)
                        dx[n, c, i * stride + u, j * stride + v] += dout[:, :, i, j]
            """),
            "assigned, not added, where windows overlap": _unpool("""
                for i in range(H_out):
                    for j in range(W_out):
                        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
                        mask = window == window.max(axis=(2, 3), keepdims=True)
                        region = dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
                        region[mask] = np.broadcast_to(dout[:, :, i, j, None, None], mask.shape)[mask]
            """),
            "row and column of the maximum swapped": _unpool("""
                n, c = np.indices((N, C))
                for i in range(H_out):
                    for j in range(W_out):
                        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].reshape(N, C, -1)
                        v, u = np.divmod(window.argmax(axis=2), size)
                        dx[n, c, i * stride + u, j * stride + v] += dout[:, :, i, j]
            """),
            "windows every `size`, whatever the stride": _unpool("""
                n, c = np.indices((N, C))
                for i in range(H_out):
                    for j in range(W_out):
                        window = x[:, :, i * size:i * size + size, j * size:j * size + size]
                        if window.shape[2:] == (size, size):
                            u, v = np.divmod(window.reshape(N, C, -1).argmax(axis=2), size)
                            dx[n, c, i * size + u, j * size + v] += dout[:, :, i, j]
            """),
        },
        right={
            "loops over every window, unravel_index": code("""
                def maxpool_backward(dout, cache):
                    x, size, stride = cache
                    dx = np.zeros_like(x, dtype=float)
                    N, C, H_out, W_out = dout.shape
                    for n in range(N):
                        for c in range(C):
                            for i in range(H_out):
                                for j in range(W_out):
                                    window = x[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
                                    u, v = np.unravel_index(np.argmax(window), window.shape)
                                    dx[n, c, i * stride + u, j * stride + v] += dout[n, c, i, j]
                    return dx
            """),
            "a mask shared among tied maxima": _unpool("""
                for i in range(H_out):
                    for j in range(W_out):
                        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
                        mask = window == window.max(axis=(2, 3), keepdims=True)
                        share = mask / mask.sum(axis=(2, 3), keepdims=True)
                        dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += share * dout[:, :, i, j, None, None]
            """),
        },
    ),
}
