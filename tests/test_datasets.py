"""Tests of nnlib's data sets: shapes, labels, geometry, determinism, errors."""

from importlib import resources

import numpy as np
import pytest

from nnlib import (
    load_digits,
    load_text,
    logic_gate,
    make_blobs,
    make_circles,
    make_moons,
    make_parabola,
    make_spirals,
    make_xor,
)

# Every random generator (each makes two classes by default), with the noise to test it with.
GENERATORS = [
    (make_xor, {"noise": 0.1}),
    (make_blobs, {}),
    (make_moons, {"noise": 0.1}),
    (make_circles, {"noise": 0.1}),
    (make_spirals, {"noise": 0.2}),
    (make_parabola, {}),
]
generators = pytest.mark.parametrize("make", [make for make, _ in GENERATORS], ids=lambda f: f.__name__)


# -- shapes, dtypes, labels ---------------------------------------------------------------


@pytest.mark.parametrize(("make", "noise"), GENERATORS, ids=[make.__name__ for make, _ in GENERATORS])
@pytest.mark.parametrize("n_samples", [8, 101])
def test_shapes_dtypes_and_balanced_labels(make, noise, n_samples):
    X, y = make(n_samples=n_samples, random_state=0, **noise)
    assert X.shape == (n_samples, 2)
    assert y.shape == (n_samples,)
    assert X.dtype == np.float64
    assert np.issubdtype(y.dtype, np.integer)
    counts = np.bincount(y)
    assert len(counts) == 2
    assert counts.max() - counts.min() <= 1  # as even as n_samples allows


