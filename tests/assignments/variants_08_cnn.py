"""08_cnn, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code, edit

RIGHT = {
    "conv2d_forward": {
        "plain loops over samples, filters and positions, with a loop backward": {
            "conv2d_forward": code("""
                def conv2d_forward(x, W, b, stride=1, padding=0):
                    N, C, H, Wd = x.shape
                    F, _, kh, kw = W.shape
                    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)), mode="constant")
                    Ho, Wo = (H + 2 * padding - kh) // stride + 1, (Wd + 2 * padding - kw) // stride + 1
                    out = np.zeros((N, F, Ho, Wo))
                    for n in range(N):
                        for f in range(F):
                            for i in range(Ho):
                                for j in range(Wo):
                                    patch = xp[n, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
                                    out[n, f, i, j] = np.sum(patch * W[f]) + b[f]
                    return out, (x, W, b, stride, padding)
            """),
            "conv2d_backward": code("""
                def conv2d_backward(dout, cache):
                    x, W, b, stride, padding = cache
                    N, F, Ho, Wo = dout.shape
                    _, _, kh, kw = W.shape
                    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
                    dxp, dW = np.zeros_like(xp, dtype=float), np.zeros_like(W, dtype=float)
                    for n in range(N):
                        for f in range(F):
                            for i in range(Ho):
                                for j in range(Wo):
                                    rows, cols = slice(i * stride, i * stride + kh), slice(j * stride, j * stride + kw)
                                    dW[f] += dout[n, f, i, j] * xp[n, :, rows, cols]
                                    dxp[n, :, rows, cols] += dout[n, f, i, j] * W[f]
                    dx = dxp[:, :, padding:dxp.shape[2] - padding, padding:dxp.shape[3] - padding]
                    return dx, dW, dout.sum(axis=(0, 2, 3))
            """),
        },
        "sliding_window_view and einsum, with a backward of its own": {
            "conv2d_forward": code("""
                from numpy.lib.stride_tricks import sliding_window_view

                def conv2d_forward(x, W, b, stride=1, padding=0):
                    xp = np.pad(x, [(0, 0), (0, 0), (padding, padding), (padding, padding)])
                    windows = sliding_window_view(xp, W.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
                    out = np.einsum("ncijuv,fcuv->nfij", windows, W) + b[None, :, None, None]
                    return out, {"x": x, "W": W, "stride": stride, "padding": padding}
            """),
            "conv2d_backward": code("""
                def conv2d_backward(dout, cache):
                    x, W, s, p = cache["x"], cache["W"], cache["stride"], cache["padding"]
                    kh, kw = W.shape[2:]
                    xp = np.pad(x, [(0, 0), (0, 0), (p, p), (p, p)])
                    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::s, ::s]  # (N, C, Ho, Wo, kh, kw)
                    dW = np.einsum("nfij,ncijuv->fcuv", dout, windows)
                    dxp = np.zeros(xp.shape)
                    for i in range(dout.shape[2]):
                        for j in range(dout.shape[3]):
                            dxp[:, :, i * s:i * s + kh, j * s:j * s + kw] += np.einsum("nf,fcuv->ncuv", dout[:, :, i, j], W)
                    return dxp[:, :, p:p + x.shape[2], p:p + x.shape[3]], dW, dout.sum(axis=(0, 2, 3))
            """),
        },
        "im2col with a helper in its own cell, printed": {
            after("conv2d_forward"): code("""
                def im2col(xp, kh, kw, stride, Ho, Wo):
                    cols = [xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw].reshape(len(xp), -1)
                            for i in range(Ho) for j in range(Wo)]
                    return np.stack(cols, axis=1)  # (N, Ho * Wo, C * kh * kw)
            """),
            "conv2d_forward": code("""
                def conv2d_forward(x, W, b, stride=1, padding=0):
                    F, C, kh, kw = W.shape
                    xp = np.pad(x, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2))
                    Ho = (xp.shape[2] - kh) // stride + 1
                    Wo = (xp.shape[3] - kw) // stride + 1
                    print(f"conv2d_forward: {x.shape} -> {(x.shape[0], F, Ho, Wo)}")
                    cols = im2col(xp, kh, kw, stride, Ho, Wo)
                    out = cols @ W.reshape(F, -1).T + b  # (N, Ho * Wo, F)
                    return out.transpose(0, 2, 1).reshape(x.shape[0], F, Ho, Wo), (x, W, stride, padding)
            """),
        },
    },
    "conv2d_backward": {
        "its own forward with a dict cache, np.add.at, logged": {
            after("conv2d_backward"): code("""
                import logging
                logging.basicConfig(level=logging.INFO)
            """),
            "conv2d_forward": code("""
                def conv2d_forward(x, W, b, stride=1, padding=0):
                    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
                    F, C, kh, kw = W.shape
                    Ho, Wo = (xp.shape[2] - kh) // stride + 1, (xp.shape[3] - kw) // stride + 1
                    out = np.empty((x.shape[0], F, Ho, Wo))
                    for i in range(Ho):
                        for j in range(Wo):
                            out[:, :, i, j] = np.einsum("ncuv,fcuv->nf", xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw], W) + b
                    return out, dict(xp=xp, W=W, s=stride, p=padding, shape=x.shape)
            """),
            "conv2d_backward": code("""
                import logging

                def conv2d_backward(dout, cache):
                    xp, W, s, p = cache["xp"], cache["W"], cache["s"], cache["p"]
                    _, _, kh, kw = W.shape
                    dxp, dW = np.zeros(xp.shape), np.zeros(W.shape)
                    for i in range(dout.shape[2]):
                        for j in range(dout.shape[3]):
                            d = dout[:, :, i, j]  # (N, F)
                            dW += np.einsum("nf,ncuv->fcuv", d, xp[:, :, i * s:i * s + kh, j * s:j * s + kw])
                            np.add.at(dxp, (slice(None), slice(None), slice(i * s, i * s + kh), slice(j * s, j * s + kw)),
                                      np.einsum("nf,fcuv->ncuv", d, W))
                    H, Wd = cache["shape"][2:]
                    logging.info("conv2d_backward: dW %s", dW.shape)
                    return dxp[:, :, p:p + H, p:p + Wd], dW, np.einsum("nfij->f", dout)
            """),
        },
    },
    "maxpool_forward": {
        "loops over everything": code("""
            def maxpool_forward(x, size=2, stride=2):
                N, C, H, Wd = x.shape
                Ho, Wo = (H - size) // stride + 1, (Wd - size) // stride + 1
                out = np.zeros((N, C, Ho, Wo))
                for n in range(N):
                    for c in range(C):
                        for i in range(Ho):
                            for j in range(Wo):
                                out[n, c, i, j] = np.max(x[n, c, i * stride:i * stride + size, j * stride:j * stride + size])
                return out, (x, size, stride)
        """),
        "sliding_window_view, a warning when windows overlap, with a backward of its own": {
            "maxpool_forward": code("""
                import warnings
                from numpy.lib.stride_tricks import sliding_window_view

                def maxpool_forward(x, size=2, stride=2):
                    if stride < size:
                        warnings.warn("overlapping windows")
                    windows = sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
                    return windows.max(axis=(-2, -1)), {"x": x, "size": size, "stride": stride}
            """),
            "maxpool_backward": code("""
                def maxpool_backward(dout, cache):
                    x, k, s = cache["x"], cache["size"], cache["stride"]
                    dx = np.zeros(x.shape)
                    for n, c, i, j in np.ndindex(*dout.shape):
                        window = x[n, c, i * s:i * s + k, j * s:j * s + k]
                        u, v = divmod(int(np.argmax(window)), k)
                        dx[n, c, i * s + u, j * s + v] += dout[n, c, i, j]
                    return dx
            """),
        },
    },
    "maxpool_backward": {
        "loops, the first maximum of each window": code("""
            def maxpool_backward(dout, cache):
                x, size, stride = cache
                dx = np.zeros_like(x, dtype=float)
                N, C, Ho, Wo = dout.shape
                for n in range(N):
                    for c in range(C):
                        for i in range(Ho):
                            for j in range(Wo):
                                window = x[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
                                u, v = np.unravel_index(np.argmax(window), window.shape)
                                dx[n, c, i * stride + u, j * stride + v] += dout[n, c, i, j]
                return dx
        """),
        "ties share the gradient equally (allowed)": code("""
            def maxpool_backward(dout, cache):
                x, size, stride = cache
                dx = np.zeros(x.shape)
                for i in range(dout.shape[2]):
                    for j in range(dout.shape[3]):
                        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
                        mask = window == window.max(axis=(2, 3), keepdims=True)
                        share = mask / mask.sum(axis=(2, 3), keepdims=True)
                        dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += share * dout[:, :, i, j][:, :, None, None]
                return dx
        """),
    },
}

_CONV_FORWARD = code("""
    def conv2d_forward(x, W, b, stride=1, padding=0):
        F, C, kh, kw = W.shape
        xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        Ho, Wo = (xp.shape[2] - kh) // stride + 1, (xp.shape[3] - kw) // stride + 1
        out = np.zeros((x.shape[0], F, Ho, Wo))
        for i in range(Ho):
            for j in range(Wo):
                out[:, :, i, j] = np.einsum("ncuv,fcuv->nf", xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw], W) + b
        return out, (x, W, stride, padding)
