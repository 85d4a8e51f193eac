"""Vendor the map library into the package: ``python -m nnatlas.web.vendor``.

Copies Leaflet's built files and its licence from ``node_modules/leaflet`` (installed from the
npm registry by ``npm ci`` with the version pinned in ``package-lock.json``) into
``static/vendor/leaflet/``, so the atlas serves them itself and needs no CDN at run time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

STATIC = Path(__file__).with_name("static")
TARGET = STATIC / "vendor" / "leaflet"
#: What the pages use, relative to ``node_modules/leaflet``: the script, its stylesheet, the licence.
FILES = ("dist/leaflet.js", "dist/leaflet.css", "LICENSE")


def vendor(node_modules: Path, target: Path = TARGET) -> list[Path]:
    """Copy :data:`FILES` of Leaflet from ``node_modules`` into ``target``; return the files written."""
    package = node_modules / "leaflet"
    missing = [f for f in FILES if not (package / f).is_file()]
    if missing:
        raise SystemExit(f"nnatlas: {package} lacks {', '.join(missing)}; run `npm ci --ignore-scripts` first")
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        out = target / Path(name).name
        shutil.copyfile(package / name, out)
        written.append(out)
    (target / "VERSION").write_text(version + "\n", encoding="utf-8")
    return [*written, target / "VERSION"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, default=Path("node_modules"), help="where npm installed leaflet")
    args = parser.parse_args(argv)
    for path in vendor(args.node_modules):
        print(path, file=sys.stderr)


if __name__ == "__main__":
    main()
