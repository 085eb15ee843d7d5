"""Tests of guidepress serve (a package, so that its conftest is not taken for the suite's)."""