""")

_CONV_BACKWARD = code("""
    def conv2d_backward(dout, cache):
        x, W, stride, padding = cache
        kh, kw = W.shape[2:]
        xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        dxp, dW = np.zeros(xp.shape), np.zeros(W.shape)
        for i in range(dout.shape[2]):
            for j in range(dout.shape[3]):
                win = (slice(None), slice(None), slice(i * stride, i * stride + kh), slice(j * stride, j * stride + kw))
                dW += np.einsum("nf,ncuv->fcuv", dout[:, :, i, j], xp[win])
                dxp[win] += np.einsum("nf,fcuv->ncuv", dout[:, :, i, j], W)
        return dxp[:, :, padding:padding + x.shape[2], padding:padding + x.shape[3]], dW, dout.sum(axis=(0, 2, 3))
""")

_POOL = code("""
    def maxpool_forward(x, size=2, stride=2):
        Ho, Wo = (x.shape[2] - size) // stride + 1, (x.shape[3] - size) // stride + 1
        out = np.zeros(x.shape[:2] + (Ho, Wo))
        for i in range(Ho):
            for j in range(Wo):
                out[:, :, i, j] = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size].max(axis=(2, 3))
        return out, (x, size, stride)
""")

WRONG = {
    "conv2d_forward": {
        "the filter flipped (a true convolution)": edit(_CONV_FORWARD, "->nf\", xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw], W)",
                                                        "->nf\", xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw], W[:, :, ::-1, ::-1])"),
        "the bias left out": edit(_CONV_FORWARD, ", W) + b", ", W)"),
        "padding on one side only": edit(_CONV_FORWARD, "(padding, padding), (padding, padding)", "(0, 2 * padding), (0, 2 * padding)"),
        "the stride ignored": edit(edit(_CONV_FORWARD, "(xp.shape[2] - kh) // stride + 1, (xp.shape[3] - kw) // stride + 1",
                                        "xp.shape[2] - kh + 1, xp.shape[3] - kw + 1"),
                                   "xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]", "xp[:, :, i:i + kh, j:j + kw]"),
        "only the first channel": edit(_CONV_FORWARD, "np.einsum(\"ncuv,fcuv->nf\", xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw], W)",
                                       "np.einsum(\"nuv,fuv->nf\", xp[:, 0, i * stride:i * stride + kh, j * stride:j * stride + kw], W[:, 0])"),
        "the output size rounded up (the image padded to fit)": edit(edit(_CONV_FORWARD,
                "Ho, Wo = (xp.shape[2] - kh) // stride + 1, (xp.shape[3] - kw) // stride + 1",
                "Ho, Wo = -(-(xp.shape[2] - kh) // stride) + 1, -(-(xp.shape[3] - kw) // stride) + 1"),
            "    out = np.zeros(", "    xp = np.pad(xp, ((0, 0), (0, 0), (0, stride), (0, stride)))\n    out = np.zeros("),
    },
    "conv2d_backward": {
        "db not summed over the samples": edit(_CONV_BACKWARD, "dout.sum(axis=(0, 2, 3))", "dout.sum(axis=(2, 3))[0]"),
        "the padded gradient returned (not cut back)": edit(_CONV_BACKWARD, "return dxp[:, :, padding:padding + x.shape[2], padding:padding + x.shape[3]], dW",
                                                            "return dxp, dW"),
        "the filter flipped in dx": edit(_CONV_BACKWARD, "dout[:, :, i, j], W)", "dout[:, :, i, j], W[:, :, ::-1, ::-1])"),
        "the stride forgotten in dW's patches": edit(_CONV_BACKWARD, "dout[:, :, i, j], xp[win])", "dout[:, :, i, j], xp[:, :, i:i + kh, j:j + kw])"),
        "dW averaged over the samples": edit(_CONV_BACKWARD, "dout[:, :, i, j], xp[win])", "dout[:, :, i, j], xp[win]) / len(x)"),
    },
    "maxpool_forward": {
        "the maximum starts at 0": code("""
            def maxpool_forward(x, size=2, stride=2):
                N, C, H, Wd = x.shape
                Ho, Wo = (H - size) // stride + 1, (Wd - size) // stride + 1
                out = np.zeros((N, C, Ho, Wo))
                for i in range(Ho):
                    for j in range(Wo):
                        for u in range(size):
                            for v in range(size):
                                out[:, :, i, j] = np.maximum(out[:, :, i, j], x[:, :, i * stride + u, j * stride + v])
                return out, (x, size, stride)
        """),
        "the windows step by size, whatever the stride": edit(_POOL, "x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]",
                                                              "x[:, :, i * size:i * size + size, j * size:j * size + size]"),
        "average pooling": edit(_POOL, ".max(axis=(2, 3))", ".mean(axis=(2, 3))"),
        "the maximum over the channels too": edit(_POOL, ".max(axis=(2, 3))", ".max(axis=(1, 2, 3))[:, None]"),
    },
    "maxpool_backward": {
        "every tied maximum gets the whole gradient": code("""
            def maxpool_backward(dout, cache):
                x, size, stride = cache
                dx = np.zeros(x.shape)
                for i in range(dout.shape[2]):
                    for j in range(dout.shape[3]):
                        window = x[:, :, i * stride:i * stride + size, j * stride:j * stride + size]
                        mask = window == window.max(axis=(2, 3), keepdims=True)
                        dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += mask * dout[:, :, i, j][:, :, None, None]
                return dx
        """),
        "shared equally within each window (average pooling)": code("""
            def maxpool_backward(dout, cache):
                x, size, stride = cache
                dx = np.zeros(x.shape)
                for i in range(dout.shape[2]):
                    for j in range(dout.shape[3]):
                        dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += dout[:, :, i, j][:, :, None, None] / size ** 2
                return dx
        """),
        "overwritten where windows overlap (= instead of +=)": code("""
            def maxpool_backward(dout, cache):
                x, size, stride = cache
                dx = np.zeros(x.shape)
                for n in range(x.shape[0]):
                    for c in range(x.shape[1]):
                        for i in range(dout.shape[2]):
                            for j in range(dout.shape[3]):
                                window = x[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
                                u, v = np.unravel_index(window.argmax(), window.shape)
                                dx[n, c, i * stride + u, j * stride + v] = dout[n, c, i, j]
                return dx
        """),
        "the stride ignored (windows at i * size)": code("""
            def maxpool_backward(dout, cache):
                x, size, stride = cache
                dx = np.zeros(x.shape)
                for n in range(x.shape[0]):
                    for c in range(x.shape[1]):
                        for i in range(dout.shape[2]):
                            for j in range(dout.shape[3]):
                                window = x[n, c, i * size:i * size + size, j * size:j * size + size]
                                u, v = np.unravel_index(window.argmax(), window.shape)
                                dx[n, c, i * size + u, j * size + v] += dout[n, c, i, j]
                return dx
        """),
    },
}
