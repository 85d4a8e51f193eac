"""Figures of the stage model: the timeline of stage and governance alignment (``nnatlas stages --out``)
and the back-test on Pudong's and Binhai's own histories (``nnatlas stages --backtest --out``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from nnatlas.analysis.framework.stages import StageModel, panel
from nnatlas.ingest import vocab
from nnatlas.ingest.dates import PartialDate
from nnatlas.outputs.plot import _base as figures

STAGE_COLOURS = {
    "start_up": "#c6dbef",
    "transition_to_expansion": "#9ecae1",
    "expansion": "#6baed6",
    "transition_to_maturity": "#3182bd",
    "maturity": "#08519c",
    "unknown": "#eeeeee",
}
#: Transition bands are hatched, so they read as "either stage".
STAGE_HATCH = {"transition_to_expansion": "////", "transition_to_maturity": "////"}
GAP_MARKERS = {"aligned": ("o", "#2ca02c"), "lagging": ("v", "#d62728"), "ahead": ("^", "#9467bd"), "unknown": ("o", "#9e9e9e")}
ORG_COLOURS = {
    "leadership_group": "#fdd0a2",
    "management_committee": "#fd8d3c",
    "area_division_integration": "#a6761d",
    "government": "#a63603",
}
LEVEL_COLOURS = {True: "#41ab5d", False: "#fcbba1", None: "#eeeeee"}
VERDICT_COLOURS = {
    "reproduced": "#238b45",
    "earlier": "#cb181d",
    "later": "#cb181d",
    "undetermined": "#777777",
    "not_reached": "#cb181d",
}
LABELS = {
    "en": {
        "title": "Development stage and governance alignment of the National New Areas (state at each year's end)",
        "x": "Year",
        "stage": "Stage",
        "gap": "Governance vs stage",
        "bt_title": "Back-test of the stage model on Pudong's and Binhai's own histories",
        "model_stage": "Model stage",
        "org": "Organisation (data)",
        "level": "Level {k} met",
        "met": "Met",
        "not_met": "Not met",
        "unknown": "Unknown",
        "window": "Window the model expects",
        "start": "start",
    },
    "zh": {
        "title": "国家级新区发展阶段与治理匹配（各年年末）",
        "x": "年份",
        "stage": "阶段",
        "gap": "治理与阶段",
        "bt_title": "发展阶段模型对浦东、滨海自身历史的回测",
        "model_stage": "模型阶段",
        "org": "组织类型（数据）",
        "level": "{k} 级治理",
        "met": "达到",
        "not_met": "未达到",
        "unknown": "未知",
        "window": "模型预期区间",
        "start": "起算",
    },
}


def _names(atlas, lang: str) -> dict[str, str]:
    return {a.id: (a.names.zh_short or a.names.zh) if lang == "zh" else a.names.en.replace(" New Area", "") for a in atlas}


def _stage_handles(lang: str) -> list[Any]:
    from matplotlib.patches import Patch

    return [
        Patch(
            facecolor=c,
            edgecolor="white" if s not in STAGE_HATCH else "#ffffff",
            hatch=STAGE_HATCH.get(s),
            label=vocab.DEVELOPMENT_STAGES.label(s, lang),
        )
        for s, c in STAGE_COLOURS.items()
    ]


def draw(atlas, start: int, end: int, model: StageModel, out: str | Path, *, lang: str = "en") -> Path:
    from matplotlib.lines import Line2D

    figures.setup(lang)
    import matplotlib.pyplot as plt

    rows = panel(atlas, start, end, model)
    ids = [a.id for a in atlas if any(r["id"] == a.id for r in rows)]
    names = _names(atlas, lang)
    t = LABELS[lang]
    fig, ax = plt.subplots(figsize=(11.5, 0.38 * len(ids) + 2.0))
    y = {i: n for n, i in enumerate(reversed(ids))}
    for r in rows:
        ax.barh(
            y[r["id"]],
            1,
            left=r["year"] - 0.5,
            height=0.7,
            color=STAGE_COLOURS[r["stage"]],
            hatch=STAGE_HATCH.get(r["stage"]),
            edgecolor="white",
            linewidth=0,
        )
        marker, colour = GAP_MARKERS[r["gap"]]
        unknown = r["gap"] == "unknown"
        ax.plot(
            r["year"],
            y[r["id"]],
            marker=marker,
            color=colour,
            markersize=3.5 if unknown else 5,
            markerfacecolor="white" if unknown else colour,
            markeredgecolor=colour if unknown else "white",
            markeredgewidth=0.8 if unknown else 0.4,
            linestyle="none",
        )
    ax.set_yticks(list(y.values()), [names[i] for i in y])
    ax.set_xlim(start - 0.6, end + 0.6)
    ax.set_xlabel(t["x"])
    ax.set_title(t["title"], fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    ax.set_axisbelow(True)
    gap_handles = [
        Line2D(
            [],
            [],
            marker=m,
            color=c,
            linestyle="none",
            label=vocab.GAPS.label(g, lang),
            markerfacecolor="white" if g == "unknown" else c,
        )
        for g, (m, c) in GAP_MARKERS.items()
    ]
    # the wider legend last: the axes' own legend counts in the tight bounding box, an added artist may not
    leg = ax.legend(handles=gap_handles, title=t["gap"], loc="upper left", bbox_to_anchor=(1.01, 0.42), frameon=False)
    ax.add_artist(leg)
    ax.legend(handles=_stage_handles(lang), title=t["stage"], loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    note = (
        f"Paper §4. Model: {model.describe()}.\nIn a transition band (hatched) the governance of either stage is aligned. "
        f"State at the end of each year, {start}-12-31 to {end}-12-31. Source: nnatlas data."
        if lang == "en"
        else f"论文第4节。模型：{model.describe_zh()}。\n过渡区间（斜线）内两阶段的治理均视为相符。"
        f"各年年末状态：{start}-12-31 至 {end}-12-31。数据：nnatlas。"
    )
    fig.text(0.01, 0.0, note, fontsize=7.5, color="#555555", va="top")
    return figures.save(fig, out, metadata={"Title": t["title"]}, data_version=figures.version_of(atlas), lang=lang)


def _year(day: dt.date) -> float:
    """A date as a decimal year."""
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / (dt.date(day.year + 1, 1, 1) - start).days


def _after(start: PartialDate, years: float) -> float:
    return _year(start.first_day) + years


def draw_backtest(records: list[dict[str, Any]], model: StageModel, out: str | Path, *, lang: str = "en") -> Path:
    """The back-test (:func:`nnatlas.analysis.framework.stages.backtest`) of each NNA in ``records``:
    the model's stage by date, the organisation path in the data, and the governance levels the model
    reads at each year's end, with the windows the model expects outlined and each step's verdict."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    figures.setup(lang)
    import matplotlib.pyplot as plt

    t = LABELS[lang]
    recs = [r for r in records if r["start"]["date"]]
    starts = {r["id"]: PartialDate.parse(r["start"]["date"]) for r in recs}
    as_of = dt.date.fromisoformat(records[0]["as_of"]) if records else dt.date.today()
    x0 = min((s.first_day.year for s in starts.values()), default=as_of.year) - 0.5
    x1 = _year(as_of) + 0.5
    fig, axes = plt.subplots(len(recs) or 1, 1, figsize=(13, 2.6 * max(len(recs), 1) + 1.4), squeeze=False)
    rows = [t["model_stage"], t["org"], *(t["level"].format(k=k) for k in (1, 2, 3))]
    for ax, rec in zip(axes[:, 0], recs or [None], strict=False):
        ax.set_xlim(x0, x1)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_yticks(range(len(rows)), list(reversed(rows)))
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
        ax.set_axisbelow(True)
        if rec is None:
            continue
        s = starts[rec["id"]]
        y_stage, y_org = len(rows) - 1, len(rows) - 2
        # the model's stage by date
        cuts = [
            0,
            model.expansion_from,
            model.expansion_by,
            model.maturity_from,
            model.maturity_by,
        ]
        for stage, a, b in zip(
            ("start_up", "transition_to_expansion", "expansion", "transition_to_maturity", "maturity"),
            cuts,
            [*cuts[1:], None],
            strict=True,
        ):
            left = _after(s, a)
            right = x1 if b is None else _after(s, b)
            if right > left:
                ax.barh(
                    y_stage,
                    right - left,
                    left=left,
                    height=0.7,
                    color=STAGE_COLOURS[stage],
                    hatch=STAGE_HATCH.get(stage),
                    edgecolor="white",
                    linewidth=0,
                )
        # the organisation path in the data
        dated = [p for p in rec["org_path"] if p["since"]]
        for n, p in enumerate(dated):
            left = _year(PartialDate.parse(p["since"]).first_day)
            right = _year(PartialDate.parse(dated[n + 1]["since"]).first_day) if n + 1 < len(dated) else x1
            ax.barh(y_org, right - left, left=left, height=0.7, color=ORG_COLOURS.get(p["org_type"], "#bbbbbb"), linewidth=0)
            ax.plot([left, left], [y_org - 0.35, y_org + 0.35], color="black", linewidth=0.8)
        for p in rec["org_path"]:
            w = p["expected_age_years"]
            if not w:
                continue
            a = _after(s, w[0] if w[0] is not None else 0)
            ax.add_patch(
                Rectangle(
                    (a, y_org - 0.42),
                    _after(s, w[1]) - a,
                    0.84,
                    fill=False,
                    edgecolor=ORG_COLOURS.get(p["org_type"], "#333333"),
                    linestyle="--",
                    linewidth=1.4,
                )
            )
        # the governance levels the model reads at each year's end
        for k in (1, 2, 3):
            yk = len(rows) - 2 - k
            for y in rec["years"]:
                v = y["levels"][str(k)]
                ax.barh(yk, 1, left=y["year"], height=0.7, color=LEVEL_COLOURS[v], linewidth=0)
            step = rec["levels"][k - 1]
            if step["expected_from_year"] is not None:
                e1 = step["expected_by_year"] if step["expected_by_year"] is not None else step["expected_from_year"]
                ax.add_patch(
                    Rectangle(
                        (step["expected_from_year"], yk - 0.42),
                        e1 + 1 - step["expected_from_year"],
                        0.84,
                        fill=False,
                        edgecolor="black",
                        linestyle="--",
                        linewidth=1.1,
                    )
                )
        # verdicts at the right, one line per step
        lines = {y_org: [(_org_line(p, lang), p["verdict"]) for p in rec["org_path"]]}
        for k in (1, 2, 3):
            lines[len(rows) - 2 - k] = [(_level_line(rec["levels"][k - 1], lang), rec["levels"][k - 1]["verdict"])]
        for yy, items in lines.items():
            for i, (text, v) in enumerate(items):
                ax.annotate(
                    text,
                    xy=(1.01, yy),
                    xycoords=("axes fraction", "data"),
                    xytext=(0, ((len(items) - 1) / 2 - i) * 9),
                    textcoords="offset points",
                    fontsize=7,
                    va="center",
                    color=VERDICT_COLOURS[v],
                    annotation_clip=False,
                )
        ax.axvline(_year(s.first_day), color="#333333", linewidth=0.8)
        name = rec["name_en"].replace(" New Area", "") if lang == "en" else rec["id"]
        verdict = {True: ("reproduced", "复现"), False: ("not reproduced", "未复现"), None: ("undetermined", "无法判定")}[
            rec["reproduced"]
        ][lang == "zh"]
        basis = vocab.STAGE_STARTS.label(rec["start"]["basis"], lang)
        head = (
            f"{name}: {t['start']}: {basis.lower()} {rec['start']['date']} - {verdict}"
            if lang == "en"
            else f"{rec['name_zh']}：{t['start']}为{basis} {rec['start']['date']}，{verdict}"
        )
        ax.set_title(head, fontsize=10, loc="left")
    axes[-1, 0].set_xlabel(t["x"])
    fig.suptitle(t["bt_title"], x=0.01, ha="left", fontsize=11.5)
    handles = [
        *_stage_handles(lang)[:5],
        *(
            Patch(color=c, label=vocab.ORG_TYPES.label(o, lang))
            for o, c in ORG_COLOURS.items()
            if o != "area_division_integration"
        ),
        Patch(color=LEVEL_COLOURS[True], label=t["met"]),
        Patch(color=LEVEL_COLOURS[False], label=t["not_met"]),
        Patch(color=LEVEL_COLOURS[None], label=t["unknown"]),
        Line2D([], [], color="black", linestyle="--", label=t["window"]),
    ]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, 0.03), ncol=6, frameon=False, fontsize=7.5)
    note = (
        f"Paper §4 and §3.2 (their bodies 'evolved from leadership group to management committee and finally ... "
        f"government').\nModel: {model.describe()}.\nOrganisation and stage by date; levels as the model reads the data at each "
        f"year's end, to {as_of}. Dashed boxes: where the model expects the management committee (3-5 year band), the "
        f"government (7-10 year band) and each level.\nLevel 3's window assumes the mission basically completed, which the "
        f"data do not say. Source: nnatlas data."
        if lang == "en"
        else f"论文第4节与第3.2节（两新区管理机构“由领导小组到管委会，最终成为政府”）。\n模型：{model.describe_zh()}。\n"
        f"组织类型与阶段按日期；治理层级为模型对各年年末数据的判读，至 {as_of}。虚线框：模型预期管委会（3–5年区间）、"
        f"政府（7–10年区间）及各层级出现的时间。\n三级治理的预期区间假定建设发展任务已基本完成，数据中无此项。数据：nnatlas。"
    )
    fig.text(0.01, -0.07, note, fontsize=7.5, color="#555555", va="top")
    fig.subplots_adjust(left=0.1, right=0.62, top=0.9, bottom=0.1, hspace=0.5)
    return figures.save(fig, out, metadata={"Title": t["bt_title"]})


