"""nnatlas: China's State-level New Areas through the lens of scale politics.

>>> import nnatlas as na
>>> atlas = na.load()
>>> atlas["liangjiang"].names.en
'Liangjiang New Area'
>>> snap = atlas.at("2018")          # the atlas as of 2018-12-31

The package is layered in rings, each a folder, and no module imports from a later ring:
``core`` (settings, errors, files, text) -> ``ingest`` (vocabulary, dates, models, reading and
checking records) -> ``atlas`` (timeline, Atlas, Snapshot) -> ``analysis`` (framework, network,
claims, coverage, geo) -> ``validation`` -> ``outputs`` (tables, codebook, export, plot, build)
-> ``cli``. ``tests/test_architecture.py`` enforces it.

This module defines nothing: it re-exports the public names, and loads ``framework``,
``claims``, ``network``, ``geo``, ``plot``, ``export`` and ``validate`` on first use.
"""

from __future__ import annotations

from nnatlas.atlas import AreaState, Atlas, Snapshot, load
from nnatlas.core.errors import DataValidationError, DateError, NNAtlasError, UnknownAreaError, UsageError
from nnatlas.core.lazy import lazy_attributes
from nnatlas.core.settings import VERSION as __version__
from nnatlas.ingest.problems import Problem, Report

_LAZY = {
    "framework": ("nnatlas.analysis.framework", None),
    "claims": ("nnatlas.analysis.claims", None),
    "network": ("nnatlas.analysis.network", None),
    "coverage": ("nnatlas.analysis.coverage", None),
    "geo": ("nnatlas.analysis.geo", None),
    "plot": ("nnatlas.outputs.plot", None),
    "export": ("nnatlas.outputs.export", None),
    "tables": ("nnatlas.outputs.tables", None),
    "typologies": ("nnatlas.analysis.typologies", None),
    "validate": ("nnatlas.validation", "validate"),
}

__all__ = [
    "AreaState",
    "Atlas",
    "DataValidationError",
    "DateError",
    "NNAtlasError",
    "Problem",
    "Report",
    "Snapshot",
    "UnknownAreaError",
    "UsageError",
    "__version__",
    "load",
    *_LAZY,
]


__getattr__ = lazy_attributes(__name__, _LAZY)


def __dir__() -> list[str]:
    return sorted(__all__)
