"""The year's parameters: ``params/YEAR.yaml``, checked against a typed schema before any run.

The parameters file is the one file an analyst edits to start or re-run a year. An unknown key, a
missing one or a value of the wrong type stops the build with a message that names the key.
Overrides from the command line (``-p fte_hours_per_year=2000``) are applied to the raw mapping
first, so they are checked exactly like the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, model_validator

from ..base import textfiles, yamlfiles
from ..base.errors import ReportError
from ..base.paths import absolute, params_file, relative_to_root
from ..base.suggest import did_you_mean
from ..figures.catalogue import CATALOGUE, fact_ids
from ..language.phrases import DEFAULT_LANGUAGE, languages
from ..registers.exports import RegisterSource
from ..registers.loading import REGISTERS
from . import sources
from .organisation import Company, Condition, Reviewer, Statute


class ParamsError(ReportError):
    """The parameters file (or an override) does not match the schema."""


class _Strict(BaseModel):
    # inf and nan are never a value of the report: .inf in YAML or -p would print as nonsense.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class Fact(_Strict):
    """A figure the analyst records by hand, with where it comes from."""

    value: int | float
    source: str = Field(min_length=3)
    source_translations: dict[str, str] = Field(default_factory=dict)
    """The source in each other language of the year's editions (``fr``: as the French
    appendix names it)."""
    confirmed: StrictBool = True
    """False when copied forward from last year by ``new-year`` and not yet checked."""
    review_note: str | None = None
    """What the reviewers should know of the figure (a discrepancy in the text it serves): shown
    beside its source in the review notebook, never in the filed report."""

    def source_in(self, language: str) -> str:
        """The source as the edition in ``language`` names it."""
        return self.worded_source.in_language(language)

    @property
    def worded_source(self) -> sources.Worded:
        """The source with its words in each edition's language."""
        return sources.Worded(self.source, self.source_translations)


class Compliance(_Strict):
    """The recognition conditions that are numbers, as recorded for the year with their source."""

    PLAUSIBLE: ClassVar[dict[str, tuple[float, float]]] = {
        "dividend_rate_pct": (0, 100),
        "directors_remuneration_eur": (0, 1_000_000),
        "largest_vote_share_pct": (0, 100),
    }
    """The lowest and highest value each can take; anything else is a typing error."""

    dividend_rate_pct: Fact
    """Patrimonial benefit paid to members, as a rate on their paid-in capital (%)."""
    directors_remuneration_eur: Fact
    """Remuneration paid to directors for their mandate (euro)."""
    largest_vote_share_pct: Fact
    """Largest share of the votes present that one member cast at the general meeting (%)."""


class PreviousYear(_Strict):
    """Where last year's build and registers are, for the comparison with last year."""

    build_dir: str
    data_dir: str
    registers: dict[str, RegisterSource] = Field(default_factory=dict)


