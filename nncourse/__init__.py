"""nncourse: the course's command-line tool for instructors.

``nncourse grade`` autogrades a whole class with nbgrader in parallel workers,
each student's code in its own sandbox; ``nncourse release`` regenerates the
student release; ``nncourse demo`` grades a synthetic class end to end;
``nncourse report`` and ``nncourse export`` read the gradebook afterwards.
See GRADING.md for what the sandbox does and does not isolate.

One module per idea:

- ``cli``: the commands and their options;
- ``collect``: submissions from a folder or an LMS zip; ``ids``: stable student ids;
- ``notebooks``: a submitted notebook read defensively, its nbgrader metadata restored from the release;
- ``sandbox``: the kernel launcher (bubblewrap, an unprivileged user, rlimits) and the limits;
- ``kernel``: how the grader reaches a sandboxed kernel (IPC sockets in a locked directory);
- ``execute``: nbgrader's Execute step: verdicts, time and output caps, kernel restarts;
- ``canaries``: checks that a kernel still reports failures honestly;
- ``scoring``: a test cell passes when it runs without an error;
- ``sanitize``: students' HTML, JavaScript and markdown made inert;
- ``messages``: what the coordinator and the workers send each other;
- ``worker``: one grading process, one scratch course per submission;
- ``pool``: the worker processes, slow submissions, time limits, retries;
- ``gradebook``: results into the course gradebook and folder; ``late``: late penalties there, by
  nbgrader's settings; ``runlog``: nncourse's own table there (statuses, reasons, grading times);
- ``grade``: the coordinator, from the submissions to the summary;
- ``feedback``: the student's page, hidden tests left out;
- ``progress``, ``summary``, ``gradesheet``: the progress bar, the summary table, grades.csv;
- ``course``: the nbgrader course folder and its template copy;
- ``cells``: a cell's role, from its nbgrader metadata;
- ``demo``: a synthetic class;
- ``results``: a class's results as the gradebook holds them; ``stats``: item analysis and counts;
  ``failures``: why test cells failed, hidden tests left out; ``figures``, ``htmlpage``: the report's
  figures and page; ``report``, ``classreport``: ``nncourse report`` for one assignment and ``--all``;
- ``export``: the grades for Canvas, Moodle or as plain CSV.

Kept free of heavy imports: ``python -m nncourse.sandbox`` starts every kernel.
"""

__version__ = "0.1.0"
