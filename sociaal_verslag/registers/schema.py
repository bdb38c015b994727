"""Reading ``registers.yaml``, the one description of every register, into :class:`RegisterSpec`.

The file is checked as it is read: an unknown key, type or rule, a number column without its
plausible range, a key or a rule that names a column the register does not have... stops with
one line per problem, naming the file and the key (``registers.loans.fields[amount].
constraints.maxmum: unknown key``). :func:`load_schema` reads it once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..base.errors import ReportError
from ..base.paths import PACKAGE_DIR, relative_to_root
from .columns import (
    ColumnSpec,
    PlausibleRange,
    TableSpec,
    bool_column,
    date_column,
    month_column,
    number_column,
    text_column,
)
from .rules import RULES, make_rule
from .spec import Reference, RegisterSpec

REGISTERS_FILE = PACKAGE_DIR / "registers" / "registers.yaml"


class RegisterSchemaError(ReportError):
    """``registers.yaml`` does not describe the registers as this module reads them."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Constraints(_Strict):
    """What a field's cells must hold (Frictionless ``constraints``, and a few of our own)."""

    required: bool = True
    enum: list[str] | None = None
    minimum: float | None = None
    exclusive_minimum: float | None = Field(None, alias="exclusiveMinimum")
    maximum: float | None = None
    in_report_year: bool = Field(False, alias="inReportYear")
    decimals: int | None = None
    multiple_of: float | None = Field(None, alias="multipleOf")


class Category(_Strict):
    """An allowed value and its Dutch name."""

    value: str
    label: str


_NUMBER_ONLY = ("minimum", "exclusive_minimum", "maximum")


class FieldModel(_Strict):
    """One column (a Frictionless field)."""

    name: str
    type: Literal["string", "date", "boolean", "integer", "number", "yearmonth"]
    description: str
    constraints: Constraints = Constraints()
    range_reason: str | None = Field(None, alias="rangeReason")
    categories: list[Category] | None = None

    @model_validator(mode="after")
    def _fits_its_type(self) -> FieldModel:
        c, numeric = self.constraints, self.type in ("integer", "number")
        if numeric:
            bounds = [c.minimum is not None, c.exclusive_minimum is not None]
            if sum(bounds) != 1 or c.maximum is None or not self.range_reason:
                raise ValueError(
                    f"{'an integer' if self.type == 'integer' else 'a number'} field states its"
                    " plausible range: minimum or exclusiveMinimum, maximum, and rangeReason"
                )
        elif self.range_reason or any(getattr(c, key) is not None for key in _NUMBER_ONLY):
            raise ValueError("a range (minimum, maximum, rangeReason) is for numbers only")
        if self.type != "number" and (c.decimals is not None or c.multiple_of is not None):
            raise ValueError("decimals and multipleOf are for number fields only")
        if c.enum is not None and self.type != "string":
            raise ValueError("enum is for string fields only")
        if c.in_report_year and self.type != "date":
            raise ValueError("inReportYear is for date fields only")
        if self.categories is not None:
            named = [category.value for category in self.categories]
            if c.enum is None or sorted(named) != sorted(c.enum):
                raise ValueError("categories name each value of the field's enum once")
        return self


class Rule(_Strict):
    """A named rule on each row (see :data:`~sociaal_verslag.registers.rules.RULES`)."""

    rule: str
    column: str
    other: str | None = None
    value: str | None = None
    expected: str | None = None

    @model_validator(mode="after")
    def _told_what_it_needs(self) -> Rule:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r} (known: {', '.join(RULES)})")
        needs = RULES[self.rule].needs
        for key in ("other", "value"):
            if (getattr(self, key) is not None) != (key in needs):
                told = ", ".join(needs)
                raise ValueError(f"the rule {self.rule} is told {told} and nothing else")
        return self

    def told(self) -> dict[str, str]:
        """What the rule was told, by key."""
        return {key: getattr(self, key) for key in RULES[self.rule].needs}


class ForeignKeyTarget(_Strict):
    resource: str
    fields: str


class ForeignKey(_Strict):
    """``fields`` holds only values of ``reference.fields`` in the register ``resource``."""

    fields: str
    reference: ForeignKeyTarget


class RegisterModel(_Strict):
    """One register: its file and what a row is, its fields, keys and rules."""

    path: str
    title: str = Field(min_length=3)
    description: str
    source: str
    kind: Literal["register", "log"] = "register"
    fields: list[FieldModel] = Field(min_length=1)
    primary_key: str | list[str] | None = Field(None, alias="primaryKey")
    foreign_keys: list[ForeignKey] = Field(default_factory=list, alias="foreignKeys")
    rules: list[Rule] = Field(default_factory=list)
    months_of_year: str | None = Field(None, alias="monthsOfYear")

    @property
    def key(self) -> list[str]:
        """The primary key as a list of columns (empty: none)."""
        if self.primary_key is None:
            return []
        return [self.primary_key] if isinstance(self.primary_key, str) else self.primary_key

    @model_validator(mode="after")
    def _names_its_own_columns(self) -> RegisterModel:
        names = [field.name for field in self.fields]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"fields named twice: {', '.join(twice)}")
        named = [("primaryKey", column) for column in self.key]
        named += [("foreignKeys", key.fields) for key in self.foreign_keys]
        named += [(f"rules ({rule.rule})", rule.column) for rule in self.rules]
        named += [(f"rules ({rule.rule})", rule.other) for rule in self.rules if rule.other]
        if self.months_of_year is not None:
            named.append(("monthsOfYear", self.months_of_year))
        unknown = [f"{where} names {column!r}" for where, column in named if column not in names]
        if unknown:
            raise ValueError(f"{'; '.join(unknown)}: not a field (fields: {', '.join(names)})")
        return self


