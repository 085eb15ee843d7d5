"""One notion of "up to date": content hashes, one link policy, written files checked by SHA-256."""

from __future__ import annotations

import os

import pytest

from guidepress.freshness import digest_files, inputs_hash, sha256_hex, still_there


def test_a_link_out_of_the_folder_is_noted_never_read(tmp_path):
    folder, outside = tmp_path / "guide", tmp_path / "secret.txt"
    folder.mkdir()
    outside.write_text("first")
    (folder / "notes.txt").symlink_to(outside)
    (folder / "guide.yaml").write_text("title: A")
    found = digest_files([folder])
    note = found[str(folder.resolve() / "notes.txt")]
    assert note == f"link to {outside.resolve()}"
    assert found[str(folder.resolve() / "guide.yaml")] == sha256_hex("title: A")
    before = inputs_hash(found, None, {})
    outside.write_text("second")  # what the link points at does not count
    assert inputs_hash(digest_files([folder]), None, {}) == before
    (folder / "notes.txt").unlink()
    (folder / "notes.txt").symlink_to(tmp_path / "elsewhere.txt")  # where it points does
    assert inputs_hash(digest_files([folder]), None, {}) != before


def test_a_link_inside_the_folder_is_read_and_a_pipe_is_not(tmp_path):
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    os.mkfifo(tmp_path / "pipe")
    found = digest_files([tmp_path])
    assert found[str(tmp_path.resolve() / "b.txt")] == sha256_hex("A")
    assert found[str(tmp_path.resolve() / "pipe")] == "not a file"


def test_the_hash_changes_with_the_options_and_the_files_chosen(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "f.css").write_text(name)
    found = digest_files([tmp_path / "one", tmp_path / "two"])
    one = inputs_hash(found, [tmp_path / "one"], {"paper": "a4"})
    assert one != inputs_hash(found, [tmp_path / "two"], {"paper": "a4"})
    assert one != inputs_hash(found, [tmp_path / "one"], {"paper": "letter"})
    (tmp_path / "two" / "f.css").write_text("changed")
    assert one == inputs_hash(digest_files([tmp_path / "one", tmp_path / "two"]),
                              [tmp_path / "one"], {"paper": "a4"})


@pytest.mark.parametrize("change", ["same", "padded", "edited", "gone"])
def test_a_written_file_is_still_there_only_byte_for_byte(tmp_path, change):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7 made")
    size, sha = 13, sha256_hex(b"%PDF-1.7 made")
    if change == "padded":
        (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7 mad!")
    elif change == "edited":
        (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7 made, edited")
    elif change == "gone":
        (tmp_path / "a.pdf").unlink()
    assert still_there(tmp_path, "a.pdf", size, sha) is (change == "same")
