"""The codebook, generated from the framework registry and the vocabularies (so it cannot drift)."""

from __future__ import annotations

import html

from nnatlas.analysis.framework import REGISTRY
from nnatlas.core.errors import UsageError
from nnatlas.ingest import vocab

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
        "Development stage by years since approval (paper §4)",
        "发展阶段（论文第4节，按批复以来年数）",
        vocab.DEVELOPMENT_STAGES,
    ),
    ("stages.gap", "Governance compared with what the stage calls for", "实际治理与阶段要求的差距", vocab.GAPS),
    ("stages.risks", "Failure risks the paper names", "论文指出的运行风险", vocab.RISKS),
]


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
        rows.append(
            {
                "variable": key,
                "definition": zh if lang == "zh" else en,
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
        f"<p>Ranks: {esc(vocab_note)}.</p></body></html>\n"
    )
