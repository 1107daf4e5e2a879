"""CBOW as the SJTU lecture writes it: hand-worked numbers, the update rules, gradient checks; words and neighbours."""

import numpy as np
import pytest

from nnlib import (
    CBOW, SGD, CrossEntropy, WordVocabulary, check_layer_gradients, context_windows, fit, most_similar, tokenize,
)


def lecture_example():
    """V = 4 words, N = 2, the context (w_0, w_2) around the word w_1."""
    cbow = CBOW(4, 2)
    cbow.params["W_in"] = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.2, -0.3]])
    cbow.params["W_out"] = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    return cbow, np.array([[0, 2]]), np.array([1])


def test_forward_by_hand():
    cbow, context, target = lecture_example()
    # h = (v_0 + v_2) / 2 = ((1, 0) + (0.5, 0.5)) / 2 = (0.75, 0.25)
    # u_j = v'_j . h = (0.75, 0.25, 1.0, 0)
    u = cbow.forward(context)
    np.testing.assert_allclose(u, [[0.75, 0.25, 1.0, 0.0]])
    # y = softmax(u) = e^u / (e^0.75 + e^0.25 + e^1 + e^0) = (0.297360, 0.180358, 0.381818, 0.140463)
    # E = -log y_1 = 1.712810
    assert CrossEntropy()(u, target) == pytest.approx(1.7128104, abs=1e-7)


def test_one_sgd_step_is_the_lectures_update_rules_by_hand():
    cbow, context, target = lecture_example()
    loss = CrossEntropy()
    loss(cbow.forward(context), target)
    cbow.backward(loss.backward())
    SGD(cbow, lr=0.5).step()
    # e = y - t = (0.297360, -0.819642, 0.381818, 0.140463)
    # v'_j(new) = v'_j - eta e_j h: v'_1 = (0, 1) + 0.5 * 0.819642 * (0.75, 0.25) = (0.307366, 1.102455)
    np.testing.assert_allclose(cbow.params["W_out"][1], [0.3073657, 1.1024552], atol=1e-7)
    np.testing.assert_allclose(cbow.params["W_out"][3], [-0.0526737, -0.0175579], atol=1e-7)
    # EH = sum_j e_j v'_j = (0.297360 + 0.381818, -0.819642 + 0.381818) = (0.679179, -0.437823)
    # v_c(new) = v_c - (1/C) eta EH for the two context words; the other rows do not move
    np.testing.assert_allclose(cbow.params["W_in"][0], [0.8302053, 0.1094559], atol=1e-7)
    np.testing.assert_allclose(cbow.params["W_in"][2], [0.3302053, 0.6094559], atol=1e-7)
    np.testing.assert_array_equal(cbow.params["W_in"][[1, 3]], [[0.0, 1.0], [0.2, -0.3]])


def lecture_update(W_in, W_out, context, target, eta):
    """The lecture's rules written out for one example, word by word, as loops."""
    W_in, W_out = W_in.copy(), W_out.copy()
    C = len(context)
    h = sum(W_in[w] for w in context) / C
    u = W_out @ h
    y = np.exp(u - u.max()) / np.exp(u - u.max()).sum()
    e = y - np.eye(len(y))[target]
    EH = sum(e[j] * W_out[j] for j in range(len(e)))  # with the old output vectors
    for j in range(len(e)):
        W_out[j] = W_out[j] - eta * e[j] * h
    for w in context:
        W_in[w] = W_in[w] - eta * EH / C
    return W_in, W_out


@pytest.mark.parametrize("context", [[3, 1, 4, 0], [2, 2, 5, 1]], ids=["distinct", "a word twice"])
def test_sgd_on_one_example_follows_the_lectures_loops(context):
    rng = np.random.default_rng(0)
    cbow = CBOW(6, 3, random_state=1)
    cbow.params["W_out"] = rng.standard_normal((6, 3))
    expected = lecture_update(cbow.params["W_in"], cbow.params["W_out"], context, 5, eta=0.3)
    loss = CrossEntropy()
    loss(cbow.forward([context]), [5])
    cbow.backward(loss.backward())
    SGD(cbow, lr=0.3).step()
    np.testing.assert_allclose(cbow.params["W_in"], expected[0], atol=1e-12)
    np.testing.assert_allclose(cbow.params["W_out"], expected[1], atol=1e-12)


def test_gradients_pass_the_check_in_float64():
    cbow = CBOW(7, 4, random_state=0)
    cbow.params["W_out"] = np.random.default_rng(1).standard_normal((7, 4))  # zero at first: make every path count
    context = np.array([[0, 3, 3, 6], [1, 2, 5, 0], [4, 4, 4, 4]])  # repeated words too
    errors = check_layer_gradients(cbow, context)
    assert set(errors) == {"0.W_in", "0.W_out"}  # indices have no gradient
    assert max(errors.values()) < 1e-7, errors


