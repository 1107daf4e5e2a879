"""Small automatic mutations of an answer, and the check for equivalent ones.

Each mutant changes one thing inside the ``### BEGIN/END SOLUTION`` region
of an answer cell, the way a student's slip would:

- an arithmetic operator (``+``/``-``, ``*``/``/``, ``@``/``*``, ``**``/``*``),
  also in ``+=``; or one operand of ``+ - * /`` dropped (a missing bias, a missing factor);
- a comparison (``<``/``<=``, ``>``/``>=``, ``<``/``>``, ``==``/``!=``), ``and``/``or``, ``&``/``|``;
- a unary minus, ``not`` or ``~`` dropped;
- a number one up or one down (off by one, a wrong axis), a boolean flipped;
- a transpose ``.T`` dropped; an ``axis=`` or ``keepdims=`` argument dropped;
- a one-argument call dropped (``sigmoid(z)`` -> ``z``: an activation forgotten);
  two neighbouring arguments of a call, or two returned values, swapped;
- a trailing digit of a string one up or down (``"W1"`` -> ``"W2"``);
- a numpy reduction swapped (``sum``/``mean``, ``max``/``min``, ``argmax``/``argmin``,
  ``maximum``/``minimum``, ``any``/``all``);
- an augmented assignment, a re-assignment or an expression statement deleted.

A mutant is *equivalent* when it returns the same values as the solution on
every probe input of its spec (or raises the same kind of error): it changes
nothing a test could, or should, see, so it is excluded from the catch rate.
"""

import ast
import copy
from dataclasses import dataclass

import numpy as np

from nnlib.checks import _difference  # the rule the tests apply to every call

from . import inprocess

_BINOP_SWAPS = {
    ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Div], ast.Div: [ast.Mult],
    ast.MatMult: [ast.Mult], ast.Pow: [ast.Mult], ast.FloorDiv: [ast.Div], ast.Mod: [ast.FloorDiv],
    ast.BitAnd: [ast.BitOr], ast.BitOr: [ast.BitAnd],
}
_DROPPABLE = (ast.Add, ast.Sub, ast.Mult, ast.Div)
_CMP_SWAPS = {
    ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt, ast.GtE], ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt, ast.LtE],
    ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.Is: [ast.IsNot], ast.IsNot: [ast.Is],
    ast.In: [ast.NotIn], ast.NotIn: [ast.In],
}
_NAME_SWAPS = {
    "sum": "mean", "mean": "sum", "max": "min", "min": "max", "argmax": "argmin", "argmin": "argmax",
    "maximum": "minimum", "minimum": "maximum", "any": "all", "all": "any",
}
_DROPPABLE_KEYWORDS = ("axis", "keepdims")


@dataclass
class Mutant:
    description: str  # e.g. "line 4: + -> -"
    source: str  # the whole answer cell, mutated