@generators
def test_same_seed_same_data_different_seed_different_data(make):
    X1, y1 = make(random_state=7)
    X2, y2 = make(random_state=7)
    X3, y3 = make(random_state=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@generators
def test_a_generator_is_used_and_advanced(make):
    rng = np.random.default_rng(3)
    X1, _ = make(random_state=rng)
    X2, _ = make(random_state=rng)
    assert not np.array_equal(X1, X2)  # the second call continues the stream
    X3, _ = make(random_state=np.random.default_rng(3))
    np.testing.assert_array_equal(X1, X3)


@pytest.mark.parametrize("make", [make_blobs, make_moons, make_circles, make_spirals])
def test_shuffle_false_orders_rows_by_class(make):
    _, y = make(n_samples=40, random_state=0, shuffle=False)
    assert np.all(np.diff(y) >= 0)
    _, y = make(n_samples=40, random_state=0)
    assert np.any(np.diff(y) < 0)  # shuffled by default


# -- logic gates ----------------------------------------------------------------------------

TWO_INPUTS = [[0, 0], [0, 1], [1, 0], [1, 1]]
THREE_INPUTS = [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [1, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]]

TRUTH_TABLES = {  # written out by hand, one output per row of the inputs above
    ("and", 2): [0, 0, 0, 1],
    ("or", 2): [0, 1, 1, 1],
    ("nand", 2): [1, 1, 1, 0],
    ("nor", 2): [1, 0, 0, 0],
    ("xor", 2): [0, 1, 1, 0],
    ("xnor", 2): [1, 0, 0, 1],
    ("and", 3): [0, 0, 0, 0, 0, 0, 0, 1],
    ("or", 3): [0, 1, 1, 1, 1, 1, 1, 1],
    ("nand", 3): [1, 1, 1, 1, 1, 1, 1, 0],
    ("nor", 3): [1, 0, 0, 0, 0, 0, 0, 0],
    ("xor", 3): [0, 1, 1, 0, 1, 0, 0, 1],  # parity: odd number of ones
    ("xnor", 3): [1, 0, 0, 1, 0, 1, 1, 0],
}


@pytest.mark.parametrize(("name", "n_inputs"), list(TRUTH_TABLES))
def test_truth_tables(name, n_inputs):
    X, y = logic_gate(name, n_inputs=n_inputs)
    inputs = TWO_INPUTS if n_inputs == 2 else THREE_INPUTS
    np.testing.assert_array_equal(X, inputs)
    np.testing.assert_array_equal(y, TRUTH_TABLES[name, n_inputs])
    assert X.dtype == np.float64
    assert np.issubdtype(y.dtype, np.integer)


def test_not_gate():
    X, y = logic_gate("not", n_inputs=1)
    np.testing.assert_array_equal(X, [[0], [1]])
    np.testing.assert_array_equal(y, [1, 0])


def test_gate_names_ignore_case():
    np.testing.assert_array_equal(logic_gate("XOR")[1], [0, 1, 1, 0])


def test_four_input_xor_is_parity():
    X, y = logic_gate("xor", n_inputs=4)
    assert X.shape == (16, 4)
    assert X[5].tolist() == [0, 1, 0, 1]  # row 5 is 5 in binary
    np.testing.assert_array_equal(y, X.sum(axis=1) % 2)


# -- XOR, blobs, moons, circles, spirals ---------------------------------------------------


def test_noiseless_xor_sits_on_the_corners_with_xor_labels():
    X, y = make_xor(n_samples=100, random_state=0)
    assert set(map(tuple, X.tolist())) == {(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)}
    np.testing.assert_array_equal(y, X[:, 0].astype(int) ^ X[:, 1].astype(int))
    assert np.bincount(y).tolist() == [50, 50]


def test_unshuffled_xor_goes_corner_by_corner():
    X, y = make_xor(n_samples=40, random_state=0, shuffle=False)
    corners = X[::10].tolist()
    assert corners == [[0, 0], [0, 1], [1, 0], [1, 1]]
    np.testing.assert_array_equal(X, np.repeat(corners, 10, axis=0))
    np.testing.assert_array_equal(y, np.repeat([0, 1, 1, 0], 10))


def test_noisy_xor_points_stay_near_their_corner():
    X, y = make_xor(n_samples=400, noise=0.1, random_state=0)
    corner = np.round(X).astype(int)
    np.testing.assert_array_equal(y, corner[:, 0] ^ corner[:, 1])
    assert 0.08 < np.std(X - corner) < 0.12


def test_blobs_around_given_centers():
    centers = np.array([[0.0, 0.0, 0.0], [5.0, -5.0, 1.0], [-3.0, 4.0, 2.0]])
    X, y = make_blobs(n_samples=300, centers=centers, cluster_std=0.05, random_state=0)
    assert X.shape == (300, 3)  # n_features comes from the centres
    for k, center in enumerate(centers):
        np.testing.assert_allclose(X[y == k].mean(axis=0), center, atol=0.02)
        assert np.all((0.04 < X[y == k].std(axis=0)) & (X[y == k].std(axis=0) < 0.06))


def test_blobs_with_zero_std_and_random_centers_lie_in_the_box():
    X, y = make_blobs(n_samples=40, centers=4, n_features=5, cluster_std=0.0, random_state=1)
    assert X.shape == (40, 5)
    assert np.bincount(y).tolist() == [10, 10, 10, 10]
    for k in range(4):
        assert len(np.unique(X[y == k], axis=0)) == 1  # every point on its centre
    assert np.all((X >= -10) & (X <= 10))


def test_blobs_std_per_center():
    X, y = make_blobs(n_samples=2000, centers=[[0, 0], [20, 20]], cluster_std=[0.5, 2.0], random_state=0)
    np.testing.assert_allclose(X[y == 0].std(axis=0), 0.5, rtol=0.1)
    np.testing.assert_allclose(X[y == 1].std(axis=0), 2.0, rtol=0.1)


def test_noiseless_moons_lie_on_their_half_circles():
    X, y = make_moons(n_samples=101, random_state=0)
    upper, lower = X[y == 0], X[y == 1]
    # class 0: upper half of the unit circle
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, atol=1e-12)
    assert np.all(upper[:, 1] >= -1e-12)
    # class 1: lower half of the unit circle centred at (1, 0.5)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0, atol=1e-12)
    assert np.all(lower[:, 1] <= 0.5 + 1e-12)
    # both ends of each half circle are included
    assert {(-1.0, 0.0), (1.0, 0.0)} <= set(map(tuple, np.round(upper, 12).tolist()))


def test_noisy_moons_leave_their_half_circles():
    X, y = make_moons(n_samples=200, noise=0.1, random_state=0)
    radius = np.hypot(X[y == 0, 0], X[y == 0, 1])
    assert 0.05 < np.std(radius - 1) < 0.15


@pytest.mark.parametrize("factor", [0.0, 0.3, 0.8])
def test_noiseless_circles_have_radii_one_and_factor(factor):
    X, y = make_circles(n_samples=60, factor=factor, random_state=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0, atol=1e-12)
    np.testing.assert_allclose(radius[y == 1], factor, atol=1e-12)


