"""The PDF step: the PDF for filing taken from the cache, or made in a process of its own.

WeasyPrint (and Pango) are imported in a forked process that makes the one PDF sent to it, while
the build writes the review pages beside; the PDF is keyed by the HTML, the attached files and
their date, so an unchanged page is not rendered again.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.errors import StageError
from ..base.hashing import sha256
from ..cache.identity import StepIdentity
from ..language import templating
from ..year.editions import Edition
from .step_log import StepRecord

if TYPE_CHECKING:
    from .steps import Context


class PdfMaker:
    """A process that makes the PDF beside the review pages (WeasyPrint is imported there)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_pdf_maker, args=(child,))
        self.process.start()
        child.close()
        self.started = time.perf_counter()
        self.making = False
        """A PDF was asked for and its result not yet read."""

    def make(self, job: tuple[str, Path, list[tuple[Path, str]], datetime]) -> None:
        """Start making the PDF (html, target, attachments, date)."""
        self.started = time.perf_counter()
        self.making = True
        self.connection.send(job)

    def result(self) -> tuple[str, float | None]:
        """Wait for the PDF: '' when made, else what went wrong; and the processor seconds its
        process took (None when it died)."""
        try:
            problem, cpu = self.connection.recv()
        except EOFError:
            problem, cpu = "the process making it died", None
        self.making = False
        self.process.join()
        return problem, cpu

    def close(self) -> None:
        """Stop the process (unused, or the build failed or was stopped meanwhile). A PDF still
        being made is not wanted any more: its process is stopped at once, not waited for (a
        preview's newer save would otherwise wait seconds for a PDF it throws away)."""
        if self.making:
            self.process.kill()
        with contextlib.suppress(OSError):
            self.connection.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def _pdf_maker(connection: Connection) -> None:
    """In the forked process: import WeasyPrint, then make the one PDF sent (None: stop)."""
    try:
        # WeasyPrint (about 0.6 s to import, and its memory) only in this forked process
        from ..render import pdf

        job = connection.recv()
        if job is None:
            return
        html, target, attachments, built_at = job
        embedded = [pdf.EmbeddedFile(path, description) for path, description in attachments]
        pdf.write_pdf(html, target, embedded, created=built_at)
        connection.send(("", time.process_time()))  # a forked process counts from naught
    except (EOFError, KeyboardInterrupt):
        pass
    except Exception as error:  # reported by the build as one line
        problem = f"{type(error).__name__}: {' '.join(str(error).split())[:300]}"
        connection.send((problem, time.process_time()))
    finally:
        connection.close()


def _attachments(
    ctx: Context, resolved: Path, manifest: Path, edition: Edition
) -> list[tuple[Path, str]]:
    """The files attached to the PDF, each with its description in the edition's language: the
    technical trail of the appendix (each figure's notebook and cell, the parameters, the
    inputs' checksums) and the review record in the edition's language."""

    texts = templating.macros("bijzonder_verslag/metadata.txt.j2", edition.language)
    attached = [
        (ctx.staging / "figures.csv", texts.figures_attachment(ctx.year)),
        (resolved, texts.params_attachment(ctx.year)),
        (manifest, texts.manifest_attachment(ctx.year)),
    ]
    record = ctx.review_dir / edition.record_file
    if record.is_file():
        attached.append((record, texts.record_attachment(ctx.year)))
    return attached


def pdf_identity(
    html: Path, attachments: Iterable[tuple[Path, str]], built_at: str
) -> StepIdentity:
    """The identity of an edition's PDF: the HTML it is printed from, the attached files with
    their descriptions, and the date it carries (its style sheet and fonts are declared)."""
    attached = [[sha256(path), description] for path, description in attachments]
    return StepIdentity("pdf", content=[sha256(html), attached, built_at])


@dataclass
class PdfJob:
    """The PDF: taken from the cache, or being made (``maker``) under ``key``."""

    key: str
    target: Path
    step: str
    """The step's name in the build's record: 'pdf', 'pdf fr'."""
    maker: PdfMaker | None = None


def start_pdf(
    ctx: Context, edition: Edition, html: str, resolved: Path, manifest: Path, built_at: datetime
) -> PdfJob:
    """The PDF of ``edition`` for filing, with the figures, the parameters (``resolved``) and
    the manifest attached: from the cache (keyed by the HTML, the attachments and their date),
    or started in a process of its own."""
    target = ctx.staging / edition.pdf_file
    step = "pdf" if edition.principal else f"pdf {edition.language}"
    attachments = _attachments(ctx, resolved, manifest, edition)
    return _start(ctx, target, step, html, attachments, built_at)


def start_record_pdf(ctx: Context, edition: Edition, html: str, built_at: datetime) -> PdfJob:
    """The review record of ``edition``'s language (``review/record.py``) as a PDF in the review
    folder: from the cache (keyed by its HTML and date), or started in a process of its own."""
    target = ctx.review_dir / edition.record_file
    step = "record" if edition.principal else f"record {edition.language}"
    return _start(ctx, target, step, html, [], built_at)


def _start(
    ctx: Context,
    target: Path,
    step: str,
    html: str,
    attachments: list[tuple[Path, str]],
    built_at: datetime,
) -> PdfJob:
    html_file = ctx.staging / f".for-pdf-{target.stem}.html"
    html_file.write_text(html, encoding="utf-8")
    key = pdf_identity(html_file, attachments, built_at.isoformat()).key()
    html_file.unlink()
    found = ctx.run.store.find("pdf", key)
    if found is not None:
        shutil.copy2(found / target.name, target)
        ctx.run.steps.cached(step, key)
        return PdfJob(key, target, step)
    maker = PdfMaker()
    maker.make((html, target, attachments, built_at))
    return PdfJob(key, target, step, maker)


@contextlib.contextmanager
def side_by_side() -> Iterator[list[PdfJob]]:
    """A list to start PDF jobs into; on the way out (done, failed or stopped) every process
    still making one is stopped."""
    jobs: list[PdfJob] = []
    try:
        yield jobs
    finally:
        for job in jobs:
            if job.maker is not None:
                job.maker.close()


def finish_pdf(ctx: Context, job: PdfJob) -> None:
    """Wait for the PDF; store it in the cache, or raise what went wrong."""
    if job.maker is None:
        return
    problem, cpu = job.maker.result()
    if problem:
        raise StageError(f"the PDF {job.target.name} could not be made: {problem}")
    ctx.run.store.put("pdf", job.key, [job.target])
    seconds = round(time.perf_counter() - job.maker.started, 3)
    why = "HTML of bijlagen gewijzigd"
    ctx.run.steps.add(StepRecord(job.step, "ran", seconds, job.key, why, cpu and round(cpu, 3)))
