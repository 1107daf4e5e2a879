"""02_perceptron, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code

RIGHT = {
    "perceptron_predict": {
        "a list comprehension over the rows": code("""
            def perceptron_predict(X, w, b):
                return [1 if np.dot(x, w) + b >= 0 else -1 for x in X]
        """),
        "np.sign, with the zeros set to +1": code("""
            def perceptron_predict(X, w, b):
                s = np.sign(np.asarray(X) @ w + b)
                s[s == 0] = 1
                return s
        """),
        "2 * (net >= 0) - 1, printed": code("""
            def perceptron_predict(X, w, b):
                labels = 2 * (np.dot(X, w) + b >= 0) - 1
                print("predicted", labels)
                return labels
        """),
    },
    "perceptron_update": {
        "only on a mistake, with 2 y": code("""
            def perceptron_update(w, b, x, y, lr):
                predicted = 1 if w @ x + b >= 0 else -1
                if predicted != y:
                    return w + 2 * lr * y * x, b + 2 * lr * y
                return w.copy(), b
        """),
        "through perceptron_predict, a list [w, b]": code("""
            def perceptron_update(w, b, x, y, lr):
                y_hat = perceptron_predict(x.reshape(1, -1), w, b)[0]
                return [w + lr * (y - y_hat) * x, float(b + lr * (y - y_hat))]
        """),
        "a copy first, then in place on the copy": code("""
            def perceptron_update(w, b, x, y, lr):
                new_w = np.array(w, dtype=float)
                error = y - (1 if x @ w + b >= 0 else -1)
                new_w += lr * error * x
                return new_w, b + lr * error
        """),
    },
    "train_perceptron": {
        "perceptron_update, a warning when it does not converge": code("""
            import warnings

            def train_perceptron(X, y, lr=1.0, max_epochs=100):
                w, b, errors = np.zeros(np.shape(X)[1]), 0.0, []
                for _ in range(max_epochs):
                    count = 0
                    for x_i, y_i in zip(X, y):
                        new_w, new_b = perceptron_update(w, b, x_i, y_i, lr)
                        count += int((x_i @ w + b >= 0) != (y_i == 1))
                        w, b = new_w, new_b
                    errors.append(count)
                    if count == 0:
                        return w, b, errors
                warnings.warn(f"the perceptron did not converge in {max_epochs} epochs")
                return w, b, errors
        """),
        "a while loop, logging after basicConfig, errors as an array": {
            after("train_perceptron"): code("""
                import logging
                logging.basicConfig(level=logging.INFO, format="%(message)s")
            """),
            "train_perceptron": code("""
                import logging

                def train_perceptron(X, y, lr=1.0, max_epochs=100):
                    X = np.asarray(X, dtype=float)
                    w, b = np.zeros(X.shape[1]), 0.0
                    errors, epoch = [], 0
                    while epoch < max_epochs:
                        mistakes = 0
                        for i in range(len(X)):
                            y_hat = 1 if X[i] @ w + b >= 0 else -1
                            if y_hat != y[i]:
                                mistakes += 1
                                w = w + lr * (y[i] - y_hat) * X[i]
                                b = b + lr * (y[i] - y_hat)
                        errors.append(mistakes)
                        logging.info("epoch %d: %d mistakes", epoch, mistakes)
                        epoch += 1
                        if mistakes == 0:
                            break
                    return w, b, np.array(errors)
            """),
        },
        "the errors plotted at the end": code("""
            import matplotlib.pyplot as plt

            def train_perceptron(X, y, lr=1.0, max_epochs=100):
                w, b = np.zeros(len(X[0])), 0.0
                errors = []
                for epoch in range(max_epochs):
                    before = [(w.copy(), b)]
                    wrong = 0
                    for x_i, y_i in zip(X, y):
                        if perceptron_predict(np.array([x_i]), w, b)[0] != y_i:
                            wrong += 1
                        w, b = perceptron_update(w, b, np.asarray(x_i, dtype=float), y_i, lr)
                    errors.append(wrong)
                    if wrong == 0:
                        break
                plt.figure()
                plt.plot(errors, marker="o")
                plt.title("mistakes per epoch")
                plt.close()
                return w, b, errors
        """),
    },
    "decision_boundary": {
        "float arithmetic, a tuple of numpy floats": code("""
            def decision_boundary(w, b):
                if w[1] == 0:
                    raise ValueError(f"w[1] is 0: the line w . x + b = 0 is vertical (w = {w})")
                return np.float64(-w[0] / w[1]), np.float64(-b / w[1])
        """),
        "np.isclose, a list": code("""
            def decision_boundary(w, b):
                w1, w2 = float(w[0]), float(w[1])
                if np.isclose(w2, 0.0):
                    raise ValueError("vertical boundary")
                return [-w1 / w2, -b / w2]
        """),
        "two points on the line, with a warning": code("""
            import warnings

            def decision_boundary(w, b):
                if not w[1]:
                    raise ValueError("no slope: w[1] == 0")
                warnings.warn("decision_boundary: computed from two points")
                x2_at = lambda x1: (-b - w[0] * x1) / w[1]
                slope = x2_at(1.0) - x2_at(0.0)
                return slope, x2_at(0.0)
        """),
    },
}

WRONG = {
    "perceptron_predict": {
        "the bias left out": code("""
            def perceptron_predict(X, w, b):
                return np.where(np.asarray(X) @ w >= 0, 1, -1)
        """),
        "> instead of >= (a net input of 0 gives -1)": code("""
            def perceptron_predict(X, w, b):
                return np.where(np.asarray(X) @ w + b > 0, 1, -1)
        """),
        "labels 0/1": code("""
            def perceptron_predict(X, w, b):
                return (np.asarray(X) @ w + b >= 0).astype(int)
        """),
        "np.sign alone (0 where the net input is 0)": code("""
            def perceptron_predict(X, w, b):
                return np.sign(np.asarray(X) @ w + b)
        """),
        "the bias subtracted": code("""
            def perceptron_predict(X, w, b):
                return np.where(np.asarray(X) @ w - b >= 0, 1, -1)
        """),
    },
    "perceptron_update": {
        "the sign flipped (y_hat - y)": code("""
            def perceptron_update(w, b, x, y, lr):
                y_hat = 1 if x @ w + b >= 0 else -1
                return w + lr * (y_hat - y) * x, b + lr * (y_hat - y)
        """),
        "the bias not updated": code("""
            def perceptron_update(w, b, x, y, lr):
                y_hat = 1 if x @ w + b >= 0 else -1
                return w + lr * (y - y_hat) * x, b
        """),
        "the learning rate left out": code("""
            def perceptron_update(w, b, x, y, lr):
                y_hat = 1 if x @ w + b >= 0 else -1
                return w + (y - y_hat) * x, b + (y - y_hat)
        """),
        "always moves, right or wrong (w + lr y x)": code("""
            def perceptron_update(w, b, x, y, lr):
                return w + lr * y * x, b + lr * y
        """),
        "w changed in place": code("""
            def perceptron_update(w, b, x, y, lr):
                y_hat = 1 if x @ w + b >= 0 else -1
                w += lr * (y - y_hat) * x
                return w, b + lr * (y - y_hat)
        """),
        "the prediction with > 0 (a net input of 0 predicts -1)": code("""
            def perceptron_update(w, b, x, y, lr):
                y_hat = 1 if x @ w + b > 0 else -1
                return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)
        """),
    },
    "train_perceptron": {
        "the final error-free epoch not recorded": code("""
            def train_perceptron(X, y, lr=1.0, max_epochs=100):
                w, b, errors = np.zeros(np.shape(X)[1]), 0.0, []
                for _ in range(max_epochs):
                    count = 0
                    for x_i, y_i in zip(X, y):
                        if (1 if x_i @ w + b >= 0 else -1) != y_i:
                            count += 1
                        w, b = perceptron_update(w, b, x_i, y_i, lr)
                    if count == 0:
                        break
                    errors.append(count)
                return w, b, errors
        """),
        "mistakes counted after the update": code("""
            def train_perceptron(X, y, lr=1.0, max_epochs=100):
                w, b, errors = np.zeros(np.shape(X)[1]), 0.0, []
                for _ in range(max_epochs):
                    count = 0
                    for x_i, y_i in zip(X, y):
                        w, b = perceptron_update(w, b, x_i, y_i, lr)
                        count += int((1 if x_i @ w + b >= 0 else -1) != y_i)
                    errors.append(count)
                    if count == 0:
                        break
                return w, b, errors
        """),
        "the samples shuffled": code("""
            def train_perceptron(X, y, lr=1.0, max_epochs=100):
                X, y = np.asarray(X, dtype=float), np.asarray(y)
                w, b, errors = np.zeros(X.shape[1]), 0.0, []
                rng = np.random.default_rng(0)
                for _ in range(max_epochs):
                    count = 0
                    for i in rng.permutation(len(X)):
                        if (1 if X[i] @ w + b >= 0 else -1) != y[i]:
                            count += 1
                        w, b = perceptron_update(w, b, X[i], y[i], lr)
                    errors.append(count)
                    if count == 0:
                        break
                return w, b, errors
        """),
        "one epoch too few (range(max_epochs - 1))": code("""
            def train_perceptron(X, y, lr=1.0, max_epochs=100):
                w, b, errors = np.zeros(np.shape(X)[1]), 0.0, []
                for _ in range(max_epochs - 1):
                    count = 0
                    for x_i, y_i in zip(X, y):
                        if (1 if x_i @ w + b >= 0 else -1) != y_i:
                            count += 1
                        w, b = perceptron_update(w, b, x_i, y_i, lr)
                    errors.append(count)
                    if count == 0:
                        break
                return w, b, errors
        """),
        "the bias never learned": code("""
            def train_perceptron(X, y, lr=1.0, max_epochs=100):
                w, errors = np.zeros(np.shape(X)[1]), []
                for _ in range(max_epochs):
                    count = 0
                    for x_i, y_i in zip(X, y):
                        y_hat = 1 if x_i @ w >= 0 else -1
                        if y_hat != y_i:
                            count += 1
                            w = w + lr * (y_i - y_hat) * x_i
                    errors.append(count)
                    if count == 0:
                        break
                return w, 0.0, errors
        """),
    },
    "decision_boundary": {
        "the minus sign missing": code("""
            def decision_boundary(w, b):
                if w[1] == 0:
                    raise ValueError("vertical")
                return w[0] / w[1], b / w[1]
        """),
        "w1 and w2 swapped": code("""
            def decision_boundary(w, b):
                if w[1] == 0:
                    raise ValueError("vertical")
                return -w[1] / w[0], -b / w[1]
        """),
        "no ValueError: numpy's inf": code("""
            def decision_boundary(w, b):
                with np.errstate(divide="ignore"):
                    return -np.float64(w[0]) / w[1], -np.float64(b) / w[1]
        """),
        "a ZeroDivisionError instead of a ValueError": code("""
            def decision_boundary(w, b):
                w1, w2 = float(w[0]), float(w[1])
                return -w1 / w2, -float(b) / w2
        """),
        "the intercept divided by w1": code("""
            def decision_boundary(w, b):
                if w[1] == 0:
                    raise ValueError("vertical")
                return -w[0] / w[1], -b / w[0]
        """),
    },
}
