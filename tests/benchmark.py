"""The build's speed and memory, printed (never asserted): python tests/benchmark.py [--pairs N]

Not collected by pytest: timings belong here, measured as whole processes side by side in one
run, because these machines are shared and noisy (quote the ratios and medians). It prints:

0. a cold build's profile: each step's wall and processor seconds, and the shares of kernel
   start-up and imports, notebook compute, chart drawing, page rendering and the PDF in the
   processor time of every process it started;
1. the naive loop an analyst would write with the bare tools (one ``papermill`` command per
   chapter notebook, ``jupyter nbconvert --to html --no-input``, ``weasyprint`` per page)
   against a cold ``sociaal-verslag build`` (empty cache), in pairs, and their ratio;
2. a rebuild with nothing changed (and whether its documents are byte-identical);
3. a rebuild after one sentence of the narrative changed, and after one register row changed
   (which notebooks ran again);
4. the registers ×10 (``data/generate_sample_data.py --scale 10``) against ×1, cold, in pairs:
   the ratio, and the peak memory of the whole process tree (sum of the processes' PSS);
5. the preview, in a real browser: a saved sentence, and a changed register row with its receipt,
   until the page shows the new build, against their targets (``tests/benchmark_preview.py``).

``--only preview`` (or ``profile``, ``naive``, ``rebuilds``, ``scale``) runs some parts only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from benchmark_preview import preview_latency, row_changed  # run as a script: tests/ is on the path

from sociaal_verslag.year import chapters

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
YEAR = 2025
DOCUMENTS = ("bijzonder-verslag-2025.html", "bijzonder-verslag-2025.pdf", "figures.json")


@dataclass(frozen=True)
class Run:
    """One command's wall time, processor time (every process it started included) and the
    peak memory of its process tree."""

    seconds: float
    peak_mib: float
    cpu: float = 0.0


def measure(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run ``command`` (failing loudly), sampling the PSS of its whole process tree."""
    started, before = time.perf_counter(), _children_cpu()
    # The command's messages go to a file: a pipe that nobody reads blocks a talkative command.
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=errors,
            text=True,
        )
        root, peak = psutil.Process(process.pid), 0
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(_pss(member) for member in tree))
            except psutil.Error:
                pass
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        if process.returncode:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command[:4])} failed:\n{errors.read()[-3000:]}")
    return Run(seconds, peak / 2**20, _children_cpu() - before)


