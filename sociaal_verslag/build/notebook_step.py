"""The notebook step: every chapter notebook executed into the review folder, from the cache
when nothing it read has changed, else run (side by side) and stored.

A run's key has two parts (``build/read_sets.py``): what is known before it runs (its code, the
parameters it is given and reads, the registers it declares, its kernel's environment:
:func:`notebook_identity`) and what its kernel recorded that it read (``notebook/file_audit.py``).
A run is stored as ``FIRST-SECOND``; a later build takes one whose first part is the same and whose
files and folders are all still as they were read. A run whose reads could not be recorded (it
started a program, opened a connection) is not stored, with a warning.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from ..base.errors import StageError
from ..base.hashing import sha256
from ..base.paths import BUILD_PARAMS_FILE, absolute, relative_to_root
from ..cache.identity import StepIdentity
from ..cache.store import Store, digest
from ..execution import pool
from ..notebook.sources import NotebookSource
from ..registers.exports import ExportError, find_file
from ..registers.loading import REGISTERS
from ..review import pages as review
from ..year import params as params_module
from . import read_sets
from .step_log import StepRecord

if TYPE_CHECKING:
    from .steps import Context


def notebook_parameters(year: int) -> dict[str, Any]:
    """What papermill injects into every chapter notebook of a build: the year, and the build's
    own parameters file (``params.yaml`` at the top of the build's folder) named from the
    review folder, where the notebook runs and is kept. The executed notebook so reads the
    parameters as used wherever its build is published or copied to, and runs again in place."""
    build_params = Path(BUILD_PARAMS_FILE)
    from_review = Path(os.path.relpath(build_params, review.REVIEW_DIR)).as_posix()
    return {"year": year, "params_file": from_review}


def previous_register_files(
    report_params: params_module.ReportParams, sources: Sequence[NotebookSource]
) -> dict[str, Path | None]:
    """Last year's register files that the notebooks load for the comparison, by register
    (None: two candidate files, which the notebook's load reports)."""

    previous = report_params.previous
    if previous is None:
        return {}
    files: dict[str, Path | None] = {}
    for name in sorted({name for source in sources for name in source.previous_registers}):
        try:
            files[name] = find_file(absolute(previous.data_dir), name, previous.registers.get(name))
        except ExportError:
            files[name] = None
    return files


def _previous_registers(
    report_params: params_module.ReportParams, sources: Sequence[NotebookSource]
) -> dict[str, str]:
    """sha256 of last year's register files that the notebooks load (for the comparison)."""
    return {
        name: "ambiguous" if path is None else _sha256_or_missing(path)
        for name, path in previous_register_files(report_params, sources).items()
    }


def _sha256_or_missing(path: Path) -> str:
    return sha256(path) if path.is_file() else "missing"


def register_shas(report_params: params_module.ReportParams) -> dict[str, str]:
    """sha256 of this year's register files, as found (before or without validation)."""

    shas = {}
    for name in REGISTERS:
        try:
            path = find_file(report_params.data_path, name, report_params.registers.get(name))
        except ExportError:
            continue
        if path.is_file():
            shas[name] = sha256(path)
    return shas


def notebook_identity(
    source: NotebookSource,
    parameters: Mapping[str, Any],
    raw_params: Mapping[str, Any],
    registers: Mapping[str, str],
    previous_registers: Mapping[str, str],
    kernel: Mapping[str, Any],
) -> StepIdentity:
    """The first part of a notebook run's identity: what is known before it runs.

    ``parameters``: what papermill injects; of the parameters file they name only the part the
    notebook reads counts (``raw_params``, as written), so a run stays valid when a parameter it
    does not read changes. ``registers``/``previous_registers``: sha256 of this year's and last
    year's register files, of which only those the notebook loads count. ``kernel``: its
    environment and spec (``pool.kernel_key``). The code it runs and every other file it reads
    are the second part (:func:`run_key`).
    """
    return StepIdentity(
        "notebook",
        content=sha256(source.path),
        parameters={"injected": dict(parameters), "read": source.params_read(raw_params)},
        registers={
            "this year": {name: registers.get(name) for name in source.registers},
            "last year": {name: previous_registers.get(name) for name in source.previous_registers},
        },
        kernel=kernel,
    )


def run_key(first: str, reads: Mapping[str, Any]) -> str:
    """The key a run is stored under: its first part, then what it read."""
    return f"{first}-{digest(['reads', reads])}"


def plan_notebooks(
    year: int,
    report_params: params_module.ReportParams,
    raw_params: dict[str, Any],
    sources: Sequence[NotebookSource],
    registers: dict[str, str],
) -> list[tuple[NotebookSource, str]]:
    """Each notebook with the first part of the key of its run: what is known before it runs
    (the second part is what it read, see :func:`find_run`)."""
    parameters = notebook_parameters(year)
    previous = _previous_registers(report_params, sources)
    kernel = pool.kernel_key()
    return [
        (
            source,
            notebook_identity(source, parameters, raw_params, registers, previous, kernel).key(),
        )
        for source in sources
    ]


def given_to_kernels(ctx: Context) -> read_sets.Given:
    """What this build gives every kernel and keys otherwise: the parameters file, the index of
    the validated registers and their Parquet copies."""
    stored = {
        os.path.realpath(entry.parquet): f"registers/{entry.key}"
        for entry in ctx.validated.entries.values()
    }
    # The registers' index, and the folders the notebooks run in (the build's parameters, as
    # setup() reads them, are not recorded: file_audit.keyed_elsewhere).
    elsewhere = [ctx.run.index_path, ctx.staging, ctx.review_dir]
    return read_sets.Given(
        keyed_elsewhere=frozenset(os.path.realpath(path) for path in elsewhere),
        stored=stored,
        store_roots=tuple(os.path.join(os.path.realpath(root), "") for root in ctx.run.store.roots),
        staging=os.path.realpath(ctx.staging),
    )


def find_run(store: Store, first: str, given: read_sets.Given | None) -> tuple[str, Path] | None:
    """A stored run whose first key part is ``first`` and whose reads are unchanged: its key
    and folder (None: the notebook runs)."""
    for key, _ in store.variants("notebooks", first):
        found = store.find("notebooks", key)
        if found is None:
            continue
        try:
            reads = Store.meta(found)["reads"]
        except (OSError, ValueError, KeyError):
            continue
        if read_sets.unchanged(reads, given):
            return key, found
    return None


def run_notebooks(ctx: Context) -> list[Path]:
    """Every chapter notebook executed into the review folder: from the cache when a run of
    it read nothing that has changed since, else run (side by side) and stored."""
    parameters = notebook_parameters(ctx.year)
    registers = {name: entry.sha256 for name, entry in ctx.validated.entries.items()}
    inputs = ctx.inputs
    plan = plan_notebooks(ctx.year, ctx.params, inputs.raw_params, inputs.sources, registers)
    given = given_to_kernels(ctx)
    to_run: list[tuple[pool.Job, str]] = []
    executed = []
    for source, first in plan:
        target = ctx.review_dir / source.path.name
        found = find_run(ctx.run.store, first, given)
        if found is not None:
            key, folder = found
            shutil.copy2(folder / source.path.name, target)
            ctx.run.steps.cached(f"notebook {source.name}", key)
        else:
            job = pool.Job(
                source.name,
                source.path,
                target,
                parameters,
                ctx.params.cell_timeout_seconds,
                _weight(ctx, source),
            )
            to_run.append((job, first))
        executed.append(target)
    if to_run:
        _run(ctx, to_run, given)
    return executed


def _weight(ctx: Context, source: NotebookSource) -> int:
    """Bytes of this year's register files the notebook loads."""
    entries = ctx.validated.entries
    return sum(
        absolute(entries[name].file).stat().st_size for name in source.registers if name in entries
    )


def _run(ctx: Context, to_run: Sequence[tuple[pool.Job, str]], given: read_sets.Given) -> None:

    pool.check_kernel()
    cached = len(ctx.inputs.sources) - len(to_run)
    bar = tqdm(
        total=len(ctx.inputs.sources),
        initial=cached,
        desc=f"notebooks {ctx.year}",
        unit="nb",
        disable=not ctx.run.progress,
        file=sys.stderr,
    )

    def report(finished: str, running: Sequence[str]) -> None:
        if finished:
            bar.update(1)
        note = f"running: {', '.join(running)}" if running else ""
        bar.set_postfix_str(note + (f"; from cache: {cached}" if cached else ""), refresh=True)

    # The kernels find the validated registers through this index (see validated.py).
    ctx.validated.write_index(ctx.run.index_path, ctx.params.data_path, ctx.year)
    try:
        outcomes = ctx.run.pool.run([job for job, _ in to_run], report)
    except pool.NotebookFailedError as failure:
        job = next(job for job, _ in to_run if job.name == failure.outcome.name)
        raise notebook_failed(job.executed, ctx, failure.outcome.message) from None
    finally:
        bar.close()
    for job, first in to_run:
        _keep(ctx, job, first, outcomes[job.name], given)


def _keep(
    ctx: Context, job: pool.Job, first: str, outcome: pool.Outcome, given: read_sets.Given
) -> None:
    """Store a finished run under its key, with what it read; or say why it is not stored."""
    seconds, cpu = round(outcome.seconds, 3), outcome.cpu and round(outcome.cpu, 3)
    name = f"notebook {job.name}"
    reads, reason = read_sets.from_record(outcome.reads, given)
    if reads is None:
        ctx.warnings.append(f"notebook {job.name} is not kept in the cache: {reason}")
        why = "niet bewaard: wat het las, kon niet worden vastgelegd"
        ctx.run.steps.add(StepRecord(name, "ran", seconds, None, why, cpu))
        return
    key = run_key(first, reads)
    ctx.run.store.put("notebooks", key, [job.executed], {"reads": reads})
    ctx.run.steps.add(StepRecord(name, "ran", seconds, key, "invoer gewijzigd", cpu))


def notebook_failed(executed: Path, ctx: Context, reason: str) -> StageError:
    """The error for a notebook that stopped, its review page written with the cell marked."""
    cell = review.write_failed_notebook_html(executed, ctx.run.editions[0], reason)
    failed_review = ctx.failed / review.REVIEW_DIR
    where = ""
    if cell:
        where = (
            f", cell {cell.number} (id {cell.cell_id})" if cell.number else f", cell {cell.cell_id}"
        )
    page = failed_review / executed.with_suffix(".html").name
    see = (
        f"{relative_to_root(page)}#{review.FAILED_ANCHOR}"
        if cell
        else relative_to_root(failed_review / executed.name)
    )
    return StageError(f"{executed.stem}{where} failed: {reason}; see {see}")