class ReportParams(_Strict):
    """Everything that changes from one year's report to the next."""

    year: int = Field(ge=2000, le=2100)
    organisation: str
    data_dir: str
    narrative_dir: str
    fte_hours_per_year: int | float = Field(ge=1500, le=2200)
    """Yearly hours of one full-time worker (38 h x 52 = 1976; 40 h x 52 = 2080)."""
    fte_hours_per_year_source: str
    fte_hours_per_year_source_translations: dict[str, str] = Field(default_factory=dict)
    """Where that basis comes from (the legal working week), shown beside the FTE check."""
    smartlab_regular_min_meetings: int = Field(ge=1, le=100)
    coopinside_month: int = Field(default=5, ge=1, le=12)
    """The month the CoopInside tour is counted in; the narrative's sentence names it."""
    dividend_cap_pct: int | float = Field(ge=0, le=20)
    dividend_cap_source: str
    dividend_cap_source_translations: dict[str, str] = Field(default_factory=dict)
    vote_cap_pct: int | float = Field(gt=0, le=100)
    """No member may vote with more than this share (percent) of the votes present or
    represented at the general meeting; checked against ``compliance.largest_vote_share_pct``."""
    vote_cap_source: str
    vote_cap_source_translations: dict[str, str] = Field(default_factory=dict)
    statute: Statute
    conditions: list[Condition] = Field(min_length=9, max_length=9)
    compliance: Compliance
    facts: dict[str, Fact]
    registers: dict[str, RegisterSource] = Field(default_factory=dict)
    """How a register's export is written, where it is not <register>.csv detected."""
    previous: PreviousYear | None = None
    """Last year's build and data; the build fills it in when last year's build exists."""
    cell_timeout_seconds: int = Field(default=300, ge=1, le=300)
    """A notebook cell that runs longer is stopped and the build fails (at most 5 minutes)."""
    overrides: list[str] = Field(default_factory=list)
    """The ``-p NAME=VALUE`` of the build that wrote these parameters (its ``params.yaml``), so
    that a value set by ``-p`` is shown as such; never written in ``params/YEAR.yaml``."""
    company: Company | None = None
    """Its enterprise number and registered office, printed on the cover (none: not printed)."""
    reviewers: list[Reviewer] = Field(default_factory=list)
    """Who checks the figures: only they can approve or withdraw (``review approve --by``)."""
    languages: list[str] = Field(default_factory=lambda: [DEFAULT_LANGUAGE], min_length=1)
    """The languages of the year's editions (``nl``, ``fr``): the build writes one report per
    language from the same figures, and the notebooks draw each chart in each."""

    @model_validator(mode="after")
    def _languages_known(self) -> ReportParams:
        known = languages()
        problems = [
            f"languages: {language!r} is not a language of the report (known: {', '.join(known)})"
            for language in self.languages
            if language not in known
        ]
        if len(set(self.languages)) != len(self.languages):
            problems.append(f"languages: a language is named twice in {self.languages}")
        problems += [
            f"company.{key}: missing {language!r}, as the {language} report prints it"
            for key in ("registered_office", "legal_entities_register")
            for language in self.languages
            if self.company is not None
            and (key == "registered_office" or getattr(self.company, key))
            and language not in getattr(self.company, key)
        ]
        problems += sources.missing(self._translated_sources(), self.languages, known)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _facts_match_catalogue(self) -> ReportParams:
        missing = [fact_id for fact_id in fact_ids() if fact_id not in self.facts]
        unknown = [fact_id for fact_id in self.facts if fact_id not in fact_ids()]
        problems = [
            f"facts.{fact_id}: missing (a fact figure of the report)" for fact_id in missing
        ]
        problems += [f"facts.{fact_id}: not a fact figure of the catalogue" for fact_id in unknown]
        problems += _implausible(
            {f"facts.{key}": fact for key, fact in self.facts.items() if key in CATALOGUE},
            {f"facts.{key}": CATALOGUE[key].plausible for key in self.facts if key in CATALOGUE},
        )
        problems += _implausible(
            {f"compliance.{key}": getattr(self.compliance, key) for key in Compliance.PLAUSIBLE},
            {f"compliance.{key}": bounds for key, bounds in Compliance.PLAUSIBLE.items()},
        )
        problems += [
            f"registers.{name}: not a register (known: {', '.join(REGISTERS)})"
            for name in self.registers
            if name not in REGISTERS
        ]
        articles = set(Statute.model_fields)
        for number, condition in enumerate(self.conditions, start=1):
            for article in condition.statute_articles:
                if article not in articles:
                    problems.append(
                        f"conditions[{number}].statute_articles: {article!r} is not a key of"
                        f" statute ({', '.join(sorted(articles))})"
                    )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    DERIVED: ClassVar[dict[str, tuple[str, ...]]] = {
        "data_path": ("data_dir",),
        "narrative_path": ("narrative_dir",),
        "narrative_path_in": ("narrative_dir",),
        "fact": ("facts",),
        "unconfirmed": ("facts", "compliance"),
        "worded": tuple(
            key for source in sources.TOP_LEVEL for key in (source, f"{source}_translations")
        ),
    }
    """The keys each attribute below reads: what a notebook that uses it depends on (its
    cache key; ``notebook_sources.read``)."""

    @property
    def data_path(self) -> Path:
        """The folder of the year's registers, absolute."""
        return absolute(self.data_dir)

    @property
    def narrative_path(self) -> Path:
        """The folder of the year's narrative, absolute."""
        return absolute(self.narrative_dir)

    def narrative_path_in(self, language: str) -> Path:
        """The folder of the year's narrative in ``language``: the Dutch text in the narrative
        folder, another language's in the sub-folder named after it (``fr/``)."""
        if language == DEFAULT_LANGUAGE:
            return self.narrative_path
        return self.narrative_path / language

    def worded(self, key: str) -> sources.Worded:
        """A source of its own among the parameters (``sources.TOP_LEVEL``) with its words in
        each edition's language."""
        return sources.Worded(getattr(self, key), getattr(self, f"{key}_translations"))

    def _translated_sources(self) -> list[tuple[str, dict[str, str]]]:
        """Every source's translations, by the key an analyst finds them under."""
        found = [
            (f"{key}_translations", getattr(self, f"{key}_translations"))
            for key in sources.TOP_LEVEL
        ]
        found += [
            (f"facts.{key}.source_translations", fact.source_translations)
            for key, fact in self.facts.items()
        ]
        found += [
            (
                f"compliance.{key}.source_translations",
                getattr(self.compliance, key).source_translations,
            )
            for key in Compliance.PLAUSIBLE
        ]
        return found

    def fact(self, figure_id: str) -> int | float:
        """The recorded value of a fact figure."""
        return self.facts[figure_id].value

    def unconfirmed(self) -> list[str]:
        """The keys of facts and compliance values still to be confirmed for this year."""
        keys = [f"facts.{key}" for key, fact in self.facts.items() if not fact.confirmed]
        keys += [
            f"compliance.{key}"
            for key, fact in self.compliance
            if isinstance(fact, Fact) and not fact.confirmed
        ]
        return keys


