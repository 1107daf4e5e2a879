"""Helpers for tests/test_grading.py: a hostile class and file-system snapshots."""
