"""What holds across nnlib: names students meet again, one namespace per audience, small functions, tests that test.

These tests read the library's and the test suite's source; the modules that
other parts of the project own and change on their own schedule (the
exercises' feedback, the book's widgets and plots) are left to their owners.
"""

import ast
import inspect
from pathlib import Path

import pytest

import nnlib
import nnlib._windows
import nnlib.checks
import nnlib.conv
import nnlib.pooling

ROOT = Path(__file__).resolve().parent.parent
OWNED_ELSEWHERE = {"checks.py", "widgets.py", "plotting.py"}
LIBRARY = sorted(p for p in (ROOT / "nnlib").rglob("*.py") if p.name not in OWNED_ELSEWHERE)
LIBRARY_TESTS = sorted(
    ROOT / "tests" / f"test_{name}.py"
    for name in ["activations", "adaline", "char_model", "cnn_digits", "conv", "conventions", "datasets",
                 "dense_sequential", "dropout_flatten", "embedding", "gru", "losses", "maxout", "metrics", "neurons",
                 "optim", "perceptron", "pooling", "recurrent", "torch_reference", "training", "worked_examples"]
)

# Where nnlib's name differs from the one a student meets next, the docstring names it.
COUNTERPARTS = {
    "Dense": "torch.nn.Linear",
    "Conv2D": "torch.nn.Conv2d",
    "MaxPool2D": "torch.nn.MaxPool2d",
    "AvgPool2D": "torch.nn.AvgPool2d",
    "SGD": "torch.nn.utils.clip_grad_norm_",  # SGD's clip_norm
    "MSE": "torch.nn.MSELoss",
    "BinaryCrossEntropy": "torch.nn.BCELoss",
    "CrossEntropy": "torch.nn.CrossEntropyLoss",
    "Adam": "torch.optim.Adam",
    "Perceptron": "sklearn.linear_model.Perceptron",
    "Adaline": "sklearn.linear_model.SGDClassifier",
    "RNN": "torch.nn.RNN",
    "LSTM": "torch.nn.LSTM",
    "GRU": "torch.nn.GRU",
    "Embedding": "torch.nn.Embedding",
    "RReLU": "torch.nn.RReLU",
}


def public_classes():
    return sorted(name for name, obj in vars(nnlib).items()
                  if inspect.isclass(obj) and obj.__module__.startswith("nnlib") and not issubclass(obj, Exception))


@pytest.mark.parametrize("name", public_classes())
def test_every_class_docstring_names_its_pytorch_or_scikit_learn_counterpart(name):
    doc = inspect.getdoc(getattr(nnlib, name))
    assert "PyTorch" in doc or "scikit-learn" in doc, name
    if name in COUNTERPARTS:
        assert COUNTERPARTS[name] in doc, (name, COUNTERPARTS[name])


def test_the_exercise_harness_lives_in_nnlib_checks_only():
    assert nnlib.checks.__all__  # it is still there, in its own namespace
    for name in nnlib.checks.__all__:
        assert not hasattr(nnlib, name), f"nnlib.{name} should only be nnlib.checks.{name}"


def test_convolution_and_pooling_share_one_private_module_of_helpers():
    assert nnlib.conv.windows is nnlib.pooling.windows is nnlib._windows.windows
    assert nnlib.conv.fold is nnlib.pooling.fold is nnlib._windows.fold


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_another_modules_private_names(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level and not (node.module or "").startswith("_"):
            private = [alias.name for alias in node.names if alias.name.startswith("_")]
            assert not private, f"{path.name} imports {private} from .{node.module}: share them in a private module"


def body_lines(function):
    """Lines of a function's body, its docstring left out."""
    body = function.body
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        body = body[1:]
    return 0 if not body else body[-1].end_lineno - body[0].lineno + 1


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_functions_are_short_enough_to_read_at_once(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            assert body_lines(node) <= 40, f"{path.name}: {node.name} has {body_lines(node)} lines: split it"


def asserts(function, helpers, seen=()):
    """Whether ``function`` asserts: an assert statement, pytest.raises or warns, an assert_* call,
    or a call to a helper of the same file that does."""
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name.startswith("assert") or name in ("raises", "warns"):
                return True
            if name in helpers and name not in seen and asserts(helpers[name], helpers, (*seen, name)):
                return True
    return False


@pytest.mark.parametrize("path", LIBRARY_TESTS, ids=lambda p: p.name)
def test_every_test_asserts_something(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    tests = [f for name, f in functions.items() if name.startswith("test_")]
    assert tests
    for test in tests:
        assert asserts(test, functions), f"{path.name}::{test.name} asserts nothing"
