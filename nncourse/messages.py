"""What the coordinator and the workers send each other.

A :class:`Job` carries one submission as bytes, and a :class:`Result` carries
back everything the coordinator writes into the course (the scores, the
autograded notebooks, the feedback pages) as bytes: no file system is shared.
Between processes on one machine they travel as pickles over a pipe
(:func:`send`, :func:`receive`); both ends are the grader's own code.
"""

import pickle
import struct
from dataclasses import dataclass, field

# Result.status
GRADED, ZERO, REVIEW, ERROR = "graded", "zero", "review", "error"


@dataclass
class Job:
    id: int
    student: str
    notebooks: dict  # notebook name -> bytes as submitted, or None when missing
    timestamp: str | None = None  # nbgrader's format, UTC
    canaries: list = field(default_factory=list)  # [grade_id, kind] usable as canaries (nncourse.canaries)
    calibrate: bool = False  # the preflight: run every candidate canary, flag nothing


@dataclass
class Grade:
    """One graded cell's score, as the scratch gradebook holds it."""

    notebook: str
    name: str  # grade_id
    auto_score: float | None
    max_score: float
    needs_manual_grade: bool
    cell_type: str  # "code" (a test cell) or "markdown" (a written answer)


@dataclass
class Comment:
    notebook: str
    name: str
    auto_comment: str | None


@dataclass
class Result:
    job: int
    student: str
    status: str  # GRADED, ZERO, REVIEW (tampering suspected: score withheld) or ERROR (not graded)
    reasons: list = field(default_factory=list)  # one line each: what did not go normally
    grades: list = field(default_factory=list)  # Grade
    comments: list = field(default_factory=list)  # Comment
    files: dict = field(default_factory=dict)  # "autograded/<nb>.ipynb", "feedback/<nb>.html" -> bytes
    timestamp: str | None = None
    late_penalty: float = 0.0
    seconds: float = 0.0  # grading time in the worker
    canaries: list = field(default_factory=list)  # (canaries.Canary, failed) of every canary that ran
    grader_fault: bool = False  # ERROR caused by the grader, not by the submission: worth another try


_LENGTH = struct.Struct("!Q")


def send(stream, message):
    """Write one message (any of the above) to a binary stream."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def receive(stream):
    """Read one message from a binary stream; None at its end."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    data = stream.read(length)
    if len(data) < length:
        return None
    return pickle.loads(data)
