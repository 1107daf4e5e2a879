"""Collecting submissions (``nncourse.collect``, ``nncourse.ids``): no grading, no sandbox.

Every student found gets exactly one submission with an id no other can take,
whatever the folder or zip looks like; nothing is followed through a link;
damaged entries, stray files and wrapping folders never crash or merge a class.
"""

import zipfile
import zlib
from pathlib import Path

import nbformat
import pytest

from assignments import notebook
from grading import hostile
from nncourse.collect import collect
from nncourse.ids import assign, student_id

ASSIGNMENT = hostile.ASSIGNMENT
NB = nbformat.writes(hostile.submission())


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            if isinstance(data, zipfile.ZipInfo):
                zf.writestr(data, "/etc/passwd")
            else:
                zf.writestr(name, data)
    return path


def _by_original(collection):
    return {s.original: s for s in collection.submissions}


@pytest.mark.parametrize("name, expected", [
    ("alice", "alice"), ("S1234567", "S1234567"), ("a.b@c-d_e", "a.b@c-d_e"),
    ("-bob", None), (".dave", None), ("Zoë O'Brien", None), ("bob.", None), ("", None), ("x" * 65, None)])
def test_safe_names_are_their_own_ids_and_others_get_a_hash(name, expected):
    sid = student_id(name)
    if expected is not None:
        assert sid == expected
    else:
        readable, digest = sid.rsplit("+", 1)
        assert len(digest) == 8 and all(c in "0123456789abcdef" for c in digest) and readable
    assert student_id(name) == sid, "the same name gets the same id, every time"


def test_ids_never_collide():
    names = ["bob", "-bob", "Bob", "bob-", " bob", "Carol", "carol", ".dave", "dave"]
    ids = assign(names)
    assert len(set(ids.values())) == len(names)
    assert ids["bob"] == "bob" and ids["Carol"] == "Carol" and ids["carol"] == "carol" and ids["dave"] == "dave"


def test_an_lms_zip_is_collected_as_nbgrader_zip_collect_would(tmp_path):
    link = zipfile.ZipInfo("archive/dave_01_neurons.ipynb")
    link.external_attr = 0o120777 << 16  # a symbolic link: never followed, never staged
    archive = _zip(tmp_path / "download.zip", {
        "archive/alice_01_neurons.ipynb": NB, "archive/bob_01_neurons (1).ipynb": NB,
        "archive/__MACOSX/._alice_01_neurons.ipynb": "resource fork",
        "archive/../../carol_01_neurons.ipynb": NB,  # a path that climbs out: only its name counts
        "archive/dave_01_neurons.ipynb": link})
    found = collect(archive, [ASSIGNMENT], tmp_path / "staging")
    by_id = {s.student: s for s in found.submissions}
    assert set(by_id) == {"alice", "bob", "carol", "dave"}
    assert by_id["bob"].notes == ["graded '01_neurons (1).ipynb' as 01_neurons.ipynb"]
    assert by_id["dave"].notebooks[ASSIGNMENT] is None and "symbolic link" in by_id["dave"].notes[0]
    staged = [Path(s.notebooks[ASSIGNMENT]).read_text() for s in found.submissions if s.notebooks[ASSIGNMENT]]
    assert staged == [NB] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download.zip", "staging"], "nothing written elsewhere"
    assert all(s.timestamp and s.timestamp.endswith("UTC") for s in found.submissions if s.notebooks[ASSIGNMENT]), \
        "a zip entry's time is the submission time"


def test_a_readme_beside_the_archive_folder_does_not_make_the_class_one_student(tmp_path):
    archive = _zip(tmp_path / "download.zip", {"readme.txt": "downloaded from the platform",
                                               "archive/alice_01_neurons.ipynb": NB, "archive/bob_01_neurons.ipynb": NB})
    found = collect(archive, [ASSIGNMENT], tmp_path / "staging")
    assert {s.student for s in found.submissions} == {"alice", "bob"} and found.stray == ["readme.txt"]


def test_a_damaged_entry_costs_only_its_student(tmp_path):
    archive = _zip(tmp_path / "download.zip", {"alice_01_neurons.ipynb": NB, "bob_01_neurons.ipynb": NB,
                                               "carol_01_neurons.ipynb": NB})
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("bob_01_neurons.ipynb")
    start = info.header_offset + 30 + len(info.filename)  # bob's compressed data
    data[start + 10: start + 40] = bytes(30)
    archive.write_bytes(bytes(data))
    with pytest.raises((zipfile.BadZipFile, zlib.error)):
        zipfile.ZipFile(archive).read("bob_01_neurons.ipynb")
    found = {s.student: s for s in collect(archive, [ASSIGNMENT], tmp_path / "staging").submissions}
    assert set(found) == {"alice", "bob", "carol"}
    assert found["bob"].notebooks[ASSIGNMENT] is None and "could not be read" in found["bob"].notes[-1]
    assert found["alice"].notebooks[ASSIGNMENT] and found["carol"].notebooks[ASSIGNMENT]


