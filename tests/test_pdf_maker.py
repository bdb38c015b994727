"""The PDF step's process: a PDF still being made when the build stops is not waited for."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from sociaal_verslag.build import pdf_step
from sociaal_verslag.render import pdf


@pytest.fixture
def slow_pdf(monkeypatch: pytest.MonkeyPatch, tmp_path):
    """The maker's PDF takes a minute (patched before the fork, so the process has it too)."""

    def write_pdf(html, target, embedded, created):
        time.sleep(60)

    monkeypatch.setattr(pdf, "write_pdf", write_pdf)
    return ("<p>x</p>", tmp_path / "x.pdf", [], datetime(2025, 1, 1, tzinfo=UTC))


def test_a_pdf_being_made_is_stopped_at_once_when_the_build_stops(slow_pdf):
    maker = pdf_step.PdfMaker()
    maker.make(slow_pdf)
    time.sleep(0.3)  # the maker has the job
    started = time.perf_counter()
    maker.close()
    # Not the 5 s an idle maker is given to end, nor the PDF's minute.
    assert time.perf_counter() - started < 3
    assert not maker.process.is_alive()


def test_an_idle_maker_ends_of_itself(tmp_path):
    maker = pdf_step.PdfMaker()
    maker.close()
    assert maker.process.exitcode == 0  # told to stop, not killed


def test_a_made_pdf_is_read_then_the_maker_ends(monkeypatch: pytest.MonkeyPatch, tmp_path):
    def write_pdf(html, target, embedded, created):
        target.write_text(html)

    monkeypatch.setattr(pdf, "write_pdf", write_pdf)
    maker = pdf_step.PdfMaker()
    maker.make(("<p>x</p>", tmp_path / "x.pdf", [], datetime(2025, 1, 1, tzinfo=UTC)))
    problem, cpu = maker.result()
    assert problem == "" and cpu is not None and cpu >= 0  # its process's own processor time
    assert not maker.making
    maker.close()
    assert maker.process.exitcode == 0
    assert (tmp_path / "x.pdf").read_text() == "<p>x</p>"
