from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

# Tests never touch the user's cache of parsed data.
os.environ["NNATLAS_CACHE"] = tempfile.mkdtemp(prefix="nnatlas-test-cache-")

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A writable copy of the small, valid, standalone fixture dataset."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def mini():
    import nnatlas as na

    return na.load(MINI, standalone=True)


def edit_yaml(path: Path, change) -> None:
    """Load a YAML file, let ``change`` mutate the object in place, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def run(capsys, *args):
    """Run ``nnatlas ARGS`` in-process, as the console script does; returns (exit status, stdout, stderr)."""
    from nnatlas import cli

    old = sys.argv
    sys.argv = ["nnatlas", *map(str, args)]
    try:
        cli.main()
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    finally:
        sys.argv = old
    out = capsys.readouterr()
    return code, out.out, out.err


MINI_ARGS = ("--data", MINI, "--standalone")
