"""What the instructor sees: a progress bar, grades.csv and a summary table."""

import csv
import statistics
import sys
import time

# nbgrader export's columns, then ours
COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
           "raw_score", "late_submission_penalty", "score", "max_score"]
EXTRA = ["status", "reason", "submitted_as"]
STATUSES = {
    "graded": "graded",
    "problems": "graded, with problems",
    "zero": "zero: nothing to grade",
    "error": "NOT graded (error)",
}


class Progress:
    """A one-line bar on stderr (a line every 10 % when stderr is not a terminal)."""

    def __init__(self, total, label, stream=None, enabled=True):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = self.stream.isatty()
        self.start = time.perf_counter()
        self._last_step = -1
        self.draw()

    def _line(self):
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        elapsed = time.perf_counter() - self.start
        left = ""
        if 0 < self.done < self.total:
            left = f"  ~{_clock(elapsed / self.done * (self.total - self.done))} left"
        return f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}  {_clock(elapsed)}{left}"

    def draw(self):
        if not self.enabled:
            return
        if self.tty:
            self.stream.write("\r\x1b[2K" + self._line())
            self.stream.flush()
        else:
            step = self.done * 10 // self.total if self.total else 10
            if step != self._last_step:
                self._last_step = step
                self.stream.write(self._line() + "\n")
                self.stream.flush()

    def advance(self):
        self.done += 1
        self.draw()

    def note(self, text):
        """A line above the bar."""
        if not self.enabled:
            return
        if self.tty:
            self.stream.write("\r\x1b[2K")
        self.stream.write(text + "\n")
        self.draw()

    def close(self):
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds):
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def export_csv(gradebook, path, outcomes):
    """``grades.csv`` as ``nbgrader export`` writes it (every assignment, every student),
    properly quoted, with ``status``, ``reason`` and ``submitted_as`` for this run's rows.

    ``outcomes``: (assignment, student_id) -> Outcome of this run.
    """
    from nbgrader.api import MissingEntry

    rows = []
    for assignment in gradebook.assignments:
        for student in gradebook.students:
            row = {"assignment": assignment.name, "duedate": assignment.duedate or "", "student_id": student.id,
                   "last_name": student.last_name or "", "first_name": student.first_name or "",
                   "email": student.email or "", "max_score": assignment.max_score}
            try:
                submission = gradebook.find_submission(assignment.name, student.id)
            except MissingEntry:
                row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
            else:
                penalty = submission.late_submission_penalty or 0.0
                row.update(timestamp=submission.timestamp or "", raw_score=submission.score,
                           late_submission_penalty=penalty, score=max(0.0, submission.score - penalty))
            outcome = outcomes.get((assignment.name, student.id))
            if outcome is not None:
                row.update(status=outcome.status, reason=outcome.reason, submitted_as=outcome.original)
            rows.append(row)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS + EXTRA, restval="")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return rows


def _cell(value):
    """A spreadsheet must not read a student's text as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def summary(assignment, outcomes, seconds, workers, parts, out=None):
    """Print the summary table: statuses, each graded part, scores, and every reason."""
    out = out or sys.stdout
    n = len(outcomes)
    rate = n / seconds * 60 if seconds else 0.0
    print(f"\n{assignment}: {n} submissions in {seconds:.1f} s with {workers} worker(s) ({rate:.0f} per minute)\n", file=out)
    counts = {key: sum(o.status == key for o in outcomes) for key in STATUSES}
    width = max(len(v) for v in STATUSES.values())
    for key, label in STATUSES.items():
        print(f"  {label:<{width}}  {counts[key]:>5}", file=out)
    graded = [o for o in outcomes if o.status in ("graded", "problems", "zero")]
    if parts and graded:
        print(f"\n  {'graded part':<36}{'points':>7}{'full marks':>13}{'mean':>7}", file=out)
        for name, max_score in parts:
            scores = [o.scores.get(name, 0.0) or 0.0 for o in graded]
            full = sum(s >= max_score for s in scores)
            print(f"  {name:<36}{max_score:>7g}{f'{full}/{len(scores)}':>13}{statistics.mean(scores):>7.2f}", file=out)
        totals = [o.auto_score for o in graded]
        top = sum(m for _, m in parts)
        print(f"\n  autograded score: mean {statistics.mean(totals):.1f}, median {statistics.median(totals):g}, "
              f"max {max(totals):g} (of {top:g})", file=out)
    unusual = [o for o in outcomes if o.reason]
    if unusual:
        print("\n  Did not grade normally:", file=out)
        for o in unusual:
            print(f"    {o.student}: {o.reason}", file=out)
    print(file=out)