def test_noiseless_spirals_turn_outwards_and_are_rotated_copies():
    n_classes = 3
    X, y = make_spirals(n_samples=300, n_classes=n_classes, random_state=0, shuffle=False)
    assert set(y.tolist()) == {0, 1, 2}
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.all((radius > 0) & (radius <= 1 + 1e-12))
    for k in range(n_classes):
        arm = radius[y == k]
        assert np.all(np.diff(arm) > 0)  # from the centre outwards
        assert arm[-1] == pytest.approx(1.0)
    # arm k is arm 0 turned by 2*pi*k/K
    angle = np.arctan2(X[:, 0], X[:, 1])  # x = r (sin t, cos t)
    turn = np.angle(np.exp(1j * (angle[y == 1] - angle[y == 0])))
    np.testing.assert_allclose(turn, 2 * np.pi / n_classes, atol=1e-9)


def test_spiral_noise_jitters_the_angle_not_the_radius():
    X0, y0 = make_spirals(n_samples=200, random_state=0, shuffle=False)
    X1, y1 = make_spirals(n_samples=200, noise=0.2, random_state=0, shuffle=False)
    np.testing.assert_allclose(np.hypot(*X1.T), np.hypot(*X0.T), atol=1e-12)
    assert not np.allclose(X0, X1)


# -- the parabola of the shuffling experiment ---------------------------------------------


def on_parabola(X):
    return np.isclose(X[:, 1], X[:, 0] ** 2, rtol=1e-12, atol=0)


def test_parabola_half_the_points_lie_on_the_parabola_and_are_class_1():
    X, y = make_parabola(random_state=0)
    assert X.shape == (10000, 2)
    assert on_parabola(X).sum() == 5000
    np.testing.assert_array_equal(on_parabola(X), y == 1)


def test_parabola_points_lie_in_the_box_unscaled():
    X, _ = make_parabola(random_state=1)
    x, height = X[:, 0], X[:, 1]
    assert np.all((x >= 0) & (x < 100))
    assert np.all((height >= 0) & (height < 10000))
    assert x.max() > 95 and height.max() > 9000  # raw coordinates, as on the slide


def test_parabola_random_points_fill_the_box():
    X, y = make_parabola(random_state=2)
    random_points = X[y == 0]
    np.testing.assert_allclose(random_points.mean(axis=0), [50, 5000], rtol=0.05)


@pytest.mark.parametrize(
    ("order", "first_half", "second_half"),
    [("random_first", 0, 1), ("parabola_first", 1, 0)],
)
def test_parabola_sorted_orders(order, first_half, second_half):
    X, y = make_parabola(n_samples=1000, order=order, random_state=0)
    assert set(y[:500].tolist()) == {first_half}
    assert set(y[500:].tolist()) == {second_half}
    np.testing.assert_array_equal(on_parabola(X), y == 1)


def test_parabola_shuffled_mixes_the_classes():
    _, y = make_parabola(n_samples=1000, order="shuffled", random_state=0)
    assert 0.4 < y[:500].mean() < 0.6
    assert np.count_nonzero(np.diff(y)) > 300  # about 500 class changes in random order


def test_parabola_odd_size_gives_the_extra_point_to_random():
    _, y = make_parabola(n_samples=7, random_state=0)
    assert np.bincount(y).tolist() == [4, 3]


# -- digits and text ------------------------------------------------------------------------


def test_digits_flat():
    X, y = load_digits()
    assert X.shape == (1797, 64)
    assert X.dtype == np.float64
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(X * 16, np.round(X * 16))  # pixel counts 0..16, divided by 16
    assert y.shape == (1797,)
    assert np.issubdtype(y.dtype, np.integer)
    assert sorted(set(y.tolist())) == list(range(10))


def test_digits_images_reshape_to_the_flat_rows():
    X, y = load_digits()
    images, y_images = load_digits(images=True)
    assert images.shape == (1797, 1, 8, 8)
    np.testing.assert_array_equal(images.reshape(1797, 64), X)
    np.testing.assert_array_equal(y_images, y)
    assert images[0, 0, 0, 0] == X[0, 0] and images[0, 0, 1, 0] == X[0, 8]  # row by row


def test_text_is_a_plain_printable_str_of_the_right_size():
    text = load_text()
    assert isinstance(text, str)
    assert 15_000 <= len(text) <= 40_000
    assert all(c.isprintable() or c == "\n" for c in text)
    assert text.isascii()
    assert text.startswith("CHAPTER I. Down the Rabbit-Hole\n")
    assert "CHAPTER III. A Caucus-Race and a Long Tale" in text
    assert load_text() == text