def _children_cpu() -> float:
    """Processor seconds of this process's ended children and everything they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _pss(process: psutil.Process) -> int:
    try:
        return process.memory_full_info().pss
    except psutil.Error:
        return 0


def naive_loop(out: Path) -> list[str]:
    """The bare tools, one after the other, as a shell script."""
    lines = ["set -e"]
    for notebook in chapters.notebooks(chapters.listed()):
        lines.append(
            f"{BIN}/papermill -k sociaal-verslag --no-progress-bar"
            f" -p year {YEAR} -p params_file params/{YEAR}.yaml"
            f" {notebook} {out}/{notebook.name} > /dev/null 2>&1"
        )
    lines.append(f"{BIN}/jupyter nbconvert --to html --no-input {out}/*.ipynb > /dev/null 2>&1")
    lines.append(f"for page in {out}/*.html; do {BIN}/weasyprint $page ${{page%.html}}.pdf; done")
    return ["bash", "-c", "\n".join(lines)]


def build(out: Path, *options: str) -> list[str]:
    """``sociaal-verslag build`` into ``out``."""
    return [str(BIN / "sociaal-verslag"), "build", str(YEAR), "-q", "--out", str(out), *options]


def _median(runs: list[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def _documents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in DOCUMENTS}


def _ran(folder: Path) -> list[str]:
    steps = json.loads((folder / "manifest.json").read_text("utf-8"))["steps"]
    return [
        step["name"].removeprefix("notebook ")
        for step in steps
        if step["name"].startswith("notebook ") and step["status"] == "ran"
    ]


SHARES = {
    "kernel start-up and imports": "each kernel's processor time but its cells'",
    "notebook compute": "the cells that compute figures",
    "chart drawing": "the cells that draw charts (every language and layout)",
    "page rendering": "the HTML pages, the review pages and records",
    "PDF": "laying out and writing the PDFs",
}


def profile(scratch: Path) -> None:
    """0. Where a cold build of both editions spends its time: each step's wall and processor
    seconds (manifest.json), and the shares of the processor time over every process."""
    out = scratch / "profile"
    run = measure(build(out), {"SOCIAAL_VERSLAG_CACHE": str(scratch / "cache-profile")})
    steps = json.loads((out / str(YEAR) / "manifest.json").read_text("utf-8"))["steps"]
    print(f"cold build: wall {run.seconds:.1f} s, processor {run.cpu:.1f} s (every process)")
    print(f"  {'step':36}{'wall s':>8}{'CPU s':>8}")
    for step in steps:
        cpu = "" if step.get("cpu") is None else f"{step['cpu']:.2f}"
        print(f"  {step['name']:36}{step['seconds']:8.2f}{cpu:>8}")
    charts, compute = _cell_seconds(out / str(YEAR) / "review")
    cpu = {step["name"]: step.get("cpu") or 0.0 for step in steps}
    kernels = sum(value for name, value in cpu.items() if name.startswith("notebook "))
    pages = ("html", "review page", "record")
    shares = {
        "kernel start-up and imports": kernels - charts - compute,
        "notebook compute": compute,
        "chart drawing": charts,
        "page rendering": sum(v for name, v in cpu.items() if name.startswith(pages)),
        "PDF": sum(value for name, value in cpu.items() if name.startswith("pdf")),
    }
    shares["the rest (the build's imports, checks, text, cache)"] = run.cpu - sum(shares.values())
    print("  share of the processor time:")
    for name, seconds in shares.items():
        print(f"    {name:52}{seconds:6.1f} s  {seconds / run.cpu:4.0%}")


def _cell_seconds(review: Path) -> tuple[float, float]:
    """The seconds the executed notebooks' cells took (papermill's record): those that draw a
    chart, and the others."""
    charts = compute = 0.0
    for notebook in sorted(review.glob("*.ipynb")):
        for cell in json.loads(notebook.read_text("utf-8"))["cells"]:
            seconds = cell.get("metadata", {}).get("papermill", {}).get("duration") or 0.0
            if cell["cell_type"] != "code":
                continue
            if "chart(" in "".join(cell["source"]):
                charts += seconds
            else:
                compute += seconds
    return charts, compute


def cold_against_naive(pairs: int, scratch: Path) -> None:
    """1. The naive loop against a cold build, in pairs: the Dutch report alone (what the naive
    loop makes), then both editions (Dutch and French, the default for 2025)."""
    naive, cold, both = [], [], []
    for pair in range(pairs):
        loop_out = scratch / f"naive-{pair}"
        loop_out.mkdir()
        naive.append(measure(naive_loop(loop_out)))
        cache = {"SOCIAAL_VERSLAG_CACHE": str(scratch / f"cache-cold-{pair}")}
        cold.append(measure(build(scratch / f"cold-{pair}", "--lang", "nl"), cache))
        cache = {"SOCIAAL_VERSLAG_CACHE": str(scratch / f"cache-both-{pair}")}
        both.append(measure(build(scratch / f"both-{pair}"), cache))
    print(f"naive loop (papermill ×5, nbconvert, weasyprint): median {_median(naive):5.1f} s")
    for name, runs in (("Dutch report", cold), ("Dutch and French", both)):
        ratios = [c.seconds / n.seconds for c, n in zip(runs, naive, strict=True)]
        print(f"cold build, {name + ' (HTML + PDF):':34}median {_median(runs):5.1f} s")
        print(
            f"  ratio cold / naive, per pair: {', '.join(f'{r:.2f}' for r in ratios)}"
            f"  (median {statistics.median(ratios):.2f})"
        )


def rebuilds(scratch: Path) -> None:
    """2. and 3. Rebuilds: nothing changed, one sentence, one register row."""
    data, text = scratch / "data", scratch / "text"
    shutil.copytree(ROOT / "data" / str(YEAR), data)
    (data / "PROVENANCE.yaml").unlink()  # a register row is changed on purpose below
    shutil.copytree(ROOT / "notebooks" / "narrative" / str(YEAR), text)
    out = scratch / "rebuilds"
    env = {"SOCIAAL_VERSLAG_CACHE": str(scratch / "cache-rebuilds")}
    options = ["-p", f"data_dir={data}", "-p", f"narrative_dir={text}"]
    measure(build(out, *options), env)
    before = _documents(out / str(YEAR))
    same = [measure(build(out, *options), env) for _ in range(3)]
    identical = _documents(out / str(YEAR)) == before
    print(
        f"rebuild, nothing changed:  median {_median(same):5.2f} s"
        f" (3 runs), documents byte-identical: {'yes' if identical else 'NO'}"
    )

    chapter = text / "03-dynamiek.md"
    chapter.write_text(
        chapter.read_text("utf-8").replace("was een goed jaar", "was een heel goed jaar"), "utf-8"
    )
    sentence = measure(build(out, *options), env)
    print(
        f"rebuild, one sentence:     {sentence.seconds:5.2f} s,"
        f" notebooks that ran: {', '.join(_ran(out / str(YEAR))) or 'none'}"
    )

    row_changed(data, 1)
    register = measure(build(out, *options), env)
    print(
        f"rebuild, one register row: {register.seconds:5.2f} s,"
        f" notebooks that ran: {', '.join(_ran(out / str(YEAR))) or 'none'}"
    )


def scale(pairs: int, scratch: Path, factor: int = 10) -> None:
    """4. The registers ×10 against ×1, cold, in pairs, with the peak memory."""
    big = scratch / f"data-x{factor}"
    subprocess.run(
        [
            sys.executable,
            "data/generate_sample_data.py",
            str(YEAR),
            "--scale",
            str(factor),
            "--out",
            str(big),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    small_runs, big_runs = [], []
    for pair in range(pairs):
        env = {"SOCIAAL_VERSLAG_CACHE": str(scratch / f"cache-x1-{pair}")}
        small_runs.append(measure(build(scratch / f"x1-{pair}"), env))
        env = {"SOCIAAL_VERSLAG_CACHE": str(scratch / f"cache-x{factor}-{pair}")}
        big_runs.append(measure(build(scratch / f"x{factor}-{pair}", "-p", f"data_dir={big}"), env))
    ratios = [b.seconds / s.seconds for b, s in zip(big_runs, small_runs, strict=True)]
    print(
        f"cold build ×1:  median {_median(small_runs):5.1f} s,"
        f" peak memory of the process tree {max(r.peak_mib for r in small_runs):5.0f} MiB"
    )
    print(
        f"cold build ×{factor}: median {_median(big_runs):5.1f} s,"
        f" peak memory of the process tree {max(r.peak_mib for r in big_runs):5.0f} MiB"
    )
    print(
        f"  ratio ×{factor} / ×1, per pair: {', '.join(f'{r:.2f}' for r in ratios)}"
        f"  (median {statistics.median(ratios):.2f})"
    )


PARTS = ["profile", "naive", "rebuilds", "scale", "preview"]


def main() -> None:
    """Print every measurement of the module's docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3, help="pairs of runs per comparison")
    parser.add_argument(
        "--only", nargs="+", choices=PARTS, default=PARTS, help="the parts to run (default: all)"
    )
    arguments = parser.parse_args()
    print(f"machine: {os.cpu_count()} processors; Python {sys.version.split()[0]}", flush=True)
    with tempfile.TemporaryDirectory(prefix="sv-benchmark-") as folder:
        scratch = Path(folder)
        if "profile" in arguments.only:
            profile(scratch)
        if "naive" in arguments.only:
            cold_against_naive(arguments.pairs, scratch)
        if "rebuilds" in arguments.only:
            rebuilds(scratch)
        if "scale" in arguments.only:
            scale(max(1, arguments.pairs - 1), scratch)
        if "preview" in arguments.only:
            preview_latency(scratch)


if __name__ == "__main__":
    main()
