"""Character-level language models: the vocabulary, the training windows, sampling, and an LSTM and a GRU that learn."""

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from nnlib import (
    GRU, LSTM, SGD, Adam, CharVocabulary, CrossEntropy, Dense, Embedding, Sequential, accuracy, fit, load_text,
    next_char_windows, sample, unigram_entropy,
)


def test_vocabulary_round_trip():
    vocab = CharVocabulary("hello world")
    assert vocab.chars == [" ", "d", "e", "h", "l", "o", "r", "w"] and len(vocab) == 8
    ids = vocab.encode("hello")
    assert ids.tolist() == [3, 2, 4, 4, 5]
    assert vocab.decode(ids) == "hello"


def test_one_hot():
    vocab = CharVocabulary("abc")
    np.testing.assert_array_equal(vocab.one_hot([2, 0]), [[0, 0, 1], [1, 0, 0]])
    assert vocab.one_hot(np.zeros((4, 5), dtype=int)).shape == (4, 5, 3)


def test_unknown_characters_are_a_clear_error():
    with pytest.raises(ValueError, match=r"not in the vocabulary: \['z'\]"):
        CharVocabulary("abc").encode("abz")


def test_next_char_windows():
    X, Y = next_char_windows(np.arange(11), 3)
    np.testing.assert_array_equal(X, [[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    np.testing.assert_array_equal(Y, [[1, 2, 3], [4, 5, 6], [7, 8, 9]])  # each target is the next character
    with pytest.raises(ValueError, match="too short"):
        next_char_windows(np.arange(3), 3)


def test_unigram_entropy_by_hand():
    assert unigram_entropy("abab") == pytest.approx(np.log(2))  # two equally frequent characters
    assert unigram_entropy("aaaa") == 0.0
    # frequencies 1/2, 1/4, 1/4: -(1/2 log 1/2 + 2 * 1/4 log 1/4) = 1.5 log 2
    assert unigram_entropy("aabc") == pytest.approx(1.5 * np.log(2))


class Bigram(Sequential):
    """A hand-made 'model' over the vocabulary a, b, c: after a comes b, after b comes c, after c comes a."""

    def __init__(self):
        super().__init__([])

    def forward(self, x):
        return 10.0 * np.roll(x, 1, axis=-1)  # (N, T, 3) one-hot -> logits favouring the next letter


def test_greedy_sampling_follows_the_model():
    vocab = CharVocabulary("abc")
    assert sample(Bigram(), vocab, "a", 7, temperature=0) == "bcabcab"


def test_sampling_temperature_and_seed():
    vocab = CharVocabulary("abc")
    model = Bigram()
    cold = sample(model, vocab, "a", 200, temperature=0.1, random_state=0)
    hot = sample(model, vocab, "a", 200, temperature=100.0, random_state=0)
    assert len(cold) == len(hot) == 200
    assert cold == ("bca" * 67)[:200]  # e^100 to 1: the likeliest letter every time
    assert hot != cold and set(hot) == {"a", "b", "c"}  # nearly uniform
    assert sample(model, vocab, "a", 50, temperature=100.0, random_state=0) == hot[:50]


def test_sampling_context_and_mode():
    vocab = CharVocabulary("abcd")
    model = Sequential([LSTM(4, 5, random_state=0), Dense(5, 4, random_state=1)])
    assert len(sample(model, vocab, "abc", 10, context=2, random_state=0)) == 10
    assert model.training  # left as it was
    with pytest.raises(ValueError, match="at least one character"):
        sample(model, vocab, "", 5)
    with pytest.raises(ValueError, match="temperature"):
        sample(model, vocab, "a", 5, temperature=-1)


@pytest.mark.slow
def test_lstm_learns_the_shipped_text():
    text = load_text()
    vocab = CharVocabulary(text)
    ids = vocab.encode(text)
    X, Y = next_char_windows(ids, 50)  # (640, 50) windows of 50 characters and their next characters
    X = vocab.one_hot(X)  # (640, 50, V)
    V = len(vocab)
    model = Sequential([LSTM(V, 128, random_state=0), Dense(128, V, random_state=1)])
    optimizer = SGD(model, lr=1.0, momentum=0.9, clip_norm=5.0)
    # The per-step products (32 x 128 @ 128 x 512) are too small to share between
    # BLAS threads; when other processes load the cores, threads only wait on each other.
    with threadpool_limits(limits=1, user_api="blas"):
        fit(model, X, Y, loss=CrossEntropy(), optimizer=optimizer, epochs=15, batch_size=32, random_state=0)

    loss = CrossEntropy()(model.predict(X), Y)
    baseline = unigram_entropy(text)  # about 3.1 nats: what character frequencies alone achieve
    assert loss < 0.7 * baseline, (loss, baseline)
    generated = sample(model, vocab, "Alice ", 100, temperature=0.5, context=50, random_state=0)
    assert len(generated) == 100 and set(generated) <= set(vocab.chars)


def test_tiny_gru_language_model_on_indices():
    """Embedding + GRU + Dense on character indices: (N, T) in, (N, T, V) logits out, trained by fit."""
    text = load_text()[:400]
    vocab = CharVocabulary(text)
    V = len(vocab)
    X, Y = next_char_windows(vocab.encode(text), 20)  # (19, 20) integer indices and their next characters
    model = Sequential([Embedding(V, 16, random_state=0), GRU(16, 32, random_state=1), Dense(32, V, random_state=2)])
    history = fit(model, X, Y, loss=CrossEntropy(), optimizer=Adam(model, lr=0.01), epochs=40, batch_size=4,
                  random_state=0)
    assert history["loss"][0] > unigram_entropy(text)  # it starts worse than counting characters
    assert history["loss"][-1] < 0.5 * history["loss"][0], history["loss"]
    assert np.all(np.diff(history["loss"][:10]) < 0)  # and goes down, epoch after epoch, at first
    logits = model.predict(X)
    assert logits.shape == (*X.shape, V)
    assert CrossEntropy()(logits, Y) < 1.0 and accuracy(logits, Y) > 0.7  # one label per time step
