"""nnlib: a small, readable numpy library for an introductory neural-networks course.

From McCulloch and Pitts' threshold neuron to the LSTM, every model of the
course in one place, each in a module short enough to read in one sitting.
Everything public is importable from here: ``from nnlib import Dense``.
The exercises' feedback helpers live in their own namespace,
``nnlib.checks``.
"""

from ._validation import NotFittedError
from .gradcheck import (
    check_cell_gradients, check_layer_gradients, check_loss_gradients, numerical_gradient, relative_error,
)
from .init import initialize
from .layer import Cell, Layer

# -- classic neurons --
from .adaline import Adaline
from .neurons import McCullochPitts, ThresholdUnit
from .perceptron import LinearThresholdClassifier, Perceptron

# -- activations, layers, networks, losses, optimisers, training --
from .activations import (
    ACTIVATIONS, ELU, RRELU_LOWER, RRELU_UPPER, Activation, Arctan, Identity, LeakyReLU, NoisyReLU, ReLU, RReLU,
    Sigmoid, Softmax, Softplus, Step, Tanh, arctan, arctan_derivative, elu, elu_derivative, get_activation,
    identity, identity_derivative, leaky_relu, leaky_relu_derivative, noisy_relu, noisy_relu_derivative, relu,
    relu_derivative, rrelu, rrelu_derivative, sigmoid, sigmoid_derivative, softmax, softmax_derivative, softplus,
    softplus_derivative, step, step_derivative, tanh, tanh_derivative,
)
from .dense import Dense
from .losses import MSE, BinaryCrossEntropy, CrossEntropy, Loss
from .maxout import Maxout
from .metrics import accuracy, predicted_labels
from .optim import SGD, Adam, InverseTimeDecay, Optimizer
from .sequential import Sequential
from .training import fit

# -- convolutional and recurrent networks --
from .conv import Conv2D, conv2d_naive
from .dropout import Dropout
from .embedding import Embedding
from .flatten import Flatten
from .gru import GRU, GRUCell
from .lstm import LSTM, LSTMCell
from .pooling import AvgPool2D, MaxPool2D
from .rnn import RNN, RNNCell
from .text import CharVocabulary, next_char_windows, sample, unigram_entropy

# -- data sets --
from .datasets import (
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

# -- widgets for the book --
from .plotting import plot_decision_boundary
from .widgets import frame_grid, frame_viewer  # imports matplotlib and ipywidgets only when called
