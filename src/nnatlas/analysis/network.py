"""Scale as relation: the governance network of one NNA as of a date, and its measures (paper §3.3).

The network is a directed graph whose nodes are the NNA's governance bodies (``bodies:`` in the
data) and whose edges are the typed relations between them (``relations:``). Every graph starts
from the State Council's approval: when the data has no State Council body, or none that
approves, a *derived* node and ``approves`` edge are added, citing the approval's sources.

Definitions
-----------
tier
    The body's place in the administrative hierarchy, top to bottom: ``national`` (State
    Council), ``provincial``, ``municipal``, ``district`` (district and county governments, the
    NNA's management committee and working committee), ``functional_area`` and ``township``
    (townships and streets). It follows the body's kind; kinds without a fixed place (leadership
    group, other) take it from their rank, then from the adcode of the unit they govern.
NNA authority
    The NNA's own governing bodies: its management committees and party working committees,
    and any government, party committee or other organ whose Chinese name contains the NNA's
    short name (上海市浦东新区人民政府). A leadership group is the authority only when none of
    these exists.
management edge
    A ``leads``, ``dispatches``, ``entrusts``, ``holds_in_trust`` or ``delegates_county_authority``
    relation, followed from its ``from`` body to its ``to`` body (an ``entrusts`` relation written
    from a township or street to its trustee is followed the other way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from nnatlas.analysis.framework.relation import LEVELS_BY_MODE
from nnatlas.atlas import AreaState, Atlas, Snapshot, snapshot_of
from nnatlas.ingest import vocab
from nnatlas.ingest.models import Body, Relation

TIERS = tuple(vocab.TIERS)
KIND_TIER = {
    "state_council": "national",
    "provincial_party_committee": "provincial",
    "provincial_government": "provincial",
    "municipal_party_committee": "municipal",
    "municipal_government": "municipal",
    "district_party_committee": "district",
    "district_government": "district",
    "county_government": "district",
    "management_committee": "district",
    "party_working_committee": "district",
    "functional_area_committee": "functional_area",
    "township": "township",
    "street": "township",
}
RANK_TIER = {
    "national": "national",
    "provincial": "provincial",
    "sub_provincial": "provincial",
    "prefecture": "municipal",
    "sub_prefecture": "municipal",
    "county": "district",
    "sub_county": "district",
    "township": "township",
}
GOVERNMENT_KINDS = ("provincial_government", "municipal_government", "district_government", "county_government")
TOWNSHIP_KINDS = ("township", "street")
PARTY_COMMITTEE_KINDS = ("provincial_party_committee", "municipal_party_committee")
#: Words that mark a body of kind ``other`` as an organ (not, say, a group of townships).
ORGAN_WORDS = ("政府", "委员会", "管委会", "工委")
AUTHORITY_KINDS = ("management_committee", "party_working_committee")
MANAGEMENT_KINDS = ("leads", "dispatches", "entrusts", "holds_in_trust", "delegates_county_authority")
COORDINATION_KINDS = ("leads", "coordinates")
#: When two bodies have several relations, the edge's ``kind`` is the first of them in this order.
KIND_PRECEDENCE = (
    "approves",
    "leads",
    "dispatches",
    "entrusts",
    "holds_in_trust",
    "delegates_county_authority",
    "coordinates",
    "reviews_files",
    "hosts",
)
STATE_COUNCIL_ID = "state_council"
NEW_AREA_ID = "new_area"


# --- building ------------------------------------------------------------------------------------
def body_tier(body: Body) -> str:
    """The tier of a body: by kind, else by rank, else by the adcode of its unit, else ``provincial``
    for a leadership group (they are mostly provincial, paper §3.3) and ``district`` for others."""
    if body.kind in KIND_TIER:
        return KIND_TIER[body.kind]
    if body.rank:
        return RANK_TIER[body.rank]
    if body.unit and len(body.unit) == 6:
        return "provincial" if body.unit.endswith("0000") else "municipal" if body.unit.endswith("00") else "district"
    return "provincial" if body.kind == "leadership_group" else "district"


def is_nna_authority(body: Body, short_names: Sequence[str]) -> bool:
    """True for the NNA's management and working committees, and for a government, party committee
    or other organ (its name contains 政府, 委员会, 管委会 or 工委) named after the NNA."""
    if body.kind in AUTHORITY_KINDS:
        return True
    name = body.name_zh or ""
    if body.kind == "other" and not any(word in name for word in ORGAN_WORDS):
        return False
    if body.kind not in (*GOVERNMENT_KINDS, *PARTY_COMMITTEE_KINDS, "other"):
        return False
    return any(n and n in name for n in short_names)


def build_graph(
    bodies: Iterable[Body],
    relations: Iterable[Relation],
    *,
    short_names: Sequence[str] = (),
    approval_sources: Sequence[str] = (),
    new_area_names: tuple[str | None, str | None] = (None, None),
    add_approval: bool = True,
) -> nx.DiGraph:
    """The governance graph of a set of bodies and relations.

    Parameters
    ----------
    bodies, relations
        The records valid on the day (see :func:`nnatlas.atlas.timeline.bodies_at`).
    short_names
        Names of the NNA (e.g. ``("浦东新区",)``) that identify its own government in body names.
    approval_sources
        Sources of the State Council approval, cited by a derived ``approves`` edge.
    new_area_names
        (Chinese, English) names of a derived node standing for the NNA when there are no bodies.
    add_approval
        Add the derived State Council node and ``approves`` edge where the data lacks them.

    Returns
    -------
    networkx.DiGraph
        Nodes carry ``kind, name_zh, name_en, rank, unit, tier, nna_authority, derived, sources, note``;
        edges carry ``kind`` (the first of :data:`KIND_PRECEDENCE` among the pair's relations),
        ``kinds``, ``sources`` and ``relations`` (one dict per relation). ``nna_authority`` marks the NNA
        authority (see the module docstring).
    """
    g = nx.DiGraph()
    bodies = list(bodies)
    for b in bodies:
        g.add_node(
            b.id,
            kind=b.kind,
            name_zh=b.name_zh,
            name_en=b.name_en,
            rank=b.rank,
            unit=b.unit,
            tier=body_tier(b),
            nna_authority=is_nna_authority(b, short_names),
            derived=False,
            sources=[str(s) for s in b.sources],
            note=b.note,
        )
    if not any(d["nna_authority"] for _, d in g.nodes(data=True)):  # a leadership group governs, if anything
        for b in bodies:
            if b.kind == "leadership_group":
                g.nodes[b.id]["nna_authority"] = True
    for r in relations:
        _add_relation(g, r.from_, r.to, r.kind, [str(s) for s in r.sources], r.note, derived=False)
    if add_approval:
        _add_approval(g, list(approval_sources), new_area_names)
    return g


def _add_relation(g: nx.DiGraph, u: str, v: str, kind: str, sources: list[str], note: str | None, *, derived: bool) -> None:
    record = {"kind": kind, "sources": sources, "note": note, "derived": derived}
    if g.has_edge(u, v):
        data = g.edges[u, v]
        data["relations"].append(record)
        data["kinds"] = sorted({*data["kinds"], kind}, key=KIND_PRECEDENCE.index)
        data["kind"] = data["kinds"][0]
        data["sources"] = list(dict.fromkeys([*data["sources"], *sources]))
        data["derived"] = data["derived"] and derived
    else:
        g.add_edge(u, v, kind=kind, kinds=[kind], sources=list(sources), relations=[record], derived=derived)


def top_body(g: nx.DiGraph) -> str | None:
    """The body the approval is addressed to: the highest-tier body, governments first."""
    candidates = [n for n, d in g.nodes(data=True) if d["kind"] != "state_council"]
    if not candidates:
        return None

    def order(n: str) -> tuple[int, int, int, str]:
        d = g.nodes[n]
        return (TIERS.index(d["tier"]), d["kind"] not in GOVERNMENT_KINDS, not d["nna_authority"], n)

    return min(candidates, key=order)


def _add_approval(g: nx.DiGraph, sources: list[str], names: tuple[str | None, str | None]) -> None:
    councils = [n for n, d in g.nodes(data=True) if d["kind"] == "state_council"]
    if any(d["kind"] == "approves" for c in councils for _, _, d in g.out_edges(c, data=True)):
        return
    note = "Added by nnatlas: the State Council approval of the NNA (the data has no such relation)."
    if councils:
        council = councils[0]
    else:
        council = STATE_COUNCIL_ID if STATE_COUNCIL_ID not in g else f"{STATE_COUNCIL_ID}_approval"
        g.add_node(
            council,
            kind="state_council",
            name_zh="国务院",
            name_en="State Council",
            rank="national",
            unit=None,
            tier="national",
            nna_authority=False,
            derived=True,
            sources=list(sources),
            note=note,
        )
    target = top_body(g)
    if target is None:
        target = NEW_AREA_ID
        g.add_node(
            target,
            kind="new_area",
            name_zh=names[0],
            name_en=names[1],
            rank=None,
            unit=None,
            tier="district",
            nna_authority=True,
            derived=True,
            sources=list(sources),
            note="Added by nnatlas: the NNA itself; the data records no governance bodies.",
        )
    _add_relation(g, council, target, "approves", list(sources), note, derived=True)


def state_graph(st: AreaState) -> nx.DiGraph:
    """The governance graph of one NNA state (see :func:`build_graph`)."""
    a = st.area
    names = tuple(dict.fromkeys(n for n in (a.names.zh_short, a.names.zh) if n))
    g = build_graph(
        st.bodies,
        st.relations,
        short_names=names,
        approval_sources=[str(s) for s in a.approval.sources],
        new_area_names=(a.names.zh, a.names.en),
        add_approval=st.exists,
    )
    g.graph.update(id=a.id, as_of=st.day.isoformat(), name_zh=a.names.zh, name_en=a.names.en, exists=st.exists)
    return g


def governance_graph(source: Atlas | Snapshot, id: str, at: str | dt.date | None = None) -> nx.DiGraph:
    """The governance network of NNA ``id`` in a snapshot (or an atlas as of ``at``, default today)."""
    return state_graph(snapshot_of(source, at).state(id))


# --- measures ------------------------------------------------------------------------------------
def authority(g: nx.DiGraph) -> list[str]:
    """The NNA authority's nodes (attribute ``nna_authority``)."""
    return [n for n, d in g.nodes(data=True) if d.get("nna_authority")]


def management_edges(g: nx.DiGraph) -> nx.DiGraph:
    """The subgraph of management edges, oriented from the managing body to the managed one."""
    h = nx.DiGraph()
    h.add_nodes_from(g.nodes)
    for u, v, d in g.edges(data=True):
        kinds = set(d["kinds"]) & set(MANAGEMENT_KINDS)
        if not kinds:
            continue
        upward = kinds == {"entrusts"} and g.nodes[u]["kind"] in TOWNSHIP_KINDS and g.nodes[v]["kind"] not in TOWNSHIP_KINDS
        h.add_edge(*((v, u) if upward else (u, v)))
    return h


def management_levels(g: nx.DiGraph) -> tuple[int | None, list[int], str | None]:
    """Management levels from the NNA authority down to the township level (paper §3.3).

    A township or street at distance *d* (management edges) from the nearest authority body lies
    *d* + 1 levels down: 2 when the NNA body manages it directly ("new area - township"), 3 via a
    district government or functional-area committee ("new area - district/functional area -
    township/street").

    Returns
    -------
    (levels, found, note)
        ``levels`` is the deepest count over the townships reached (None when none is reached);
        ``found`` the distinct counts, sorted; ``note`` says why ``levels`` is None or that the
        townships lie at different depths.
    """
    townships = [n for n, d in g.nodes(data=True) if d["kind"] in TOWNSHIP_KINDS]
    if not townships:
        return None, [], "no township or street bodies in the data at this date"
    sources = authority(g)
    if not sources:
        return None, [], "no NNA authority body (management committee, working committee or own government)"
    h = management_edges(g)
    dist = nx.multi_source_dijkstra_path_length(h, sources)
    found = sorted({dist[t] + 1 for t in townships if t in dist and dist[t] > 0})
    if not found:
        return (
            None,
            [],
            (
                f"{len(townships)} township or street bodies, none reached from the NNA authority "
                "along leads/dispatches/entrusts/delegates edges"
            ),
        )
    note = None if len(found) == 1 else f"townships lie {' and '.join(map(str, found))} levels down; the deepest is given"
    return found[-1], found, note


def _rank_of(g: nx.DiGraph, n: str, st: AreaState | None) -> str | None:
    d = g.nodes[n]
    if d["rank"] is None and d["kind"] == "leadership_group" and st is not None:
        return st.value("leadership_group_head_rank")
    return d["rank"]


def highest_coordinator(g: nx.DiGraph, st: AreaState | None = None) -> tuple[str | None, str | None]:
    """The highest-ranked body with a ``leads`` or ``coordinates`` edge into the NNA authority.

    A body's rank is its recorded rank; a leadership group without one takes the rank of its head
    (fact ``leadership_group_head_rank``). Returns (rank, body id), or (None, None) when no such
    body has a known rank.
    """
    own = set(authority(g))
    ranked = []
    for u, v, d in g.edges(data=True):
        if v in own and u not in own and set(d["kinds"]) & set(COORDINATION_KINDS):
            rank = _rank_of(g, u, st)
            if rank is not None:
                ranked.append((vocab.RANK_ORDER.index(rank), u, rank))
    if not ranked:
        return None, None
    _, body, rank = min(ranked)
    return rank, body


def direct_management_share(st: AreaState) -> float | None:
    """Direct management area over approved land planning area (``planning_area_km2`` facts)."""
    direct = st.value("planning_area_km2", "direct_management")
    land = st.value("planning_area_km2", "approved_land")
    if direct is None or not land:
        return None
    return round(direct / land, 4)


def network_metrics(g: nx.DiGraph, st: AreaState | None = None) -> dict[str, Any]:
    """Measures of scale as relation on a governance graph (paper §3.3).

    Keys
    ----
    management_levels
        See :func:`management_levels`; None when the graph lacks township-level nodes (or they are
        not reached); ``management_levels_note`` says why.
    governments_involved
        Number of government bodies: provincial, municipal, district and county governments.
    highest_coordinating_rank, highest_coordinator
        See :func:`highest_coordinator`.
    direct_management_share
        See :func:`direct_management_share` (None without ``st``).
    coded_mode
        The coded fact ``management_mode``.
    agrees_with_coded_mode
        Whether ``management_levels`` equals the levels the coded mode implies (two_level = 2,
        three_level = 3); None when either is unknown or the mode is ``leadership_group``.
    """
    levels, found, note = management_levels(g)
    rank, coordinator = highest_coordinator(g, st)
    mode = st.value("management_mode") if st is not None else None
    expected = LEVELS_BY_MODE.get(mode)
    return {
        "management_levels": levels,
        "management_levels_found": found,
        "management_levels_note": note,
        "governments_involved": sum(d["kind"] in GOVERNMENT_KINDS for _, d in g.nodes(data=True)),
        "highest_coordinating_rank": rank,
        "highest_coordinator": coordinator,
        "direct_management_share": direct_management_share(st) if st is not None else None,
        "coded_mode": mode,
        "agrees_with_coded_mode": None if levels is None or expected is None else levels == expected,
    }


def check_networks(snap: Snapshot) -> list[dict[str, Any]]:
    """Disagreements between the governance networks' management levels and the coded mode.

    One dict per NNA existing on the snapshot's day whose graph gives a level count other than the one its
    ``management_mode`` implies, with ``code`` (``network-mode-mismatch``), ``file``, ``record``,
    ``field`` and ``message``, for validation to report as warnings.
    """
    out = []
    for st in snap.states:
        m = network_metrics(state_graph(st), st)
        if m["agrees_with_coded_mode"] is False:
            out.append(
                {
                    "code": "network-mode-mismatch",
                    "file": snap.atlas.files.get(st.area.id),
                    "record": st.area.id,
                    "field": "management_mode",
                    "message": (
                        f"as of {st.day}, the governance network puts townships {m['management_levels']} levels "
                        f"below the NNA authority, but management_mode is {m['coded_mode']!r} "
                        f"({LEVELS_BY_MODE[m['coded_mode']]} levels)"
                    ),
                }
            )
    return out


# --- JSON ----------------------------------------------------------------------------------------
def graph_records(g: nx.DiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes (top tier first) and edges (one per relation) as JSON-ready dicts."""
    nodes = [{"id": n, **d} for n, d in sorted(g.nodes(data=True), key=lambda nd: (TIERS.index(nd[1]["tier"]), nd[0]))]
    edges = [{"from": u, "to": v, **r} for u, v, d in g.edges(data=True) for r in d["relations"]]
    edges.sort(key=lambda e: (KIND_PRECEDENCE.index(e["kind"]), e["from"], e["to"]))
    return nodes, edges


def network_json(source: Atlas | Snapshot, id: str, at: str | dt.date | None = None) -> dict[str, Any]:
    """The governance network of one NNA with its measures (``nnatlas network ID --json``).

    ``source`` is a snapshot, or an atlas and ``at`` (default today).
    """
    st = snapshot_of(source, at).state(id)
    g = state_graph(st)
    nodes, edges = graph_records(g)
    return {
        "id": st.area.id,
        "name_en": st.area.names.en,
        "name_zh": st.area.names.zh,
        "as_of": st.day.isoformat(),
        "exists": st.exists,
        **network_metrics(g, st),
        "nodes": nodes,
        "edges": edges,
    }