def test_an_unreadable_zip_is_a_clear_error(tmp_path):
    bad = _zip(tmp_path / "download.zip", {"alice_01_neurons.ipynb": NB})
    data = bytearray(bad.read_bytes())
    directory = data.rfind(b"PK\x01\x02")  # the central directory: its signature damaged
    data[directory: directory + 4] = b"XXXX"
    bad.write_bytes(bytes(data))
    assert zipfile.is_zipfile(bad)
    with pytest.raises(SystemExit, match="cannot be read at all"):
        collect(bad, [ASSIGNMENT], tmp_path / "staging")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(SystemExit, match="not a folder of submissions or a zip file"):
        collect(tmp_path / "notes.txt", [ASSIGNMENT], tmp_path / "staging")


def test_a_folder_gives_every_student_one_submission_and_follows_no_link(tmp_path):
    klass = tmp_path / "class"
    for name in ("Émile Zola (late!)/sub", "-bob", "bob", "Carol", "carol", ".dave", "frank", "thief"):
        (klass / name).mkdir(parents=True)
    (klass / "Émile Zola (late!)" / "sub" / f"{ASSIGNMENT}.ipynb").write_text(NB)
    for name in ("-bob", "bob", "Carol", "carol", ".dave"):
        (klass / name / f"{ASSIGNMENT}.ipynb").write_text(NB)
    (klass / "bob" / "timestamp.txt").write_text("2026-11-20 09:30:00.000000 UTC")
    (klass / "thief" / f"{ASSIGNMENT}.ipynb").symlink_to(notebook.source_notebook(ASSIGNMENT))
    (klass / "linked").symlink_to(notebook.SOLUTIONS / ASSIGNMENT)
    (klass / ".ipynb_checkpoints").mkdir()
    (klass / ".DS_Store").write_text("clutter")
    found = _by_original(collect(klass, [ASSIGNMENT], tmp_path / "staging"))
    assert set(found) == {"Émile Zola (late!)", "-bob", "bob", "Carol", "carol", ".dave", "frank", "thief", "linked"}
    assert len({s.student for s in found.values()}) == len(found)
    assert found["bob"].student == "bob" and found["-bob"].student != "bob"
    assert found["bob"].timestamp == "2026-11-20 09:30:00.000000 UTC" and found["carol"].timestamp is None
    for name, word in (("thief", "symbolic link"), ("linked", "symbolic link"), ("frank", "no notebook")):
        assert found[name].notebooks[ASSIGNMENT] is None and any(word in n for n in found[name].notes), found[name]
    assert found[".dave"].notebooks[ASSIGNMENT] is not None


def test_one_students_folder_is_not_mistaken_for_a_class(tmp_path):
    (tmp_path / "class" / "alice").mkdir(parents=True)
    (tmp_path / "class" / "alice" / f"{ASSIGNMENT}.ipynb").write_text(NB)
    found = collect(tmp_path / "class", [ASSIGNMENT], tmp_path / "staging")
    assert [s.student for s in found.submissions] == ["alice"]
    wrapped = tmp_path / "wrapped"
    for name in ("alice", "bob"):
        (wrapped / "submissions" / name).mkdir(parents=True)
        (wrapped / "submissions" / name / f"{ASSIGNMENT}.ipynb").write_text(NB)
    (wrapped / "README.md").write_text("the class")
    found = collect(wrapped, [ASSIGNMENT], tmp_path / "staging2")
    assert {s.student for s in found.submissions} == {"alice", "bob"} and found.stray == ["README.md"]


def test_a_notebook_without_a_student_is_stray(tmp_path):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / f"{ASSIGNMENT}.ipynb").write_text(NB)  # "01_neurons.ipynb": no <student>_ prefix
    (tmp_path / "class" / f"alice_{ASSIGNMENT}.ipynb").write_text(NB)
    found = collect(tmp_path / "class", [ASSIGNMENT], tmp_path / "staging")
    assert [s.student for s in found.submissions] == ["alice"] and found.stray == [f"{ASSIGNMENT}.ipynb"]