def test_text_is_not_padded_with_repetitions():
    text = load_text()
    paragraphs = [p for p in text.split("\n\n") if len(p) > 200]
    assert len(paragraphs) > 50
    assert len(set(paragraphs)) == len(paragraphs)
    chunks = [text[i : i + 100] for i in range(0, len(text) - 100, 100)]
    assert len(set(chunks)) == len(chunks)


def test_text_file_names_its_source():
    raw = resources.files("nnlib").joinpath("data").joinpath("alice.txt").read_text(encoding="utf-8")
    header = raw.partition("\n\n")[0]
    for fact in ("Alice's Adventures in Wonderland", "Lewis Carroll", "1865", "Public domain"):
        assert fact in header
    assert raw.endswith(load_text())


# -- bad arguments ----------------------------------------------------------------------------

BAD_ARGUMENTS = [
    (lambda: logic_gate("maybe"), r"name must be one of 'and', 'or', .*'not'; got 'maybe'"),
    (lambda: logic_gate(3), r"name must be one of .* got 3"),
    (lambda: logic_gate("not", n_inputs=2), r"n_inputs must be 1, got 2"),
    (lambda: logic_gate("and", n_inputs=0), r"n_inputs must be an integer >= 1, got 0"),
    (lambda: make_xor(n_samples=3), r"n_samples must be an integer >= 4 .*got 3"),
    (lambda: make_xor(noise=-0.5), r"noise must be a finite number >= 0, got -0.5"),
    (lambda: make_moons(n_samples=-1), r"n_samples must be an integer >= 2 .*got -1"),
    (lambda: make_moons(n_samples=10.0), r"n_samples must be an integer .*got 10.0"),
    (lambda: make_moons(n_samples=True), r"n_samples must be an integer .*got True"),
    (lambda: make_moons(noise=-0.1), r"noise must be a finite number >= 0, got -0.1"),
    (lambda: make_moons(noise=float("nan")), r"noise must be a finite number >= 0, got nan"),
    (lambda: make_moons(random_state="seed"), r"random_state must be None, .* got 'seed'"),
    (lambda: make_moons(random_state=-3), r"random_state must be None, .* got -3"),
    (lambda: make_circles(factor=1.0), r"factor .* 0 <= factor < 1, got 1.0"),
    (lambda: make_circles(factor=-0.2), r"factor .* 0 <= factor < 1, got -0.2"),
    (lambda: make_circles(noise=-1), r"noise must be a finite number >= 0, got -1"),
    (lambda: make_spirals(n_classes=1), r"n_classes must be an integer >= 2, got 1"),
    (lambda: make_spirals(n_samples=2, n_classes=3), r"n_samples must be an integer >= 3 .*got 2"),
    (lambda: make_spirals(noise=-0.2), r"noise must be a finite number >= 0, got -0.2"),
    (lambda: make_blobs(centers=0), r"centers must be an integer >= 1, got 0"),
    (
        lambda: make_blobs(centers=[1.0, 2.0]),
        r"centers must be an int >= 1 or an array of shape \(n_centers, n_features\), got \[1.0, 2.0\]",
    ),
    (lambda: make_blobs(n_features=0), r"n_features must be an integer >= 1, got 0"),
    (lambda: make_blobs(n_samples=2, centers=3), r"n_samples must be an integer >= 3 .*got 2"),
    (lambda: make_blobs(cluster_std=-1.0), r"cluster_std must be a number >= 0 .*got -1.0"),
    (
        lambda: make_blobs(centers=2, cluster_std=[1.0, 2.0, 3.0]),
        r"cluster_std must be .* 2 of them .*got \[1.0, 2.0, 3.0\]",
    ),
    (
        lambda: make_parabola(order="sorted"),
        r"order must be one of 'shuffled', 'random_first', 'parabola_first'; got 'sorted'",
    ),
    (lambda: make_parabola(n_samples=-10), r"n_samples must be an integer >= 2 .*got -10"),
]


@pytest.mark.parametrize(("call", "message"), BAD_ARGUMENTS, ids=[m for _, m in BAD_ARGUMENTS])
def test_bad_arguments_say_what_was_expected_and_what_came(call, message):
    with pytest.raises(ValueError, match=message):
        call()
