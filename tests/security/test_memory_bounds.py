"""A small PDF that asks for gigabytes is refused before it is read, and the guidepress
program runs under a memory cap (``GUIDEPRESS_MEMORY_MB``): past it, a clear message
naming the file, exit 1, never a traceback. Sizes here are small, with the bounds
lowered to match."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib

import pytest
from conftest import FIXTURE_GUIDE, normalise

from guidepress import objstreams
from guidepress.check.pdf import check_pdf
from guidepress.errors import ContentError
from guidepress.memory import SETTING
from guidepress.owned import _pdf_made, is_ours


def _objects_file(objects: dict[int, bytes], info: int | None = None) -> bytes:
    """A PDF of ``objects`` (number: text), stored plainly, with a classic xref table."""
    body, offsets = b"%PDF-1.7\n", {}
    for number in sorted(objects):
        offsets[number] = len(body)
        body += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % size
    body += b"".join(b"%010d 00000 n \n" % offsets[n] if n in offsets else
                     b"0000000000 65535 f \n" for n in range(1, size))
    trailer = b"/Size %d /Root 1 0 R" % size + (b" /Info %d 0 R" % info if info else b"")
    return body + b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)


PAGES = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"}


def crowded_pdf(path, numbers: int, creator: bytes = b"guidepress 1.0"):
    """A few kilobytes: metadata saying guidepress made it, in one object stream
    (objects 4 and 5 in stream 6) beside an array of ``numbers`` zeros."""
    info, array = b"<< /Creator (%s) >>" % creator, b"[" + b"0 " * numbers + b"]"
    header = b"4 0 5 %d " % (len(info) + 1)
    packed = zlib.compress(header + info + b" " + array, 9)
    stream = b"<< /Type /ObjStm /N 2 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        len(header), len(packed)) + packed + b"\nendstream"
    plain = _objects_file({**PAGES, 6: stream}).split(b"xref\n")[0]
    offsets = {n: plain.index(b"\n%d 0 obj" % n) + 1 for n in (1, 2, 3, 6)}
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for number in range(1, 8):  # an xref stream: objects 4 and 5 live in stream 6
        rows.append(struct.pack(">BIH", 2, 6, number - 4) if number in (4, 5) else
                    struct.pack(">BIH", 1, len(plain) if number == 7 else offsets[number], 0))
    table = b"".join(rows)
    path.write_bytes(plain + b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Info 4 0 R "
                     b"/Length %d >>\nstream\n" % len(table) + table +
                     b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % len(plain))
    return path


@pytest.fixture
def few_parts(monkeypatch):
    monkeypatch.setattr(objstreams, "MAX_PARTS", 50_000)


def test_an_object_stream_holding_too_much_is_refused_before_it_is_read(tmp_path, few_parts,
                                                                        run_cli):
    path = crowded_pdf(tmp_path / "crowded.pdf", 200_000)
    assert path.stat().st_size < 4096
    with pytest.raises(ContentError, match="object streams hold more than 50,000 objects"):
        check_pdf(path)
    result = run_cli("check", path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "crowded.pdf" in normalise(result.stderr)


def test_an_object_stream_within_the_bound_is_checked(tmp_path, few_parts):
    findings = check_pdf(crowded_pdf(tmp_path / "fine.pdf", 1_000))
    assert findings and not any(f.check == "file" for f in findings)


def test_a_file_whose_metadata_would_take_too_much_to_read_is_not_ours(tmp_path, few_parts):
    small = crowded_pdf(tmp_path / "small.pdf", 1_000)
    assert _pdf_made(small) == "ours"  # its metadata says guidepress made it
    crowded = crowded_pdf(tmp_path / "handout.pdf", 200_000)
    assert _pdf_made(crowded) is None and not is_ours(crowded)


def _guidepress(*args, cwd, mb: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guidepress", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "200", SETTING: str(mb)})


def test_a_pdf_past_the_memory_cap_is_a_message(tmp_path):
    # one plain array of 3 million numbers: a 6 MB file qpdf builds into about 450 MB
    path = tmp_path / "numbers.pdf"
    path.write_bytes(_objects_file({**PAGES, 4: b"[" + b"0 " * 3_000_000 + b"]"}, info=4))
    result = _guidepress("check", path, cwd=tmp_path, mb=300)
    message = normalise(result.stderr)
    assert result.returncode == 1 and "Traceback" not in message, message
    assert "numbers.pdf: reading this PDF ran out of memory" in message
    assert f"300 MB guidepress may use (the {SETTING} setting" in message


@pytest.mark.parametrize("value", ["lots", "-5", "12", "100", "²", "99999999999999999999"])
def test_a_memory_cap_that_cannot_work_is_a_usage_error(tmp_path, value):
    assert _guidepress("--version", cwd=tmp_path, mb=0).returncode == 0  # 0: no cap
    result = subprocess.run([sys.executable, "-m", "guidepress", "--version"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, SETTING: value})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f'{SETTING}="{value}"' in normalise(result.stderr)


def test_a_batch_row_that_runs_out_of_memory_fails_alone(run_cli, tmp_path, monkeypatch):
    import guidepress.render.product as product

    real = product.write_document

    def exhausted(rendered, target):
        if "Bob" in str(target):
            raise MemoryError
        return real(rendered, target)

    monkeypatch.setattr(product, "write_document", exhausted)
    (tmp_path / "r.csv").write_text("id,patient,exercises\na1,Ana,bridge\na2,Bob,bridge\n"
                                    "a3,Cy,bridge\n")
    result = run_cli("batch", "r.csv", "--workers", 1, "--guide", FIXTURE_GUIDE)
    message = normalise(result.output)
    assert result.exit_code == 1 and "its sheet ran out of memory" in message, message
    rows = {row["id"]: row["status"] for row in
            json.loads((tmp_path / "output" / "manifest.json").read_text())["rows"]}
    assert rows == {"a1": "written", "a2": "failed", "a3": "written"}
    assert sorted(p.name for p in (tmp_path / "output").glob("*.pdf")) == ["a1-Ana.pdf", "a3-Cy.pdf"]


def test_batch_workers_share_the_memory_cap(monkeypatch):
    from guidepress.batch.worker import start_pool
    from guidepress.memory import WORKER_LEAST_MB, worker_share

    monkeypatch.setenv(SETTING, "2048")
    assert worker_share(1) == 2048 and worker_share(2) == 1024
    assert worker_share(32) == WORKER_LEAST_MB  # never below what a sheet needs
    pool = start_pool(3, ())
    assert pool._initargs[:2] == (682, 3)  # what each of three workers is given
    pool.shutdown()
    monkeypatch.setenv(SETTING, "0")
    assert worker_share(4) == 0


@pytest.mark.parametrize("mb, lowered", [(2048, True), (0, False)])
def test_a_pool_worker_lowers_the_cap_it_inherited_to_its_share(tmp_path, mb, lowered):
    code = ("import resource\nfrom guidepress.memory import cap_memory, cap_worker, out_of_memory\n"
            "cap_memory()\ncap_worker(600, 4)\nsoft = resource.getrlimit(resource.RLIMIT_DATA)[0]\n"
            "print(soft == resource.RLIM_INFINITY or soft // 2**20)\nprint(out_of_memory())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, env={**os.environ, SETTING: str(mb)})
    limit, message = result.stdout.splitlines()
    assert limit == ("600" if lowered else "True")
    assert ("600 MB each of the batch's 4 workers" in message) == lowered, message