class SchemaFile(_Strict):
    """The whole file: every register by name, in the order of the report's sections."""

    registers: dict[str, RegisterModel] = Field(min_length=1)

    @model_validator(mode="after")
    def _references_exist(self) -> SchemaFile:
        for name, register in self.registers.items():
            for key in register.foreign_keys:
                target = self.registers.get(key.reference.resource)
                if target is None or key.reference.fields not in {f.name for f in target.fields}:
                    raise ValueError(
                        f"registers.{name}.foreignKeys: no field {key.reference.fields!r} in a"
                        f" register {key.reference.resource!r}"
                    )
        return self


# --- from the file to the specs ---------------------------------------------------------------


def _column(field: FieldModel, unique: bool) -> ColumnSpec:
    c = field.constraints
    common: dict[str, Any] = {
        "nullable": not c.required,
        "unique": unique,
        "description": field.description,
    }
    if field.type == "string":
        labels = {x.value: x.label for x in field.categories} if field.categories else None
        return text_column(allowed=c.enum, labels=labels, **common)
    if field.type == "yearmonth":
        return month_column(**common)
    if field.type == "date":
        return date_column(**common)
    if field.type == "boolean":
        return bool_column(**common)
    included = c.minimum is not None
    low = c.minimum if included else c.exclusive_minimum
    plausible = PlausibleRange(float(low), included, float(c.maximum), str(field.range_reason))
    kind: Literal["int", "float"] = "int" if field.type == "integer" else "float"
    return number_column(kind, plausible, decimals=c.decimals, multiple_of=c.multiple_of, **common)


def _spec(name: str, register: RegisterModel) -> RegisterSpec:
    single = register.key[0] if len(register.key) == 1 else None
    columns = {field.name: _column(field, field.name == single) for field in register.fields}
    together = register.key if len(register.key) > 1 else None
    return RegisterSpec(
        name=name,
        filename=register.path,
        description=register.description,
        title=register.title,
        usual_source=register.source,
        table=TableSpec(columns, together),
        year_dates=tuple(f.name for f in register.fields if f.constraints.in_report_year),
        rules=tuple(make_rule(rule.rule, rule.told(), rule.expected) for rule in register.rules),
        months_of_year=register.months_of_year,
        kind=register.kind,
        primary_key=tuple(register.key),
    )


@dataclass(frozen=True)
class Schema:
    """Every register by name, in the order of the report's sections, and their references."""

    registers: dict[str, RegisterSpec]
    references: tuple[Reference, ...]


def read_schema(path: Path = REGISTERS_FILE) -> Schema:
    """Read and check a registers file; raises :class:`RegisterSchemaError`, a line a problem."""
    shown = relative_to_root(path)
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise RegisterSchemaError(f"{shown}{where}: not valid YAML ({problem})") from None
    try:
        document = SchemaFile.model_validate(raw)
    except ValidationError as error:
        lines = dict.fromkeys(f"{shown}, {_describe(item, raw)}" for item in error.errors())
        raise RegisterSchemaError("\n".join(lines)) from None
    registers = {name: _spec(name, register) for name, register in document.registers.items()}
    references = tuple(
        Reference(name, key.fields, key.reference.resource, key.reference.fields)
        for name, register in document.registers.items()
        for key in register.foreign_keys
    )
    return Schema(registers, references)


@cache
def load_schema() -> Schema:
    """``registers.yaml`` of the package, read once per process."""
    return read_schema(REGISTERS_FILE)


# --- reading the YAML, and saying where it is wrong -------------------------------------------


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, refusing a key written twice in one mapping (YAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _location(loc: tuple[Any, ...], raw: Any) -> str:
    """'registers.loans.fields[amount_granted_eur].constraints': a field by its name, other
    list items counted from 1."""
    parts: list[str] = []
    node = raw
    for part in loc:
        if part in ("function-after", "str", "list[str]"):  # pydantic's union branches
            continue
        item = node[part] if isinstance(node, (dict, list)) and _has(node, part) else None
        if isinstance(part, int):
            name = item.get("name") if isinstance(item, dict) else None
            parts[-1] += f"[{name}]" if isinstance(name, str) else f"[{part + 1}]"
        else:
            parts.append(str(part))
        node = item
    return ".".join(parts)


def _has(node: dict | list, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(part, int) and 0 <= part < len(node)


def _describe(error: dict[str, Any], raw: Any) -> str:
    """'<key>: <what is wrong>' for one of pydantic's errors."""
    kind, message = error["type"], error["msg"]
    if kind == "extra_forbidden":
        message = "unknown key (check its spelling)"
    elif kind == "missing":
        message = "missing key"
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    else:
        message = f"{message}, got {error.get('input')!r}"
    location = _location(error["loc"], raw)
    return f"{location}: {message}" if location else message