def _org_line(p: dict[str, Any], lang: str) -> str:
    """One step of the organisation path: its date, age, the model's window and the verdict."""
    w = p["expected_age_years"]
    window = "—" if not w else (f"{w[0]:g}-{w[1]:g}" if w[0] is not None else f"<{w[1]:g}")
    age = p["age_years"]
    if age is None:
        when = "not in the data" if lang == "en" else "数据无记录"
    else:
        span = f"<={age[1]:.1f}" if age[0] is None else f"{age[0]:.1f}" if age[0] == age[1] else f"{age[0]:.1f}-{age[1]:.1f}"
        when = f"{p['since']}, {span} y" if lang == "en" else f"{p['since']}，{span} 年"
    org = vocab.ORG_TYPES.label(p["org_type"], lang)
    verdict = vocab.BACKTEST_VERDICTS.label(p["verdict"], lang)
    if lang == "zh":
        return f"{org}：{when}（模型 {window} 年）→ {verdict}"
    return f"{org}: {when} (model {window} y) -> {verdict.lower()}"


def _level_line(step: dict[str, Any], lang: str) -> str:
    """One governance level: when the data show it met, the model's years and the verdict."""
    e0, e1 = step["expected_from_year"], step["expected_by_year"]
    window = "—" if e0 is None else str(e0) if e0 == e1 or e1 is None else f"{e0}-{e1}"
    verdict = vocab.BACKTEST_VERDICTS.label(step["verdict"], lang)
    known, possible = step["known_from_year"], step["possible_from_year"]
    if lang == "zh":
        got = f"{known} 年起已知达到（最早 {possible} 年）" if known else "从未已知达到" if possible else "未达到"
        return f"{got}；模型 {window} 年 → {verdict}"
    got = f"known met from {known} (possibly {possible})" if known else "never known met" if possible else "not met"
    return f"{got}; model {window} -> {verdict.lower()}"
