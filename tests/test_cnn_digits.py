"""A small LeNet-style network learns the 8x8 digits."""

import pytest
from sklearn.model_selection import train_test_split

from nnlib import SGD, Conv2D, CrossEntropy, Dense, Flatten, MaxPool2D, ReLU, Sequential, accuracy, fit, load_digits


@pytest.mark.slow
def test_small_cnn_reaches_97_percent_on_digits():
    X, y = load_digits(images=True)  # (1797, 1, 8, 8) in [0, 1]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    model = Sequential([
        Conv2D(1, 16, 3, padding=1, random_state=0), ReLU(), MaxPool2D(2),  # (N, 16, 4, 4)
        Conv2D(16, 32, 3, padding=1, random_state=1), ReLU(), MaxPool2D(2),  # (N, 32, 2, 2)
        Flatten(),  # (N, 128)
        Dense(128, 10, random_state=2),  # logits
    ])
    optimizer = SGD(model, lr=0.05, momentum=0.9)
    history = fit(model, X_train, y_train, loss=CrossEntropy(), optimizer=optimizer, epochs=15, batch_size=32,
                  random_state=0)
    assert history["loss"][-1] < 0.05
    assert accuracy(model.predict(X_test), y_test) >= 0.97
