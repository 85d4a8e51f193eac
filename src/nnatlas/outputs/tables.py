"""The paper's tables and the data behind its figures, rebuilt from the dataset at any date.

The text of the paper consulted holds the captions of Table 1 ("The development state and
construction scale of the NNA"), Table 2 ("The administrative organization of the NNA"),
Fig. 2 ("The spatial layout of the NNA") and Fig. 3 ("The management functions of the NNA") but
not their bodies, so the columns follow the captions and the text of §3.1-§3.2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from nnatlas.analysis import framework
from nnatlas.analysis.framework.size import best_planning_area
from nnatlas.atlas import AreaState, Atlas, Snapshot, snapshot_of
from nnatlas.atlas.timeline import statistic
from nnatlas.core.errors import UsageError
from nnatlas.core.settings import PAPER_DATE

TABLES = {
    "1": "Table 1 The development state and construction scale of the NNA (§3.1)",
    "2": "Table 2 The administrative organization of the NNA (§3.2)",
    "fig2": "Data behind Fig. 2 The spatial layout of the NNA (§3.1)",
    "fig3": "Data behind Fig. 3 The management functions of the NNA (§3.2)",
}


def _main_body(st) -> str | None:
    for kind in ("management_committee", "district_government", "leadership_group"):
        for b in st.bodies:
            if b.kind == kind:
                return b.name_zh or b.name_en
    return None


def _row(snap: Snapshot, st: AreaState, which: str) -> dict[str, Any]:
    atlas, a, fw = snap.atlas, st.area, framework.record(snap, st.area.id)
    best = best_planning_area(st)
    base = {"id": a.id, "as_of": snap.day.isoformat(), "name_en": a.names.en, "name_zh": a.names.zh_short or a.names.zh}
    if which == "1":
        year = st.day.year
        gdp = statistic(a, "gdp_100m_yuan", year, scope=None)
        pop = statistic(a, "population_10k", year, scope=None)
        return base | {
            "province": atlas.province_name(a.province),
            "approved": str(a.approval.date),
            "stage": fw["size"]["stage"],
            "region": fw["size"]["region"],
            "planning_area_km2": best["value"],
            "planning_area_definition": best["definition"],
            "planning_area_since": best["since"],
            "approved_land_area_km2": fw["size"]["planning_area_km2"],
            "county_units": fw["size"]["county_units"],
            "prefecture_units": fw["size"]["prefecture_units"],
            f"gdp_{year}_100m_yuan": gdp.value if gdp else None,
            "gdp_scope": gdp.scope if gdp else None,
            f"population_{year}_10k": pop.value if pop else None,
            "population_scope": pop.scope if pop else None,
        }
    if which == "2":
        return base | {
            "org_type": fw["level"]["org_type"],
            "rank": fw["level"]["rank"],
            "governing_body": _main_body(st),
            "formal_hierarchy": fw["level"]["formal_hierarchy"],
            "provincial_leadership_group": fw["relation"]["provincial_leadership_group"],
            "trusteeship": fw["relation"]["trusteeship"],
            "management_mode": fw["relation"]["management_mode"],
        }
    if which == "fig2":
        return base | {
            "province_code": a.province,
            "region": fw["size"]["region"],
            "stage": fw["size"]["stage"],
            "approved": str(a.approval.date),
            "planning_area_km2": fw["size"]["planning_area_km2"],
        }
    return base | {
        "org_type": fw["level"]["org_type"],
        "economic_functions": fw["level"]["economic_functions"],
        "social_functions": fw["level"]["social_functions"],
    }


def table_key(which: str) -> str:
    """'1', 'Table 2', 'fig3' -> the key of :data:`TABLES`."""
    return str(which).lower().removeprefix("table").strip()


def check_table(which: str) -> str:
    """The key of table ``which``, or a one-line :class:`UsageError` naming the accepted ones."""
    key = table_key(which)
    if key not in TABLES:
        raise UsageError(f"unknown table {which!r}: use 1, 2, fig2 or fig3")
    return key


def table(source: Atlas | Snapshot, which: str, at: str | dt.date | None = None) -> list[dict[str, Any]]:
    """Rows of Table 1, Table 2 or the data of Fig. 2 / Fig. 3, on a snapshot or on an atlas as of
    ``at`` (default: the end of 2018, the paper's date)."""
    key = check_table(which)
    snap = snapshot_of(source, at, default=PAPER_DATE)
    return [_row(snap, st, key) for st in snap.states]


def frame(source: Atlas | Snapshot, which: str, at: str | dt.date | None = None):
    """The table as a pandas DataFrame indexed by NNA id."""
    import pandas as pd

    return pd.DataFrame(table(source, which, at)).set_index("id")