def override_of(overrides: list[str] | tuple[str, ...], key: str) -> str | None:
    """The ``-p`` assignment among ``overrides`` that set the parameter ``key`` (dotted:
    ``fte_hours_per_year``, ``facts.site.area_m2``) or a part of it; None when none did."""
    for assignment in overrides:
        name = assignment.partition("=")[0].strip()
        if name == key or name.startswith(f"{key}.") or key.startswith(f"{name}."):
            return assignment
    return None


def _implausible(
    facts: dict[str, Fact], bounds: dict[str, tuple[float, float] | None]
) -> list[str]:
    problems = []
    for key, fact in facts.items():
        if bounds[key] is None:
            continue
        low, high = bounds[key]
        if not low <= fact.value <= high:
            problems.append(
                f"{key}.value: expected a number from {_plain(low)} to {_plain(high)}"
                f" (its plausible range), got {fact.value!r}"
            )
    return problems


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def validate(
    raw: dict[str, Any], origin: str, overrides: list[str] | tuple[str, ...] = ()
) -> ReportParams:
    """Check a raw parameters mapping; raise ParamsError naming every offending key, and the
    ``-p NAME=VALUE`` instead of the file where a ``-p`` set it."""
    try:
        return ReportParams.model_validate(raw)
    except ValidationError as error:

        def blamed(key: str) -> str:
            found = override_of(overrides, key) if key else None
            return f"-p {found}" if found else origin

        raise ParamsError("\n".join(yamlfiles.problems(error, origin, blamed))) from None


def parse_override(assignment: str) -> tuple[list[str], Any]:
    """Split ``NAME=VALUE``; the value is read as YAML, so ``2000`` is a number, ``true`` a bool."""
    name, sep, text = assignment.partition("=")
    if not sep or not name.strip():
        raise ParamsError(f"-p {assignment}: expected NAME=VALUE, e.g. fte_hours_per_year=2000")
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ParamsError(
            f"-p {assignment}: expected a plain value (a number, a text, true/false),"
            f" got {textfiles.yaml_problem(error)}; quote a text that starts with ! & * [ {{ or %"
        ) from None
    return name.strip().split("."), value


def _apply(raw: dict[str, Any], parts: list[str], value: Any, assignment: str) -> None:
    node: Any = raw
    remaining = list(parts)
    while remaining:
        if not isinstance(node, dict):
            raise ParamsError(f"-p {assignment}: {'.'.join(parts)} is not a key")
        # Fact ids contain dots themselves: take the longest run of parts that is a key.
        for length in range(len(remaining), 0, -1):
            key = ".".join(remaining[:length])
            if key in node:
                break
        else:
            if node is raw and len(remaining) == 1 and remaining[0] in ReportParams.model_fields:
                node[remaining[0]] = value  # an optional key the file leaves out
                return
            known = [*map(str, node), *(ReportParams.model_fields if node is raw else ())]
            hint = did_you_mean(remaining[0], known) or f" (known: {', '.join(map(str, node))})"
            raise ParamsError(f"-p {assignment}: unknown key {remaining[0]!r}{hint}")
        remaining = remaining[length:]
        if not remaining:
            node[key] = value
        else:
            node = node[key]


def read_raw(path: Path) -> dict[str, Any]:
    """Read a parameters file as a plain mapping, or raise ParamsError naming the file."""
    return yamlfiles.read_mapping(path, ParamsError, "parameters file")


def load(
    year: int | None = None,
    *,
    path: Path | None = None,
    overrides: list[str] | tuple[str, ...] = (),
) -> tuple[ReportParams, dict[str, Any]]:
    """Load and check the parameters of ``year`` (or of the file ``path``) with overrides applied.

    Returns the checked parameters and the raw mapping as used, which the build writes beside its
    outputs so that a rerun uses exactly the same values.
    """
    if path is None:
        if year is None:
            raise ValueError("give a year or a path")
        path = params_file(year)
    raw = read_raw(path)
    origin = relative_to_root(path)
    if "overrides" in raw:
        raise ParamsError(
            f"{origin}: overrides: is written by a build into its own params.yaml (its -p"
            " NAME=VALUE), not into the year's parameters: remove it"
        )
    for assignment in overrides:
        parts, value = parse_override(assignment)
        _apply(raw, parts, value, assignment)
    if overrides:
        raw["overrides"] = list(overrides)
    params = validate(raw, origin, overrides)
    if year is not None and params.year != year:
        raise ParamsError(f"{origin}: year: is {params.year}, but the build was asked for {year}")
    return params, raw


def dump(raw: dict[str, Any], path: Path) -> None:
    """Write a parameters mapping as YAML (the resolved parameters of a build)."""
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
