"""What a kernel records that it read (``notebook/file_audit.py``), each in a Python process of its
own (an audit hook, once installed, cannot be removed)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sociaal_verslag.base.paths import PROJECT_ROOT


def _record(tmp_path: Path, code: str) -> dict:
    """What a process that runs ``code`` after installing the recorder says it read."""
    script = (
        "import sociaal_verslag.notebook.file_audit as audit\n"
        "audit.install()\n" + textwrap.dedent(code) + "\nprint('RECORD' + audit.report())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.split("RECORD", 1)[1])


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "side.csv").write_text("a,b\n1,2\n", "utf-8")
    (folder / "notes.txt").write_text("hello", "utf-8")
    return folder


def test_a_file_read_is_recorded_with_its_size_and_time(tmp_path, files):
    record = _record(tmp_path, "open('data/notes.txt').read()")
    path = str(files / "notes.txt")
    status = (files / "notes.txt").stat()
    assert record["read"][path] == [status.st_size, status.st_mtime_ns]
    assert record["unrecordable"] == ""


def test_a_file_missing_when_opened_is_recorded_as_missing(tmp_path, files):
    record = _record(
        tmp_path,
        """
        try:
            open('data/absent.csv')
        except FileNotFoundError:
            pass
        """,
    )
    assert record["read"][str(files / "absent.csv")] is None


def test_reads_through_pandas_are_recorded(tmp_path, files):
    record = _record(
        tmp_path,
        "import pandas\npandas.read_csv('data/side.csv')\n"
        "pandas.read_csv('data/side.csv', engine='pyarrow')",
    )
    assert str(files / "side.csv") in record["read"]


def test_reads_through_pyarrow_which_opens_in_cpp_are_recorded(tmp_path, files):
    record = _record(
        tmp_path,
        """
        import pandas, pyarrow.parquet as pq, pyarrow.csv
        pandas.DataFrame({'a': [1]}).to_parquet('data/t.parquet')
        pq.read_table('data/t.parquet')
        pyarrow.csv.read_csv('data/side.csv')
        """,
    )
    assert {str(files / "side.csv"), str(files / "t.parquet")} <= set(record["read"])


@pytest.mark.parametrize(
    "read",
    ["pandas.read_parquet('data/t.parquet')", "pyarrow.parquet.ParquetFile('data/t.parquet')"],
)
def test_parquet_read_by_pandas_or_opened_as_a_file_is_recorded(tmp_path, files, read):
    # pyarrow writes in C++ too: the file written is not seen, only its reading.
    record = _record(
        tmp_path,
        "import pandas, pyarrow.parquet\n"
        f"pandas.DataFrame({{'a': [1]}}).to_parquet('data/t.parquet')\n{read}",
    )
    assert str(files / "t.parquet") in record["read"]


def test_pyarrow_readers_imported_later_are_wrapped_too(tmp_path, files):
    # Installed first, the recorder meets pyarrow.csv only when the code imports it.
    record = _record(tmp_path, "from pyarrow import csv\ncsv.read_csv('data/side.csv')")
    assert str(files / "side.csv") in record["read"]


def test_written_files_are_not_reads(tmp_path, files):
    record = _record(
        tmp_path,
        "open('data/out.txt', 'w').write('x')\nopen('data/out.txt').read()\n"
        "import os\nos.close(os.open('data/raw.bin', os.O_WRONLY | os.O_CREAT))",
    )
    assert {str(files / "out.txt"), str(files / "raw.bin")} <= set(record["written"])


def test_a_folder_listed_is_recorded_and_so_is_a_glob(tmp_path, files):
    record = _record(tmp_path, "import os, glob\nos.listdir('data')\nglob.glob('data/*.csv')")
    assert str(files) in record["listed"]


def test_whether_a_file_is_there_is_recorded(tmp_path, files):
    record = _record(
        tmp_path,
        """
        import os
        from pathlib import Path
        Path('data/optional.csv').exists()
        os.path.isfile('data/notes.txt')
        """,
    )
    assert record["probed"][str(files / "optional.csv")] is False
    assert record["probed"][str(files / "notes.txt")] is True


def test_modules_from_outside_the_installation_are_recorded_as_read(tmp_path):
    (tmp_path / "helper.py").write_text("VALUE = 1\n", "utf-8")
    record = _record(tmp_path, "import sys\nsys.path.insert(0, '.')\nimport helper")
    assert str(tmp_path / "helper.py") in record["read"]
    assert "helper" in record["modules"]
    # the installation (the standard library, site-packages) is keyed as a whole instead
    assert not [path for path in record["read"] if path.startswith(sys.base_prefix)]
    assert not [path for path in record["read"] if path.endswith(".pyc")]


def test_what_the_import_system_lists_to_find_modules_is_left_out(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("", "utf-8")
    record = _record(tmp_path, "import sys\nsys.path.insert(0, '.')\nimport pkg")
    assert str(tmp_path) not in record["listed"]
    assert str(tmp_path / "pkg" / "__init__.py") in record["read"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("import subprocess\nsubprocess.run(['true'])", "starts a program (true)"),
        ("import subprocess\nsubprocess.run('true -x', shell=True)", "starts a program (sh)"),
        ("import os\nos.system('true -x')", "starts a program (true)"),
        (
            "import socket\ns = socket.socket()\ntry:\n    s.connect(('127.0.0.1', 9))\n"
            "except OSError:\n    pass",
            "opens a network connection (socket.connect)",
        ),
    ],
    ids=["subprocess", "shell", "system", "socket"],
)
def test_reads_that_cannot_be_recorded_mark_the_record(tmp_path, code, reason):
    assert _record(tmp_path, code)["unrecordable"] == reason


def test_the_installation_is_named_by_its_folders_and_executable(tmp_path):
    record = _record(tmp_path, "")
    assert record["site"] and all(Path(folder).is_dir() for folder in record["site"])
    assert Path(record["python"]).is_file()


def test_a_file_read_through_a_symbolic_link_is_recorded_as_the_link(tmp_path, files):
    (files / "latest.txt").symlink_to(files / "notes.txt")
    record = _record(tmp_path, "open('data/latest.txt').read()")
    assert str(files / "latest.txt") in record["read"]  # pointed elsewhere, it changed


def test_a_sqlite_database_is_recorded_as_read(tmp_path, files):
    record = _record(
        tmp_path,
        "import sqlite3\nsqlite3.connect('data/db.sqlite').execute('select 1')\n"
        "sqlite3.connect(':memory:')",
    )
    assert str(files / "db.sqlite") in record["read"]
    assert str(files / "db.sqlite-wal") in record["read"]
    assert record["unrecordable"] == ""
    by_uri = _record(tmp_path, "import sqlite3\nsqlite3.connect('file:data/db.sqlite', uri=True)")
    assert by_uri["unrecordable"] == "opens a database by URI (sqlite3)"


def test_a_folder_read_whole_by_pyarrow_is_recorded_file_by_file(tmp_path, files):
    (files / "dataset").mkdir()
    record = _record(
        tmp_path,
        """
        import pandas, pyarrow.parquet as pq
        pandas.DataFrame({'a': [1]}).to_parquet('data/dataset/part-0.parquet')
        pandas.read_parquet('data/dataset')
        """,
    )
    assert str(files / "dataset") in record["listed"]
    assert str(files / "dataset" / "part-0.parquet") in record["read"]


def test_data_read_through_importlib_or_pkgutil_is_recorded(tmp_path):
    package = tmp_path / "pkgdata"
    package.mkdir()
    (package / "__init__.py").write_text("", "utf-8")
    (package / "values.txt").write_text("1\n", "utf-8")
    (package / "more.txt").write_text("2\n", "utf-8")
    (tmp_path / "runme.py").write_text("X = 1\n", "utf-8")
    record = _record(
        tmp_path,
        """
        import sys, pkgutil, importlib.resources, importlib.util
        sys.path.insert(0, '.')
        importlib.resources.files('pkgdata').joinpath('values.txt').read_text()
        pkgutil.get_data('pkgdata', 'more.txt')
        spec = importlib.util.spec_from_file_location('runme', 'runme.py')
        spec.loader.exec_module(importlib.util.module_from_spec(spec))  # not in sys.modules
        """,
    )
    for name in ("pkgdata/values.txt", "pkgdata/more.txt", "runme.py"):
        assert str(tmp_path / name) in record["read"], name


def test_xml_parsed_by_lxml_in_c_is_recorded(tmp_path, files):
    (files / "terms.xml").write_text("<a/>", "utf-8")
    record = _record(tmp_path, "import lxml.etree\nlxml.etree.parse('data/terms.xml')")
    assert str(files / "terms.xml") in record["read"]


def test_what_the_key_covers_otherwise_is_not_recorded(tmp_path, files):
    record = _record(
        tmp_path,
        "with audit.keyed_elsewhere():\n    open('data/notes.txt').read()\n"
        "open('data/side.csv').read()",
    )
    assert str(files / "notes.txt") not in record["read"]
    assert str(files / "side.csv") in record["read"]
