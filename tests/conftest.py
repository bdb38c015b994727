"""Shared fixtures: one real build of 2025, made once per test session into a temporary folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sociaal_verslag.build import BuildResult, build

REFERENCE_DIR = Path(__file__).parent / "reference"


def normalise(text: str) -> str:
    """Text as a reader compares it: no Markdown marks or quotes, one kind of space."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"</?p>", "", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"\*+", "", text)
    text = re.sub('["“”]', "", text)
    return re.sub(r"\s+", " ", text).strip()


def html_text(html: str) -> str:
    """The visible text of an HTML page, normalised."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["style", "script", "head"]):
        hidden.decompose()
    return normalise(soup.get_text(""))


@pytest.fixture(scope="session")
def build_2025(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The 2025 report built from the committed registers and parameters."""
    return build(2025, out_root=tmp_path_factory.mktemp("output"), progress=False)


@pytest.fixture(scope="session")
def report_text(build_2025: BuildResult) -> str:
    return html_text(build_2025.html.read_text(encoding="utf-8"))
