"""nncourse: the course's command-line tool for instructors.

``nncourse grade`` autogrades a whole class with nbgrader in parallel workers,
each student's code in its own sandbox; ``nncourse release`` regenerates the
student release; ``nncourse demo`` grades a synthetic class end to end.
See GRADING.md for what the sandbox does and does not isolate.

One module per idea:

- ``cli``: the commands and their options;
- ``collect``: submissions from a folder or an LMS zip, checked notebook by notebook;
- ``sandbox``: the kernel launcher (bubblewrap, an unprivileged user, rlimits);
- ``execute``: nbgrader's Execute step, surviving dead kernels and floods of output;
- ``worker``: one grading process, one scratch course per submission;
- ``pool``: the worker processes, time budgets, retries;
- ``gradebook``: results into the course gradebook and folder;
- ``grade``: the coordinator, from the submissions to the summary;
- ``feedback``: the student's page, hidden tests left out;
- ``report``: progress bar, grades.csv, summary table;
- ``course``: the nbgrader course folder and its template copy;
- ``demo``: a synthetic class.

Kept free of heavy imports: ``python -m nncourse.sandbox`` starts every kernel.
"""

__version__ = "0.1.0"
