"""The codebook, generated from the framework registry and the vocabularies (so it cannot drift)."""

from __future__ import annotations

import html

from nnatlas.analysis.framework import REGISTRY
from nnatlas.core.errors import UsageError
from nnatlas.ingest import vocab
from nnatlas.outputs.panels import codebook_section

_HEAD = {
    "en": (
        "nnatlas codebook",
        "Variable",
        "Definition",
        "Categories",
        "Paper section",
        "Derivation",
        "Generated from the code: every variable of `nnatlas framework` and `nnatlas stages`.",
    ),
    "zh": (
        "nnatlas 变量手册",
        "变量",
        "定义",
        "类别",
        "论文章节",
        "计算方法",
        "由代码自动生成：`nnatlas framework` 与 `nnatlas stages` 的全部变量。",
    ),
}
_STAGE_VARS = [
    (
        "stages.stage",
        "Development stage by years since the start (paper §4: 'the establishment of the NNA is the start-up stage'; "
        "'When the NNA has been developing for 3-5 years, it will enter the expansion management stage'; 'When the NNA "
        "develops for 7-10 years and has basically completed its construction and development mission ...'). The 3-5 and "
        "7-10 year windows are transition bands [from, by) (--expansion-from/--expansion-by, --maturity-from/"
        "--maturity-by; defaults 3, 5, 7, 10), not points; in_transition and band say so",
        "发展阶段（论文第4节，按起算以来年数）。3–5 年与 7–10 年为过渡区间 [起, 止)（默认 3、5、7、10 年），而非时点",
        vocab.DEVELOPMENT_STAGES,
    ),
    (
        "stages.start",
        "The date years are counted from (--start): national approval (default) or local launch; an undated start, or one "
        "too imprecise to fix the stage, gives stage unknown, never a guess",
        "起算日期（--start）：国家批复（默认）或地方启动；起算日期不详或精度不足时阶段为未知，绝不猜测",
        vocab.STAGE_STARTS,
    ),
    (
        "stages.levels",
        "Governance levels, each met, not met or unknown (three-valued). Level 1 is the paper's start-up test ('a leading "
        "group with high-level officials ... with economic management functions'; §3.3 'a leadership group headed by the "
        "provincial-level leaders'): provincial_leadership_group AND leadership_group_head_rank sub-provincial or above "
        "AND economic_functions, so it fails without a provincial group or with a lower-ranked head. actual_level is the "
        "highest level known met",
        "治理层级，各为达到、未达到或未知（三值逻辑）。一级为论文的起步期检验：省级领导小组、组长为副省级及以上领导、具有经济管理职能，"
        "三者同时满足；无省级领导小组或组长级别较低则不满足",
        vocab.GOVERNANCE_LEVELS,
    ),
    (
        "stages.gap",
        "Governance compared with what the stage accepts: in a transition band either stage's level is accepted (aligned "
        "if it meets the lower, ahead only beyond the upper); unknown when the unknown levels or the unknown mission could "
        "give different verdicts (gap_if_mission gives both)",
        "实际治理与阶段要求的差距：过渡区间内两阶段的治理层级均可（达到较低者即相符，超过较高者才算超前）；"
        "未知层级或未知的任务完成情况可能给出不同判断时为未知（gap_if_mission 给出两种情形）",
        vocab.GAPS,
    ),
    (
        "stages.mission_completed",
        "The maturity criterion 'has basically completed its construction and development mission' (paper §4). The data "
        "hold no measure of it (no plan targets or their attainment), so it is an explicit unknown: from the 7-year band "
        "on, an NNA is mature if the mission is complete and still in expansion if not; it is settled only by --mission "
        "or an override's mission_completed, never from the data",
        "成熟期条件“已基本完成建设发展任务”（论文第4节）。数据中无此衡量（无规划目标及其完成情况），故为明确的未知项："
        "自 7 年区间起，任务完成则为成熟期，否则仍为拓展期；只能由 --mission 或覆盖文件的 mission_completed 设定，绝不由数据推定",
        vocab.MISSION_STATES,
    ),
    (
        "stages.structure",
        "Expansion structures (paper §4: 'a three-level management structure of \"new district-functional area-town "
        "(subdistrict)\"'; for strong towns outside functional areas, 'chexiancaiqu' ... 'a two-level management structure "
        'of "new districts-strong towns (subdistricts)"\'). Either counts for level 2; both at once are coexisting. Read '
        "from the governance network's management levels per branch (townships 2 or 3 levels below the NNA authority) "
        "where the network reaches townships, else from management_mode; basis says which",
        "拓展期管理结构：“新区—功能区—镇（街道）”三级，或对功能区外的经济强镇撤县（论文拼作 chexiancaiqu）"
        "形成“新区—强镇（街道）”两级；"
        "两者之一即可满足二级治理，同时存在即为两级三级并存。优先按治理网络各分支的管理层级判读，否则按 management_mode",
        vocab.EXPANSION_STRUCTURES,
    ),
    (
        "stages.division_adjustment",
        "Administrative-division adjustment (paper §4: 'administrative organizational relationships should be integrated "
        "by adjusting administrative divisions'): true when the data record a merger, district_established or "
        "boundary_change event up to the date (listed in division_adjustment_events), else unknown (the event lists are "
        "not exhaustive). Shown as evidence, not graded",
        "行政区划调整（论文第4节：“通过调整行政区划理顺行政组织关系”）：截至该日数据中有合并、设区或范围调整事件即为是"
        "（见 division_adjustment_events），否则为未知（事件记录并不完整）。仅作证据展示，不计入层级判断",
        {k: vocab.EVENT_KINDS[k] for k in ("merger", "district_established", "boundary_change")},
    ),
    (
        "stages.lapsed",
        "Attested facts set aside: an attested fact (as_of, e.g. the paper's 'as of 2018') counts in the stage model only "
        "until --attestation-years (default 3, the lower end of the 3-5 year band, within which the model itself expects "
        "governance to change) after its attested period, so 'as of 2018' counts through 2021-12-31; later states are "
        "judged on later facts (interval records never lapse). The same horizon applies to attested bodies and relations "
        "of the network",
        "被搁置的“截至”类事实：此类事实（如论文“截至2018年”的分类）仅在其所述期间后 --attestation-years 年内"
        "（默认 3 年，即 3–5 年区间下限）计入阶段模型，“截至2018年”有效至 2021-12-31；此后按更新的事实判断",
        {"field": "the governance field", "attested": "its attested period", "counted_until": "the last day it counts"},
    ),
    (
        "stages.backtest",
        lambda: _stage_backtest("en"),
        lambda: _stage_backtest("zh"),
        vocab.BACKTEST_VERDICTS,
    ),
    ("stages.risks", "Failure risks the paper names", "论文指出的运行风险", vocab.RISKS),
]


