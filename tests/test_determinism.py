"""Two builds of the same inputs give the same figures, HTML and PDF, byte for byte, when
SOURCE_DATE_EPOCH dates them: whether the notebooks run side by side or one by one."""

from __future__ import annotations

import pytest

from sociaal_verslag.build.main import BuildOptions, build


@pytest.fixture(scope="module")
def second_build(build_2025, tmp_path_factory, reproducible_time):
    # Without the cache, and one notebook at a time: build_2025 ran them side by side.
    return build(
        2025,
        BuildOptions(
            out_root=tmp_path_factory.mktemp("again"), progress=False, jobs=1, use_cache=False
        ),
    )


@pytest.mark.parametrize(
    "name",
    [
        "figures.json",
        "figures.csv",
        "figures.xlsx",
        "params.yaml",
        "bijzonder-verslag-2025.html",
        "bijzonder-verslag-2025.pdf",
    ],
)
def test_rebuild_is_byte_identical(build_2025, second_build, name):
    first = (build_2025.output_dir / name).read_bytes()
    again = (second_build.output_dir / name).read_bytes()
    assert first == again, f"{name} differs between two builds of the same inputs"
