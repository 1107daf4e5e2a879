"""How each submission was graded, kept in the course gradebook beside nbgrader's tables.

nbgrader's gradebook holds scores, submission times and late penalties, but not
what ``nncourse grade`` learnt on the way: a submission's status (``graded``,
``problems``, ``zero``, ``review``, ``error``), its one-line reasons and how long
it took to grade. They go into a table of nncourse's own, ``nncourse_grading``,
in the same database (SQLite or any SQLAlchemy URL), one row per assignment and
student, replaced when the submission is graded again. nbgrader never reads it,
and its migrations leave it alone.

=============  ==========================================================
column         holds
=============  ==========================================================
assignment     the assignment's name (nbgrader's ``Assignment.name``)
student        the student's id (nbgrader's ``Student.id``)
status         ``graded``, ``problems``, ``zero``, ``review`` or ``error``
reasons        the one-line reasons, as a JSON list (empty when graded normally)
seconds        grading time in the worker; NULL when no worker finished it
submitted_as   the folder or file-name prefix the submission came as
graded_at      when the coordinator recorded it (UTC)
=============  ==========================================================
"""

import datetime
import json
from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Float, MetaData, String, Table, Text, delete, insert, inspect, select

METADATA = MetaData()
RUNS = Table(
    "nncourse_grading", METADATA,
    Column("assignment", String(128), primary_key=True),
    Column("student", String(128), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("reasons", Text, nullable=False, default="[]"),
    Column("seconds", Float, nullable=True),
    Column("submitted_as", Text, nullable=True),
    Column("graded_at", DateTime, nullable=False),
)


@dataclass
class Run:
    """One row of the table."""

    assignment: str
    student: str
    status: str
    reasons: list
    seconds: float | None
    submitted_as: str | None
    graded_at: datetime.datetime


def create(engine):
    """Create the table in the gradebook's database if it is not there yet."""
    METADATA.create_all(engine, tables=[RUNS], checkfirst=True)


def record(session, assignment, student, status, reasons, seconds=None, submitted_as=None):
    """Replace the row of (``assignment``, ``student``) and commit.

    ``session`` is the gradebook's SQLAlchemy session (``Gradebook.db``).
    """
    key = (RUNS.c.assignment == assignment) & (RUNS.c.student == student)
    session.execute(delete(RUNS).where(key))
    session.execute(insert(RUNS).values(
        assignment=assignment, student=student, status=status, reasons=json.dumps(list(reasons)),
        seconds=seconds, submitted_as=submitted_as,
        graded_at=datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)))
    session.commit()


def read(engine, assignment=None):
    """The rows (of one assignment, or all), as :class:`Run`; none when the table does not exist
    (a gradebook that only nbgrader has written)."""
    if not inspect(engine).has_table(RUNS.name):
        return []
    query = select(RUNS).order_by(RUNS.c.assignment, RUNS.c.student)
    if assignment is not None:
        query = query.where(RUNS.c.assignment == assignment)
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [Run(**{**row, "reasons": json.loads(row["reasons"] or "[]")}) for row in rows]
