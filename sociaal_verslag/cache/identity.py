"""A step's identity: what its product is made of, declared once per kind of step, and the key
the store keeps the product under.

Every key of the build is made here, the same way, from six kinds of input. Three a step hands
over each time it runs (its content, the parameters it reads, the registers it reads) with,
for a notebook, its kernel; three are declared once per kind of step in ``cache/steps.yaml``
(its code, its resources, its environment). A step may give only what its declaration lists and
must give all of it, so the file says what every key covers. A new kind of input is one field
of :class:`StepIdentity`, one line of :meth:`StepIdentity.parts` and its word in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..base import yamlfiles
from ..base.errors import ReportError
from ..base.first_use import ReadOnFirstUse
from ..base.hashing import sha256
from ..base.package_code import package_files
from ..base.paths import PACKAGE_DIR, font_dir, relative_to_root
from ..base.versions import installation, library_versions
from .store import digest

STEPS_FILE = PACKAGE_DIR / "cache" / "steps.yaml"

Given = Literal["content", "parameters", "registers", "kernel"]


class IdentityError(ReportError):
    """A step's declaration in ``cache/steps.yaml`` is wrong, or a step gives other inputs than
    it declares."""


class Declaration(BaseModel):
    """What one kind of step declares its product is made of (``cache/steps.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    what: str = Field(min_length=3)
    given: tuple[Given, ...] = ("content",)
    code: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    fonts_of: str | None = None
    environment: Literal["installation"] | tuple[str, ...] | None = None

    @field_validator("environment", mode="before")
    @classmethod
    def _one_of_the_forms(cls, value: Any) -> Any:
        """One message for the three forms, instead of one per form pydantic tried."""
        if value is None or value == "installation":
            return value
        if isinstance(value, list) and all(isinstance(name, str) for name in value):
            return tuple(value)
        raise ValueError(f"expected installation or a list of libraries, got {value!r}")


@cache
def _declarations() -> dict[str, Declaration]:
    raw = yamlfiles.read_mapping(STEPS_FILE, IdentityError, "the steps' declarations")
    where = relative_to_root(STEPS_FILE)
    problems = []
    declarations = {}
    for step, entry in raw.items():
        try:
            declarations[step] = Declaration.model_validate(entry)
        except ValidationError as error:
            problems += [f"{where}: {step}.{yamlfiles.describe(e)}" for e in error.errors()]
            continue
        problems += [f"{where}: {step}.{problem}" for problem in _missing(declarations[step])]
    if problems:
        raise IdentityError("\n".join(problems))
    return declarations


DECLARATIONS: Mapping[str, Declaration] = ReadOnFirstUse(_declarations, "DECLARATIONS")
"""Each kind of step's declaration, by its name, read from ``cache/steps.yaml`` on first use."""


def _missing(declared: Declaration) -> Iterable[str]:
    """What a declaration names that is not in the package."""
    for module in declared.code:
        if not (PACKAGE_DIR / f"{module}.py").is_file():
            yield f"code: no module {module} (sociaal_verslag/{module}.py)"
    for pattern in declared.resources:
        if not _resource_files(pattern):
            yield f"resources: {pattern} names no file of the package"
    if declared.fonts_of is not None and not (PACKAGE_DIR / declared.fonts_of).is_file():
        yield f"fonts_of: {declared.fonts_of} is not a file of the package"


def _resource_files(pattern: str) -> list[Path]:
    """The files a resource names: a file, every file of a folder but hidden ones, or every
    file a pattern with ``*`` matches."""
    path = PACKAGE_DIR / pattern
    if "*" in pattern:
        return sorted(found for found in PACKAGE_DIR.glob(pattern) if found.is_file())
    if path.is_dir():
        return sorted(
            found
            for found in path.rglob("*")
            if found.is_file()
            and not any(part.startswith(".") for part in found.relative_to(path).parts)
        )
    return [path] if path.is_file() else []


def fonts_named(style_sheet: Path) -> list[Path]:
    """The font files a style sheet names as ``FONT_DIR/<file>`` (``render/pdf.py`` puts the
    fonts' folder in their place)."""
    css = style_sheet.read_text(encoding="utf-8")
    return [font_dir() / name for name in sorted(set(re.findall(r"FONT_DIR/([\w.-]+)", css)))]


def files_digest(paths: Iterable[Path]) -> dict[str, str]:
    """sha256 of each file, by its path relative to the package (or its name)."""
    result = {}
    for path in sorted(Path(p) for p in paths):
        try:
            name = path.relative_to(PACKAGE_DIR).as_posix()
        except ValueError:
            name = path.name
        result[name] = sha256(path)
    return result


def declared_files(declared: Declaration) -> dict[str, list[Path]]:
    """The files a declaration's code and resources are, at this moment."""
    resources = [path for pattern in declared.resources for path in _resource_files(pattern)]
    if declared.fonts_of is not None:
        resources += fonts_named(PACKAGE_DIR / declared.fonts_of)
    return {"code": package_files(declared.code), "resources": resources}


def _environment(declared: Declaration) -> Any:
    if declared.environment == "installation":
        return installation()
    if declared.environment is not None:
        return library_versions(tuple(declared.environment))
    return None


@dataclass(frozen=True)
class StepIdentity:
    """One product's identity: its kind of step, what the step gives this time, and (read from
    the step's declaration) the code, resources and environment it is made with."""

    step: str
    """A kind of step of ``cache/steps.yaml``."""
    content: Any = None
    parameters: Mapping[str, Any] | None = None
    registers: Mapping[str, Any] | None = None
    kernel: Mapping[str, Any] | None = None

    def declaration(self) -> Declaration:
        """The step's declaration; an error when this identity gives other inputs than it."""
        try:
            declared = DECLARATIONS[self.step]
        except KeyError:
            where = relative_to_root(STEPS_FILE)
            raise IdentityError(f"{where}: no step {self.step!r} is declared") from None
        handed = {f.name for f in fields(self) if getattr(self, f.name) is not None} - {"step"}
        extra = sorted(handed - set(declared.given))
        lacking = sorted(set(declared.given) - handed)
        where = f"{relative_to_root(STEPS_FILE)}: step {self.step}"
        if extra:
            raise IdentityError(f"{where} is given {', '.join(extra)}, not in its `given:`")
        if lacking:
            raise IdentityError(f"{where} declares `given: {', '.join(lacking)}`, not given")
        return declared

    def parts(self) -> dict[str, Any]:
        """Everything the key covers, by kind of input."""
        declared = self.declaration()
        given = {name: _plain(getattr(self, name)) for name in declared.given}
        files = declared_files(declared)
        return {
            "step": self.step,
            **given,
            "code": files_digest(files["code"]),
            "resources": files_digest(files["resources"]),
            "environment": _environment(declared),
        }

    def key(self) -> str:
        """The key the store keeps this product under."""
        return digest(self.parts())


def _plain(value: Any) -> Any:
    """A mapping as a dict (the key is JSON)."""
    return dict(value) if isinstance(value, Mapping) else value


def work_out_ahead() -> None:
    """Work out now what every build works out the same way from the package's own files and
    the installed libraries: each kind of step's code and resources, their sha256, the
    libraries' versions. For the preview's process, which forks each build from itself and
    compares the package's files before each fork: then no build does it again."""
    for declared in DECLARATIONS.values():
        files = declared_files(declared)
        files_digest([*files["code"], *files["resources"]])
        _environment(declared)