def _sites(tree, lines):
    """(index in ast.walk order, description, how) for every possible mutation."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    sites = []
    for index, node in enumerate(ast.walk(tree)):
        line = getattr(node, "lineno", None)
        if line is None or line not in lines:
            continue
        if isinstance(node, (ast.BinOp, ast.AugAssign)):
            for new in _BINOP_SWAPS.get(type(node.op), []):
                sites.append((index, f"{type(node.op).__name__} -> {new.__name__}", ("op", new)))
            if isinstance(node, ast.BinOp) and isinstance(node.op, _DROPPABLE):
                sites.append((index, f"{type(node.op).__name__}: keep the left operand only", ("replace", "left")))
                sites.append((index, f"{type(node.op).__name__}: keep the right operand only", ("replace", "right")))
        elif isinstance(node, ast.Compare) and len(node.ops) == 1:
            for new in _CMP_SWAPS.get(type(node.ops[0]), []):
                sites.append((index, f"{type(node.ops[0]).__name__} -> {new.__name__}", ("cmp", new)))
        elif isinstance(node, ast.BoolOp):
            new = ast.Or if isinstance(node.op, ast.And) else ast.And
            sites.append((index, f"{type(node.op).__name__} -> {new.__name__}", ("boolop", new)))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not, ast.Invert)):
            sites.append((index, f"drop unary {type(node.op).__name__}", ("replace", "operand")))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            sites.append((index, f"{node.value} -> {not node.value}", ("const", not node.value)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            for delta in (1, -1):
                sites.append((index, f"{node.value!r} -> {node.value + delta:g}", ("const", node.value + delta)))
        elif isinstance(node, ast.Attribute) and node.attr == "T":
            sites.append((index, "drop .T", ("replace", "value")))
        elif isinstance(node, ast.Attribute) and node.attr in _NAME_SWAPS and isinstance(parents.get(node), ast.Call):
            sites.append((index, f".{node.attr} -> .{_NAME_SWAPS[node.attr]}", ("attr", _NAME_SWAPS[node.attr])))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value[-1:].isdigit():
            digit = int(node.value[-1])
            for new in {(digit + 1) % 10, (digit - 1) % 10}:
                sites.append((index, f"{node.value!r} -> {node.value[:-1] + str(new)!r}", ("const", node.value[:-1] + str(new))))
        if isinstance(node, ast.Call):
            for k, keyword in enumerate(node.keywords):
                if keyword.arg in _DROPPABLE_KEYWORDS:
                    sites.append((index, f"drop {keyword.arg}=", ("dropkw", k)))
            if len(node.args) == 1 and not isinstance(node.args[0], ast.Starred):
                sites.append((index, f"drop the call {ast.unparse(node.func)}(...)", ("replace", "args0")))
            for k in range(len(node.args) - 1):
                sites.append((index, f"swap arguments {k + 1} and {k + 2} of {ast.unparse(node.func)}(...)", ("swap", ("args", k))))
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            for k in range(len(node.value.elts) - 1):
                sites.append((index, f"swap returned values {k + 1} and {k + 2}", ("swap", ("elts", k))))
        if isinstance(node, (ast.AugAssign, ast.Expr)) or (
            isinstance(node, ast.Assign) and _reassigns(node, parents)
        ):
            if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):  # not a docstring
                sites.append((index, f"delete the statement `{ast.unparse(node)[:50]}`", ("delete", None)))
    return sites


def _names(target):
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_names(t) for t in target.elts))
    return set()


def _reassigns(node, parents):
    """True for ``x = ...`` where x is an argument or was assigned on an earlier line (an update)."""
    targets = set().union(*(_names(t) for t in node.targets))
    function = next((p for p in _ancestors(node, parents) if isinstance(p, ast.FunctionDef)), None)
    if function is None:
        return False
    assigned = {a.arg for a in function.args.args}
    for other in ast.walk(function):
        if isinstance(other, ast.Assign) and other.lineno < node.lineno:
            assigned |= set().union(*(_names(t) for t in other.targets))
    return bool(targets & assigned)


def _ancestors(node, parents):
    while node in parents:
        node = parents[node]
        yield node


def _apply(tree, index, how):
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    node = list(ast.walk(tree))[index]
    kind, arg = how
    if kind == "op":
        node.op = arg()
    elif kind == "cmp":
        node.ops = [arg()]
    elif kind == "boolop":
        node.op = arg()
    elif kind == "const":
        node.value = arg
    elif kind == "attr":
        node.attr = arg
    elif kind == "dropkw":
        del node.keywords[arg]
    elif kind == "swap":
        field, k = arg
        items = node.value.elts if field == "elts" else node.args
        items[k], items[k + 1] = items[k + 1], items[k]
    elif kind in ("replace", "delete"):
        new = ast.Pass() if kind == "delete" else node.args[0] if arg == "args0" else getattr(node, arg)
        parent = parents[node]
        for field, value in ast.iter_fields(parent):
            if value is node:
                setattr(parent, field, new)
            elif isinstance(value, list) and node in value:
                value[value.index(node)] = new
    return ast.fix_missing_locations(tree)


def mutants(cell):
    """Every one-change mutant of an answer cell (a notebook.Cell) inside its solution region."""
    lines = set(cell.solution_lines())
    tree = ast.parse(cell.source)
    out, seen = [], {ast.unparse(tree)}
    for index, description, how in _sites(tree, lines):
        mutated = ast.unparse(_apply(copy.deepcopy(tree), index, how))
        if mutated in seen:
            continue
        seen.add(mutated)
        line = list(ast.walk(tree))[index].lineno
        out.append(Mutant(f"line {line}: {description}", mutated))
    return out


# -- equivalence --


def _same(a, b, rtol=1e-9, atol=1e-12):
    if isinstance(a, BaseException) or isinstance(b, BaseException):
        return isinstance(a, BaseException) and isinstance(b, BaseException) and type(a) is type(b)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y, rtol, atol) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k], rtol, atol) for k in a)
    try:
        x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        try:
            return bool(a == b)
        except (TypeError, ValueError):  # e.g. an array compared with a class
            return False
    if x.shape != y.shape:
        return False
    return bool(np.allclose(x, y, rtol=rtol, atol=atol, equal_nan=True))


class ChangedItsInput(Exception):
    """What a call "returns" when it changed an argument in place (which the tests fail)."""


def _call(namespace, function, probe):
    given = probe
    args, kwargs = copy.deepcopy(given)
    try:
        with inprocess.time_limit(5.0), np.errstate(all="ignore"):
            result = namespace[function](*args, **kwargs)
    except Exception as err:  # noqa: BLE001
        return err
    changed = _difference(given, (args, kwargs), "the arguments")
    return ChangedItsInput(changed) if changed else result


def answer_namespace(cells, replacements=None):
    """A namespace with the setup and answer cells run (no tests), for calling answers directly."""
    replacements = replacements or {}
    namespace = {"__name__": "__main__"}
    with inprocess.kernel_like_state():
        for cell in cells:
            if cell.role == "setup":
                inprocess.run_cell(cell.source, namespace)
            elif cell.role == "answer":
                inprocess.run_cell(replacements.get(cell.grade_id, cell.source), namespace)
    return namespace


def outputs(cells, function, probes, replacements=None):
    namespace = answer_namespace(cells, replacements)
    if function not in namespace:
        return None
    with inprocess.kernel_like_state():
        return [_call(namespace, function, probe) for probe in probes]


def equivalent(reference_outputs, mutant_outputs):
    return mutant_outputs is not None and all(_same(a, b) for a, b in zip(reference_outputs, mutant_outputs))