def test_a_batch_gets_the_mean_of_its_examples_gradients():
    cbow = CBOW(5, 3, random_state=0)
    cbow.params["W_out"] = np.random.default_rng(2).standard_normal((5, 3))
    contexts, targets = np.array([[0, 1], [2, 3], [1, 4]]), np.array([2, 0, 3])
    loss = CrossEntropy()
    loss(cbow.forward(contexts), targets)
    cbow.backward(loss.backward())
    batch = {k: v.copy() for k, v in cbow.grads.items()}
    for name in batch:
        single = []
        for n in range(3):
            loss(cbow.forward(contexts[[n]]), targets[[n]])
            cbow.backward(loss.backward())
            single.append(cbow.grads[name])
        np.testing.assert_allclose(batch[name], np.mean(single, axis=0), atol=1e-14)


def test_initial_vectors_follow_word2vec():
    cbow = CBOW(1000, 50, random_state=0)
    assert np.abs(cbow.params["W_in"]).max() <= 0.5 / 50 and cbow.params["W_in"].std() > 0.005
    np.testing.assert_array_equal(cbow.params["W_out"], 0)
    np.testing.assert_array_equal(CBOW(10, 4, random_state=3).params["W_in"], CBOW(10, 4, random_state=3).params["W_in"])


@pytest.mark.parametrize("context, match", [
    (np.array([[0.0, 1.0]]), r"integer word indices of shape \(batch, C\).*dtype float64"),
    (np.array([0, 1]), r"got an array of dtype int64 and shape \(2,\)"),
    (np.array([[0, 5]]), r"expects word indices in 0..4, got values from 0 to 5"),
])
def test_bad_context_is_a_clear_error(context, match):
    with pytest.raises(ValueError, match=match):
        CBOW(5, 2).forward(context)


def test_words_that_share_their_contexts_get_similar_vectors():
    """'cat' and 'dog' appear in the same contexts, never together: CBOW gives them close vectors."""
    rng = np.random.default_rng(0)
    sentences = [f"the {rng.choice(['cat', 'dog'])} {rng.choice(['sat on', 'ran to', 'looked at'])} the "
                 f"{rng.choice(['mat', 'rug'])} ." for _ in range(300)]
    words = tokenize(" ".join(sentences))
    vocab = WordVocabulary(words)
    contexts, targets = context_windows(vocab.encode(words), window=2)
    cbow = CBOW(len(vocab), 10, random_state=0)
    history = fit(cbow, contexts, targets, loss=CrossEntropy(), optimizer=SGD(cbow, lr=0.5), epochs=10,
                  batch_size=8, random_state=0)
    assert history["loss"][-1] < 0.6 * history["loss"][0]
    vectors = cbow.params["W_in"]
    nearest, _ = most_similar(vectors, vectors[vocab.index["cat"]], k=1, exclude=[vocab.index["cat"]])
    assert vocab.words[nearest[0]] == "dog"
    nearest, _ = most_similar(vectors, vectors[vocab.index["mat"]], k=1, exclude=[vocab.index["mat"]])
    assert vocab.words[nearest[0]] == "rug"


def test_most_similar_by_hand():
    vectors = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [-1.0, 0.1], [0.0, 0.0]])
    indices, similarities = most_similar(vectors, np.array([2.0, 0.0]), k=3)
    assert indices.tolist() == [0, 2, 1]  # cos = 1, 1/sqrt(2), 0
    np.testing.assert_allclose(similarities, [1.0, 2 ** -0.5, 0.0], atol=1e-12)
    indices, _ = most_similar(vectors, np.array([2.0, 0.0]), k=2, exclude=[0])
    assert indices.tolist() == [2, 1]
    with pytest.raises(ValueError, match=r"vectors \(V, N\) and a query \(N,\), got \(5, 2\) and \(3,\)"):
        most_similar(vectors, np.ones(3))


def test_tokenize_keeps_lowercase_letters_only():
    assert tokenize("CHAPTER I. Down the Rabbit-Hole\n'Alice's") == ["chapter", "i", "down", "the", "rabbit",
                                                                        "hole", "alice", "s"]


def test_vocabulary_drops_rare_words_into_unknown():
    words = "a b a c a b d".split()
    vocab = WordVocabulary(words, min_count=2)
    assert vocab.words == ["a", "b", "<unk>"] and len(vocab) == 3
    assert vocab.counts.tolist() == [3, 2, 2]  # c and d became <unk>
    assert vocab.encode(["b", "z", "a"]).tolist() == [1, 2, 0]
    assert vocab.decode([0, 2, 1]) == "a <unk> b"
    full = WordVocabulary(words)
    assert full.words == ["a", "b", "c", "d"] and full.counts.tolist() == [3, 2, 1, 1]
    with pytest.raises(ValueError, match=r"not in the vocabulary: \['z'\]"):
        full.encode(["a", "z"])
    with pytest.raises(TypeError, match="tokenize it first"):
        full.encode("a b")


def test_context_windows_pair_each_word_with_its_neighbours():
    contexts, targets = context_windows(np.arange(10, 17), window=2)
    assert contexts.tolist() == [[10, 11, 13, 14], [11, 12, 14, 15], [12, 13, 15, 16]]
    assert targets.tolist() == [12, 13, 14]
    with pytest.raises(ValueError, match="too short for 2 context words on each side"):
        context_windows(np.arange(4), window=2)