def _stage_backtest(lang: str) -> str:
    """The back-test of the stage model on Pudong and Binhai, computed from the packaged data."""
    from nnatlas.analysis.framework.stages import codebook_backtest

    return codebook_backtest(lang)


def _categories(terms, lang: str) -> str:
    """``term: meaning`` for each term; in Chinese with the term's Chinese label."""
    if lang == "zh" and isinstance(terms, vocab.Terms):
        return "; ".join(f"{k}（{terms.label(k, 'zh')}）: {v}" for k, v in terms.items())
    return "; ".join(f"{k}: {v}" for k, v in terms.items())


def entries(lang: str = "en") -> list[dict[str, str]]:
    rows = []
    for var in REGISTRY.values():
        definition = var.zh_definition if lang == "zh" else var.definition
        name = f"{var.key} ({var.title(lang)})"
        cats = _categories(var.categories, lang) or var.kind
        rows.append(
            {"variable": name, "definition": definition, "categories": cats, "section": var.section, "derivation": var.derivation}
        )
    for key, en, zh, cats in _STAGE_VARS:
        definition = zh if lang == "zh" else en
        rows.append(
            {
                "variable": key,
                "definition": definition() if callable(definition) else definition,
                "categories": _categories(cats, lang),
                "section": "§4",
                "derivation": "nnatlas.analysis.framework.stages",
            }
        )
    return rows


