"""Mutation testing of the modules where a mistake publishes something wrong or unsafe.

``make mutants`` (or ``python tools/mutants.py [GROUP ...]``) runs cosmic-ray over each group of
``tests/mutants.yaml``: every small mistake cosmic-ray can make in the group's modules (an
operator, a comparison, a constant, a removed decorator...) is made, one at a time, and the
group's tests are run against it. A mistake the tests do not notice is a survivor. It prints,
per module, the mutants made, killed and surviving and the score, and writes every survivor
(file, line, column, operator) to ``output/mutants/survivors.txt``; docs/mutants.md says which
survivors are equivalent (no test could tell them from the original) and why.

The mutations are made in copies of the project under ``output/mutants/`` (one per worker),
never in the working tree; the groups run side by side, one per processor.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from queue import Queue

import yaml

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ROOT / "tests" / "mutants.yaml"
OUT = ROOT / "output" / "mutants"
COSMIC_RAY = Path(sys.executable).with_name("cosmic-ray")
TIMEOUT_SECONDS = 120.0
"""A mutant whose tests take longer (an endless loop) counts as killed: cosmic-ray's rule."""


@dataclass
class Group:
    """Modules and the tests that must catch a mistake in them."""

    name: str
    modules: list[str]
    tests: list[str]
    select: str | None = None


@dataclass
class Outcome:
    """What the mutants of one module gave."""

    module: str
    killed: int = 0
    survived: list[str] = field(default_factory=list)
    incompetent: int = 0
    """Mutants that do not even import (cosmic-ray's word): not counted in the score."""
    annotations: int = 0
    """Mutants of a type annotation, which a module with ``from __future__ import annotations``
    never evaluates: equivalent, not counted in the score."""

    @property
    def made(self) -> int:
        return self.killed + len(self.survived)

    @property
    def score(self) -> float:
        return 100.0 * self.killed / self.made if self.made else 100.0


def read_groups(path: Path = TARGETS) -> list[Group]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Group(name, **entry) for name, entry in data.items()]


def copy_project(target: Path) -> None:
    """The project's files (tracked, and new ones not ignored) into ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    if target.exists():
        shutil.rmtree(target)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def annotation_spans(path: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where the type annotations of a module are (start and end, line and column), when the
    module postpones their evaluation (PEP 563); none otherwise."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    postponed = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )
    if not postponed:
        return []
    found = []
    for node in ast.walk(tree):
        annotations = []
        if isinstance(node, ast.arg | ast.AnnAssign):
            annotations.append(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            annotations.append(node.returns)
        for annotation in filter(None, annotations):
            found.append(
                (
                    (annotation.lineno, annotation.col_offset),
                    (annotation.end_lineno, annotation.end_col_offset),
                )
            )
    return found


def _config(group: Group, module: str) -> str:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *group.tests]
    if group.select:
        command += ["-k", group.select]
    return "\n".join(
        [
            "[cosmic-ray]",
            f"module-path = {json.dumps(module)}",
            f"timeout = {TIMEOUT_SECONDS}",
            "excluded-modules = []",
            f"test-command = {json.dumps(' '.join(command))}",
            "",
            "[cosmic-ray.distributor]",
            'name = "local"',
            "",
        ]
    )


def mutate_module(group: Group, module: str, work: Path) -> Outcome:
    """Run every mutant of ``module`` (a file) in the copy ``work``."""
    slug = module.replace("/", "-")
    config, session = work / f"{slug}.toml", work / f"{slug}.sqlite"
    config.write_text(_config(group, module), encoding="utf-8")
    session.unlink(missing_ok=True)
    # The copy's package first: the tests import what is mutated, not the working tree.
    environment = {**os.environ, "PYTHONPATH": str(work)}
    for step in ("init", "exec"):
        subprocess.run(
            [str(COSMIC_RAY), step, str(config), str(session)],
            cwd=work,
            env=environment,
            check=True,
            capture_output=True,
        )
    dumped = subprocess.run(
        [str(COSMIC_RAY), "dump", str(session)], cwd=work, check=True, capture_output=True
    ).stdout.decode()
    outcome = Outcome(module)
    spans = annotation_spans(work / module)
    for line in filter(None, dumped.splitlines()):
        item, result = json.loads(line)
        mutation = item["mutations"][0]
        found = (result or {}).get("test_outcome")
        at = tuple(mutation["start_pos"])
        if any(start <= at < end for start, end in spans):
            outcome.annotations += 1
        elif found == "killed":
            outcome.killed += 1
        elif found == "survived":
            row, column = mutation["start_pos"]
            outcome.survived.append(f"{module}:{row}:{column} {mutation['operator_name']}")
        else:
            outcome.incompetent += 1
    return outcome


def _files(group: Group) -> list[str]:
    files = []
    for module in group.modules:
        path = ROOT / module
        found = sorted(path.glob("*.py")) if path.is_dir() else [path]
        files += [p.relative_to(ROOT).as_posix() for p in found if p.name != "__init__.py"]
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help="groups of tests/mutants.yaml (default: all)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--only",
        action="append",
        metavar="FILE",
        help="only these modules of the groups (e.g. sociaal_verslag/metrics/_common.py);"
        " may be given again",
    )
    arguments = parser.parse_args(argv)
    groups = read_groups()
    unknown = set(arguments.groups) - {group.name for group in groups}
    if unknown:
        parser.error(f"unknown group {', '.join(sorted(unknown))}: see {TARGETS.name}")
    chosen = [g for g in groups if not arguments.groups or g.name in arguments.groups]
    jobs = [(group, module) for group in chosen for module in _files(group)]
    if arguments.only:
        outside = set(arguments.only) - {module for _, module in jobs}
        if outside:
            parser.error(f"not a module of the groups chosen: {', '.join(sorted(outside))}")
        jobs = [job for job in jobs if job[1] in arguments.only]
    # The largest modules first, so that the longest runs do not start last.
    jobs.sort(key=lambda job: (ROOT / job[1]).stat().st_size, reverse=True)
    workers: Queue[Path] = Queue()
    for number in range(max(1, min(arguments.jobs, len(jobs)))):
        work = OUT / f"work-{number}"
        copy_project(work)
        workers.put(work)

    def run(job: tuple[Group, str]) -> tuple[Outcome, float]:
        work = workers.get()
        try:
            started = time.monotonic()
            return mutate_module(*job, work), time.monotonic() - started
        finally:
            workers.put(work)

    print(
        f"{'module':44} {'mutants':>7} {'killed':>6} {'survive':>7} {'score':>6}"
        f" {'annot.':>6} {'time':>6}"
    )
    results = []
    with ThreadPoolExecutor(workers.qsize()) as pool:
        for done in as_completed([pool.submit(run, job) for job in jobs]):
            outcome, seconds = done.result()
            results.append((outcome, seconds))
            print(  # as each module is done: a long run can be read while it goes on
                f"{outcome.module:44} {outcome.made:7} {outcome.killed:6}"
                f" {len(outcome.survived):7} {outcome.score:5.1f}% {outcome.annotations:6}"
                f" {seconds:5.0f}s",
                flush=True,
            )
            survivors = [line for outcome, _ in results for line in outcome.survived]
            (OUT / "survivors.txt").write_text("\n".join(survivors) + "\n", encoding="utf-8")
    print("annot.: mutants of a type annotation, never evaluated: equivalent, not in the score")
    print(f"survivors: {OUT.relative_to(ROOT) / 'survivors.txt'} (docs/mutants.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
