"""registers.yaml: read strictly, and every fact in it reaches the checks, the generator and
the docs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sociaal_verslag.base.paths import PACKAGE_DIR, PROJECT_ROOT
from sociaal_verslag.cli import main as cli
from sociaal_verslag.registers import docs as register_docs
from sociaal_verslag.registers import schema as register_schema
from sociaal_verslag.registers.loading import REFERENCES, REGISTERS, RegisterError, load_register
from sociaal_verslag.registers.schema import REGISTERS_FILE, RegisterSchemaError, read_schema

RAW = yaml.safe_load(REGISTERS_FILE.read_text(encoding="utf-8"))["registers"]


def _raw_fields(name: str) -> dict[str, dict]:
    return {field["name"]: field for field in RAW[name]["fields"]}


# --- a registers.yaml with a mistake: one line naming the file and the key -------------------


def _problems(tmp_path: Path, old: str, new: str) -> list[str]:
    """The lines read_schema reports for registers.yaml with ``old`` (once in it) as ``new``."""
    text = REGISTERS_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "registers.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RegisterSchemaError) as caught:
        read_schema(path)
    shown = path.as_posix()
    lines = str(caught.value).splitlines()
    assert all(line.startswith(f"{shown}, ") or line.startswith(f"{shown}: ") for line in lines)
    return [line.removeprefix(f"{shown}, ") for line in lines]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "constraints: {exclusiveMinimum: 0, maximum: 50000}",
            "constraints: {exclusiveMinimum: 0, maximum: 50000, maxmum: 5}",
            "registers.kbs_grants.fields[amount_eur].constraints.maxmum: unknown key (check its"
            " spelling)",
        ),
        (
            "{name: loan_id, type: string, description: the loan}",
            "{name: loan_id, type: strng, description: the loan}",
            "registers.loans.fields[loan_id].type: Input should be 'string', 'date', 'boolean',"
            " 'integer', 'number' or 'yearmonth', got 'strng'",
        ),
        (
            "{rule: not_before, column: left_on, other: joined_on}",
            "{rule: not_after, column: left_on, other: joined_on}",
            "registers.ethics_members.rules[1]: unknown rule 'not_after' (known: not_before,"
            " overlaps_year, filled_together, filled_unless, month_in_year)",
        ),
        (
            "{rule: month_in_year, column: month}",
            "{rule: month_in_year, column: month, other: av_threats}",
            "registers.security_monthly.rules[1]: the rule month_in_year is told column and"
            " nothing else",
        ),
        (
            "        rangeReason: the hours of one day\n",
            "",
            "registers.smartlab_meetings.fields[hours]: a number field states its plausible"
            " range: minimum or exclusiveMinimum, maximum, and rangeReason",
        ),
        (
            "{rule: not_before, column: closed_on, other: opened_on}",
            "{rule: not_before, column: closed_on, other: opened}",
            "registers.production_units: rules (not_before) names 'opened': not a field (fields:"
            " unit_id, holder_id, office, opened_on, closed_on)",
        ),
        (
            "reference: {resource: smartlab_meetings, fields: meeting_id}",
            "reference: {resource: smartlab_meeting, fields: meeting_id}",
            "registers.smartlab_attendance.foreignKeys: no field 'meeting_id' in a register"
            " 'smartlab_meeting'",
        ),
        (
            "    kind: log\n",
            "    knd: log\n",
            "registers.security_monthly.knd: unknown key (check its spelling)",
        ),
        (
            "          - {value: other, label: andere}\n",
            "",
            "registers.coop_events.fields[kind]: categories name each value of the field's enum"
            " once",
        ),
    ],
)
def test_a_mistake_in_registers_yaml_is_one_line_naming_the_key(tmp_path, old, new, expected):
    assert _problems(tmp_path, old, new) == [expected]


def test_a_key_written_twice_is_refused_with_its_line(tmp_path):
    old = "    path: loans.csv\n"
    line = REGISTERS_FILE.read_text(encoding="utf-8")[: REGISTERS_FILE.read_text().index(old)]
    problems = _problems(tmp_path, old, old + "    path: leningen.csv\n")
    number = line.count("\n") + 2
    assert problems == [f"line {number}: not valid YAML (the key 'path' is written twice)"]


def test_a_file_that_is_not_yaml_names_its_line(tmp_path):
    problems = _problems(tmp_path, "  loans:\n", "  loans: [\n")
    assert len(problems) == 1 and problems[0].startswith("line ")


def test_a_command_that_needs_the_registers_says_what_is_wrong_in_one_line(
    tmp_path, monkeypatch, capsys
):
    broken = tmp_path / "registers.yaml"
    text = REGISTERS_FILE.read_text(encoding="utf-8")
    broken.write_text(text.replace("type: yearmonth", "type: month"), encoding="utf-8")
    monkeypatch.setattr(register_schema, "REGISTERS_FILE", broken)
    register_schema.load_schema.cache_clear()
    try:
        status = cli.main(["data", "record", "2025", "loans", "--rows", "1"])
    finally:
        register_schema.load_schema.cache_clear()
    assert status == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert error == [
        f"error: {broken.as_posix()}, registers.security_monthly.fields[month].type: Input should"
        " be 'string', 'date', 'boolean', 'integer', 'number' or 'yearmonth', got 'month'"
    ]


@pytest.mark.build
def test_the_package_reads_its_registers_without_importing_pandera():
    code = (
        "import sys; import sociaal_verslag.cli.main;"
        " from sociaal_verslag.registers.loading import REGISTERS;"
        f" assert len(REGISTERS) == {len(RAW)}; REGISTERS['loans'].columns;"
        " print('pandera' in sys.modules, 'tools' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert done.stdout.split() == ["False", "False"]


def test_the_package_never_imports_the_sample_data_generator():
    for path in PACKAGE_DIR.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import tools" not in text and "from tools" not in text, path


# --- every fact of registers.yaml reaches the checks --------------------------------------------


ENUMS = [
    (name, field["name"], field["constraints"]["enum"])
    for name, register in RAW.items()
    for field in register["fields"]
    if "enum" in field.get("constraints", {})
]


def test_every_enum_and_range_of_the_yaml_is_in_the_pandera_schema():
    # Counted from registers.yaml by two readers, so that a new column needs no new number here.
    assert ENUMS
    assert {(name, column) for name, column, _ in ENUMS} == {
        (name, column)
        for name, spec in REGISTERS.items()
        for column in spec.columns
        if spec.table.columns[column].allowed is not None
    }
    for name, column, values in ENUMS:
        check = REGISTERS[name].schema.columns[column].checks[0]
        assert check.name == "isin" and list(check.statistics["allowed_values"]) == values
        assert check.error == "one of " + ", ".join(values)
    for name in RAW:
        for column, field in _raw_fields(name).items():
            constraints = field.get("constraints", {})
            pandera_column = REGISTERS[name].schema.columns[column]
            assert pandera_column.nullable is (constraints.get("required") is False), column
            if "maximum" not in constraints:
                continue
            stats = pandera_column.checks[0].statistics
            low = constraints.get("minimum", constraints.get("exclusiveMinimum"))
            assert (stats["min_value"], stats["max_value"]) == (low, constraints["maximum"])
            assert stats["include_min"] is ("minimum" in constraints)
            assert pandera_column.checks[0].error.endswith(f"({field['rangeReason']})")


def _one_row(tmp_path: Path, name: str, row: dict[str, str]) -> list[str]:
    """The problems of a register file holding the header and ``row``."""
    columns = REGISTERS[name].columns
    line = ",".join(row[column] for column in columns)
    REGISTERS[name].path(tmp_path).write_text(f"{','.join(columns)}\n{line}\n", encoding="utf-8")
    try:
        load_register(name, tmp_path, 2025)
    except RegisterError as error:
        return [str(problem).split(", ", 1)[1] for problem in error.problems]
    return []


def _valid_row(name: str) -> dict[str, str]:
    """The first record of the committed register with every cell filled in, as text."""
    lines = REGISTERS[name].path(PROJECT_ROOT / "data" / "2025").read_text("utf-8").splitlines()
    full = next(line for line in lines[1:] if "" not in line.split(","))
    return dict(zip(lines[0].split(","), full.split(","), strict=True))


@pytest.mark.parametrize(("name", "column", "values"), ENUMS)
def test_a_value_outside_an_enum_is_refused_and_each_allowed_one_accepted(
    tmp_path, name, column, values
):
    row = _valid_row(name)
    for value in values:
        assert _one_row(tmp_path, name, {**row, column: value}) == [], value
    assert _one_row(tmp_path, name, {**row, column: "zzz"}) == [
        f"row 2, column {column}: expected one of {', '.join(values)}, got 'zzz'"
    ]


@pytest.mark.parametrize(
    ("name", "changes", "expected"),
    [
        (
            "production_units",
            {"opened_on": "2025-03-01", "closed_on": "2025-02-01"},
            "row 2, column closed_on: expected a date on or after opened_on, got '2025-02-01'"
            " with opened_on '2025-03-01'",
        ),
        (
            "employment_contracts",
            {"contract_type": "daily", "start_date": "2025-03-01", "end_date": ""},
            "row 2, column end_date: expected an end date (only open_ended contracts may leave it"
            " empty), got an empty cell with contract_type 'daily'",
        ),
        (
            "employment_contracts",
            {"contract_type": "fixed_term", "start_date": "2024-01-01", "end_date": "2024-02-01"},
            "row 2, column start_date: expected a contract period that overlaps 2025, got"
            " '2024-01-01' with end_date '2024-02-01'",
        ),
        (
            "loans",
            {"disbursed_on": "", "amount_disbursed_eur": "500.00"},
            "row 2, column amount_disbursed_eur: expected a value exactly when disbursed_on is"
            " filled in, got '500.00' with disbursed_on an empty cell",
        ),
    ],
)
def test_each_named_rule_of_the_yaml_refuses_a_row_that_breaks_it(
    tmp_path, name, changes, expected
):
    assert _one_row(tmp_path, name, {**_valid_row(name), **changes}) == [expected]


def test_a_month_of_another_year_in_the_monthly_log(tmp_path):
    path = REGISTERS["security_monthly"].path(tmp_path)
    text = REGISTERS["security_monthly"].path(PROJECT_ROOT / "data" / "2025").read_text("utf-8")
    path.write_text(text.replace("2025-07,", "2024-07,"), encoding="utf-8")
    with pytest.raises(RegisterError) as caught:
        load_register("security_monthly", tmp_path, 2025)
    assert [str(p).split(", ", 1)[1] for p in caught.value.problems] == [
        "column month: expected every month of 2025 exactly once, got no row for 2025-07",
        "row 8, column month: expected a month of 2025, got '2024-07'",
    ]


def test_the_references_are_the_yaml_foreign_keys():
    declared = [
        (name, key["fields"], key["reference"]["resource"], key["reference"]["fields"])
        for name, register in RAW.items()
        for key in register.get("foreignKeys", [])
    ]
    assert [(r.register, r.column, r.target, r.target_column) for r in REFERENCES] == declared
    assert len(declared) == 4


def test_value_keyed_tables_of_the_package_name_allowed_values():
    from sociaal_verslag.charts import drawings as charts
    from sociaal_verslag.metrics import ethics, pvcb

    assert set(pvcb.ACTIVITY_FIGURES) == set(REGISTERS["pvcb_activities"].allowed("kind"))
    assert set(ethics.ROLE_FIGURES) == set(REGISTERS["ethics_members"].allowed("role"))
    assert list(REGISTERS["coop_events"].labels("kind")) == [
        "workshop",
        "lets_meet",
        "conference",
        "general_assembly",
        "coopinside",
        "other",
    ]
    assert charts.REGISTERS is REGISTERS


# --- the docs ---------------------------------------------------------------------------------


def test_docs_registers_md_is_written_from_registers_yaml_and_up_to_date():
    committed = register_docs.DOCS_PAGE.read_text(encoding="utf-8")
    assert committed == register_docs.docs_page(), "run make docs"
    for spec in REGISTERS.values():
        assert f"## {spec.filename}" in committed
        for column in spec.columns:
            assert f"- `{column}`: " in committed


def test_the_data_readme_and_the_docs_describe_each_register_in_the_same_words():
    readme = (PROJECT_ROOT / "data" / "2025" / "README.md").read_text(encoding="utf-8")
    docs = register_docs.DOCS_PAGE.read_text(encoding="utf-8")
    for spec in REGISTERS.values():
        section = "\n".join(register_docs.register_section(spec))
        assert section in readme and section in docs, spec.name


def test_the_readme_links_the_registers_page():
    assert "docs/registers.md" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