def render(fmt: str = "md", lang: str = "en") -> str:
    """The codebook as Markdown or HTML, in English or Chinese."""
    if fmt not in ("md", "html"):
        raise UsageError(f"unknown codebook format {fmt!r}: use md or html")
    if lang not in _HEAD:
        raise UsageError(f"unknown language {lang!r}: use en or zh")
    title, *cols, intro = _HEAD[lang]
    rows = entries(lang)
    keys = ["variable", "definition", "categories", "section", "derivation"]
    vocab_note = ", ".join(vocab.RANKS)
    if fmt == "md":
        out = [f"# {title}", "", intro, "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        out += ["| " + " | ".join(r[k].replace("|", "/") for k in keys) + " |" for r in rows]
        out += ["", f"Ranks: {vocab_note}."]
        out += typologies_section("md", lang)
        out += codebook_section("md", lang)
        return "\n".join(out) + "\n"
    esc = html.escape
    body = "".join("<tr>" + "".join(f"<td>{esc(r[k])}</td>" for k in keys) + "</tr>" for r in rows)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:4px 8px;vertical-align:top}th{background:#f3f3f3}</style></head><body>"
        f"<h1>{esc(title)}</h1><p>{esc(intro)}</p><table><thead><tr>"
        + "".join(f"<th>{esc(c)}</th>" for c in cols)
        + f"</tr></thead><tbody>{body}</tbody></table>"
        f"<p>Ranks: {esc(vocab_note)}.</p>{''.join(typologies_section('html', lang))}"
        f"{''.join(codebook_section('html', lang))}</body></html>\n"
    )


# --- other typologies (typologies.yaml) ---------------------------------------------------------
_TYPOLOGY_HEAD = {
    "en": (
        "Other typologies of the New Areas",
        "Classifications of the NNAs in the literature, beside the paper's org_type (`nnatlas typologies`; data: "
        "typologies.yaml). A type with no definition was named in the part of the publication read, without its definition.",
        ("Type", "Label", "Definition"),
        "Source",
        "{n} New Areas assigned a type, {u} unknown",
    ),
    "zh": (
        "国家级新区的其他分类",
        "文献中对国家级新区的其他分类，与论文的组织类型（org_type）并列（`nnatlas typologies`；数据：typologies.yaml）。"
        "无定义的类型：所读部分只给出名称。",
        ("类型", "名称", "定义"),
        "来源",
        "已归类 {n} 个新区，未知 {u} 个",
    ),
}


def typologies_section(fmt: str, lang: str) -> list[str]:
    """The codebook's section on the packaged typologies: each with its source and its types."""
    from nnatlas.analysis.typologies import typologies
    from nnatlas.atlas import load

    title, intro, cols, source_word, counts = _TYPOLOGY_HEAD[lang]
    records = typologies(load())
    if fmt == "md":
        out = ["", f"## {title}", "", intro]
        for t in records:
            known = sum(a["type"] is not None for a in t["assignments"].values())
            name = t["title_zh"] if lang == "zh" and t["title_zh"] else t["title"]
            link = " ".join(x for x in (t["url"], f"DOI {t['doi']}" if t["doi"] else None) if x)
            out += ["", f"### {t['id']}: {name}", "", f"{source_word}: {t['citation']} ({t['source']}; {link})", ""]
            out += [counts.format(n=known, u=len(t["assignments"]) - known), ""]
            out += ["| " + " | ".join(cols) + " |", "|---|---|---|"]
            for tp in t["types"]:
                text = (tp["definition_zh"] if lang == "zh" else tp["definition"]) or tp["definition"] or "—"
                out.append(f"| {tp['id']} | {tp['zh']} ({tp['en']}) | {text.replace('|', '/')} |")
        return out
    esc = html.escape
    out = [f"<h2>{esc(title)}</h2><p>{esc(intro)}</p>"]
    for t in records:
        known = sum(a["type"] is not None for a in t["assignments"].values())
        name = t["title_zh"] if lang == "zh" and t["title_zh"] else t["title"]
        link = f' <a href="{esc(t["url"])}">{esc(t["url"])}</a>' if t["url"] else ""
        doi = f" DOI {esc(t['doi'])}" if t["doi"] else ""
        body = "".join(
            f"<tr><td>{esc(tp['id'])}</td><td>{esc(tp['zh'])} ({esc(tp['en'])})</td>"
            f"<td>{esc((tp['definition_zh'] if lang == 'zh' else tp['definition']) or tp['definition'] or '—')}</td></tr>"
            for tp in t["types"]
        )
        out.append(
            f"<h3>{esc(t['id'])}: {esc(name)}</h3><p>{esc(source_word)}: {esc(t['citation'])} ({esc(t['source'])}){link}{doi}</p>"
            f"<p>{esc(counts.format(n=known, u=len(t['assignments']) - known))}</p>"
            "<table><thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in cols) + f"</tr></thead><tbody>{body}</tbody></table>"
        )
    return out
