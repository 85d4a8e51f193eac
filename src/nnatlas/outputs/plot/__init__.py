"""Every figure and map: the only package that imports matplotlib.

- :mod:`.paper`: the paper's Figs. 1-3 (:func:`~.paper.draw_figure`); :mod:`.framework` (Fig. 1),
  :mod:`.maps` (Fig. 2, the national map), :mod:`.functions` (Fig. 3);
- :mod:`.locator`: one NNA's locator map; :mod:`.network`: governance networks and archetypes;
  :mod:`.stages`: the stage timeline;
- :mod:`._base`: fonts, figure files and saving; :mod:`._style`: the palette and map labels;
  :mod:`._draw`: drawing helpers for maps.

Nothing is imported until a name is used: ``nnatlas.plot.national_map(snapshot, out="m.png")``.
"""

from __future__ import annotations

from nnatlas.core.lazy import lazy_attributes

_EXPORTS = {
    "draw_figure": "paper",
    "draw_framework_figure": "framework",
    "national_map": "maps",
    "draw_functions": "functions",
    "locator_map": "locator",
    "draw_network": "network",
    "draw_archetypes": "network",
    "draw": "stages",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_attributes(__name__, {name: (f".{module}", name) for name, module in _EXPORTS.items()})
