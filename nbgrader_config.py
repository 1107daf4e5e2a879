"""nbgrader configuration: this repository is an nbgrader course.

    solutions/<assignment>/   the source: solutions, visible and hidden tests (instructor side)
    exercises/<assignment>/   the release students download, made by `make release`
                              (nbgrader generate_assignment), committed

Run nbgrader from the repository root with the virtual environment's bin/ on
PATH (nbgrader runs `alembic` as a program; the Makefile exports it):

    nbgrader generate_assignment 01_neurons --force   # or: make release (all of them)
    nbgrader zip_collect 01_neurons                   # downloaded/01_neurons/archive/<student>_01_neurons.ipynb
    nbgrader autograde 01_neurons                     # submitted/<student>/01_neurons/01_neurons.ipynb
    nbgrader generate_feedback 01_neurons             # feedback/<student>/01_neurons/01_neurons.html
    nbgrader export                                   # grades.csv

The gradebook (gradebook.db) and the folders submitted/, autograded/,
feedback/, downloaded/ and exchange/ are the instructor's and are not committed.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "nncourse"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# Only the folders NN_name/ are assignments; solutions/README.md (the instructor's notes)
# sits outside them and is not released (`make release` generates "[0-9][0-9]_*").

# A deleted test cell is put back from the gradebook (and a tampered one is restored
# from it anyway), so neither helps a student.
c.OverwriteCells.add_missing_cells = True

# Student code that loops forever is interrupted; grading goes on with the next cell.
c.Execute.timeout = 60

# A test cell earns its points when it runs without an error (nncourse/scoring.py): what
# it prints, on stdout or stderr, never costs points, and nothing it displays sets them.
# nbgrader's own SaveAutoGrades would zero a cell that wrote to stderr and read partial
# credit from the first value a cell displays. `nncourse grade` uses this list too, with
# nbgrader's Execute replaced by its sandboxed one.
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nncourse.scoring.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# zip_collect: a file downloaded from the learning platform is named
# <student_id>_<notebook>.ipynb, e.g. alice_01_neurons.ipynb (student ids without "_").
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.zipcollect.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.named_regexp = r"^(?:.*/)?(?P<student_id>[^/_]+)_(?P<file_id>[^/]+)$"

# The exchange through which release_assignment, fetch, submit and collect pass notebooks.
# A folder of the course (ignored by git) works on one machine with no set-up; on a
# shared server (JupyterHub) point it at a directory every user can write, e.g. the
# default /usr/local/share/nbgrader/exchange.
c.Exchange.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exchange")
os.makedirs(c.Exchange.root, exist_ok=True)  # nbgrader does not create it
