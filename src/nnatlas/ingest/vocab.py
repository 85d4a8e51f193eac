"""Closed vocabularies of the data model and the framework: each term with its meaning and its
English and Chinese labels, written here once.

Each vocabulary is a :class:`Terms`: a mapping of term to meaning (what the models' ``Literal``
types, the record checks and the codebook read) that also carries the term's labels (what
figures, maps, tables and ``--lang zh`` show): ``ORG_TYPES.label("government", "zh")``.
"""

from __future__ import annotations

from collections.abc import Iterable


class Terms(dict[str, str]):
    """A closed vocabulary: term -> meaning, with an (English, Chinese) label for every term."""

    def __init__(self, entries: dict[str, tuple[str, str, str]]):
        super().__init__({term: meaning for term, (meaning, _, _) in entries.items()})
        self.labels: dict[str, tuple[str, str]] = {term: (en, zh) for term, (_, en, zh) in entries.items()}

    def label(self, term: str, lang: str = "en") -> str:
        """The label of ``term`` in ``lang`` (en or zh); an unknown term is shown as it is."""
        if term not in self.labels:
            return str(term)
        en, zh = self.labels[term]
        return zh if lang == "zh" else en


REGIONS = Terms(
    {
        "east": ("Eastern region (东部地区) in the statistics bureau's four-region scheme", "East", "东部"),
        "central": ("Central region (中部地区)", "Central", "中部"),
        "west": ("Western region (西部地区)", "West", "西部"),
        "northeast": ("Northeastern region (东北地区)", "Northeast", "东北"),
    }
)

#: What kind of zone an area file describes. The packaged data are the 19 State-level New Areas; a
#: user's extension may add a provincial-level new area or another zone, which the paper's counts exclude.
AREA_KINDS = Terms(
    {
        "state_level": (
            "A State-level New Area (国家级新区), approved by the State Council: one of the areas the paper counts",
            "State-level New Area",
            "国家级新区",
        ),
        "provincial": (
            "A provincial-level new area (省级新区), approved by a provincial government",
            "Provincial-level new area",
            "省级新区",
        ),
        "other_zone": (
            "Another kind of zone (a development zone, a pilot zone...), explained in the file",
            "Another kind of zone",
            "其他功能区",
        ),
    }
)

ORG_TYPES = Terms(
    {
        "government": (
            "Government type: a fully established government administers the area (paper §3.2 (1))",
            "Government",
            "政府型",
        ),
        "area_division_integration": (
            "Area-division integration: the area coincides with an administrative district and keeps both a "
            "government and a management committee (paper §3.2 (2))",
            "Area–division integration",
            "政区合一型",
        ),
        "management_committee": (
            "Management committee type: a body dispatched by a higher government, mainly with economic functions "
            "(paper §3.2 (3))",
            "Management committee",
            "管委会型",
        ),
        "leadership_group": (
            "Leadership group type: neither government nor committee; a provincial or municipal leadership group "
            "coordinates sub-areas that develop independently (paper §3.2 (4))",
            "Leadership group",
            "领导小组型",
        ),
    }
)

SOCIAL_FUNCTIONS = Terms(
    {
        "complete": (
            "Complete social management functions, with courts and procuratorates (paper §3.2, Fig. 3)",
            "Complete",
            "完整",
        ),
        "incomplete": (
            "Some social management functions; part of administration, law enforcement and social affairs is "
            "handled by higher administrative districts (paper §3.2, Fig. 3)",
            "Incomplete",
            "不完整",
        ),
        "economic_only": ("Economic management functions only", "Economic only", "仅经济职能"),
    }
)

ECONOMIC_FUNCTIONS = Terms(
    {
        "complete": ("Relatively complete economic management functions (paper §3.2)", "Relatively complete", "较完整"),
        "partial": ("Partial economic management functions", "Partial", "部分"),
    }
)

MANAGEMENT_MODES = Terms(
    {
        "two_level": ("Two-level 'new area - township' management, county level removed (paper §3.3)", "Two-level", "两级管理"),
        "three_level": (
            "Three-level 'new area - district or functional area - township/street' management (paper §3.3)",
            "Three-level",
            "三级管理",
        ),
        "leadership_group": (
            "Leadership-group management: sub-areas led separately (paper §3.3)",
            "Leadership group",
            "领导小组统筹",
        ),
    }
)

RANKS = Terms(
    {
        "national": ("National leader level (正国级/副国级)", "National leader level", "国家级"),
        "provincial": ("Provincial-ministerial (正省部级)", "Provincial-ministerial", "正省部级"),
        "sub_provincial": ("Sub-provincial (副省部级)", "Sub-provincial", "副省部级"),
        "prefecture": ("Prefecture-bureau (正厅局级)", "Prefecture-bureau", "正厅局级"),
        "sub_prefecture": ("Sub-prefecture (副厅局级)", "Sub-prefecture", "副厅局级"),
        "county": ("County-division (正县处级)", "County-division", "正县处级"),
        "sub_county": ("Sub-county (副县处级)", "Sub-county", "副县处级"),
        "township": ("Township-section (乡科级)", "Township-section", "乡科级"),
    }
)
RANK_ORDER = list(RANKS)  # highest first

AREA_DEFINITIONS = Terms(
    {
        "approved_land": (
            "Land planning area approved by the State Council (the default 'planning area')",
            "Approved land area",
            "批复陆域面积",
        ),
        "approved_sea": ("Sea area approved by the State Council", "Approved sea area", "批复海域面积"),
        "approved_total": ("Land plus sea area approved by the State Council", "Approved total area", "批复总面积"),
        "administrative": ("Area of the coinciding administrative district(s)", "Administrative area", "行政区面积"),
        "direct_management": ("Area of the direct management area (直管区)", "Direct management area", "直管区面积"),
        "construction": ("Construction or start-up area", "Construction area", "建设（起步）区面积"),
        "other": ("Another definition, explained in the record's note", "Other definition", "其他口径"),
    }
)

#: Levels of an NNA's constituent units (an NNA never consists of whole provinces).
UNIT_LEVELS = Terms(
    {
        "prefecture": ("Prefecture-level unit", "Prefecture-level", "地级"),
        "county": ("County-level unit", "County-level", "县级"),
        "township": ("Township-level unit (乡镇街道)", "Township-level", "乡级"),
    }
)
COVERAGE = Terms(
    {
        "whole": ("The whole unit lies in the NNA", "Whole", "全部"),
        "part": ("Only part of the unit lies in the NNA", "Part", "部分"),
        "unknown": ("Not known whether whole or part", "Unknown", "不详"),
    }
)
UNIT_ROLES = Terms({"direct_management": ("Inside the NNA's direct management area", "Direct management area", "直管区")})

EVENT_KINDS = Terms(
    {
        "announced": ("Development announced before formal approval", "Announced", "提出"),
        "approved": ("State Council approval", "Approved", "获批"),
        "inaugurated": ("Launch or inauguration (挂牌)", "Inaugurated", "挂牌"),
        "district_established": ("An administrative district was established", "District established", "设区"),
        "org_change": ("Change of organisation", "Organisation change", "机构调整"),
        "rank_change": ("Change of rank", "Rank change", "级别调整"),
        "area_change": ("Change of planning area", "Area change", "面积调整"),
        "boundary_change": ("Change of constituent units", "Boundary change", "范围调整"),
        "merger": ("Merger of units or bodies", "Merger", "合并"),
        "leadership_group_established": ("A leadership group was set up", "Leadership group set up", "成立领导小组"),
        "plan_approved": ("A plan was approved", "Plan approved", "规划获批"),
        "institution_change": ("Institutions created or reorganised", "Institution change", "机构设置"),
        "other": ("Other event", "Other", "其他"),
    }
)

BODY_KINDS = Terms(
    {
        "state_council": ("State Council (国务院)", "State Council", "国务院"),
        "provincial_party_committee": ("Provincial party committee (省委)", "Provincial party committee", "省委"),
        "provincial_government": ("Provincial government (省政府)", "Provincial government", "省政府"),
        "leadership_group": ("Leadership group (领导小组)", "Leadership group", "领导小组"),
        "municipal_party_committee": ("Municipal party committee (市委)", "Municipal party committee", "市委"),
        "municipal_government": ("Municipal government (市政府)", "Municipal government", "市政府"),
        "district_government": ("District government (区政府)", "District government", "区政府"),
        "county_government": ("County government (县政府)", "County government", "县政府"),
        "management_committee": ("Management committee (管委会)", "Management committee", "管委会"),
        "party_working_committee": ("Party working committee (党工委)", "Party working committee", "党工委"),
        "district_party_committee": (
            "District or county party committee (区委、县委)",
            "District or county party committee",
            "区委、县委",
        ),
        "functional_area_committee": ("Functional-area committee (功能区管委会)", "Functional-area committee", "功能区管委会"),
        "township": ("Township or town government (乡镇)", "Township or town government", "乡镇"),
        "street": ("Street office (街道)", "Street office", "街道"),
        "other": ("Other body", "Other body", "其他机构"),
    }
)

RELATION_KINDS = Terms(
    {
        "approves": ("Approves the establishment or plan of", "approves", "批复"),
        "leads": ("Leads (领导)", "leads", "领导"),
        "dispatches": ("Dispatches, as its agency (派出)", "dispatches (agency)", "派出"),
        "entrusts": (
            "Places its units under the trusteeship of `to` (委托托管): entrusting government -> trustee",
            "entrusts units to (trusteeship)",
            "委托托管",
        ),
        "holds_in_trust": (
            "Administers `to` under trusteeship (托管): trustee -> entrusted unit",
            "holds in trust (trusteeship)",
            "托管",
        ),
        "coordinates": ("Coordinates (统筹协调)", "coordinates", "统筹协调"),
        "reviews_files": ("Reviews and files decisions of (审核备案)", "reviews and files", "审核备案"),
        "delegates_county_authority": (
            "Delegates county-level economic and social authority to",
            "delegates county-level authority",
            "下放县级管理权限",
        ),
        "hosts": ("Its territory contains part of the NNA", "hosts (its territory contains part of the NNA)", "辖区含新区部分"),
    }
)

#: Tiers of a governance network, top first (the rows of a network diagram).
TIERS = Terms(
    {
        "national": ("The central state (State Council, ministries)", "Central", "中央"),
        "provincial": ("Provincial party committee, government or leadership group", "Provincial", "省级"),
        "municipal": ("Prefecture-level city party committee or government", "Municipal", "市级"),
        "district": ("District or county government or party committee", "District / county", "区县"),
        "functional_area": ("Functional-area management committee", "Functional areas", "功能区"),
        "township": ("Township, town or street office", "Townships / streets", "乡镇 / 街道"),
    }
)

SOURCE_KINDS = Terms(
    {
        "state_council_document": ("A State Council document (国发, 国函...)", "State Council document", "国务院文件"),
        "government_document": ("Another government document", "Government document", "政府文件"),
        "official_site": ("An official website of a government or NNA body", "Official website", "官方网站"),
        "statistics": ("A statistical bulletin or yearbook", "Statistics", "统计资料"),
        "news": ("A news report", "News report", "新闻报道"),
        "encyclopaedia": ("An encyclopaedia page", "Encyclopaedia", "百科"),
        "academic": ("An academic publication", "Academic publication", "学术文献"),
        "paper": ("The paper nnatlas implements", "The paper", "本文所依据的论文"),
        "reference_work": ("A reference work or data package", "Reference work", "参考资料"),
    }
)

STAT_INDICATORS = Terms(
    {
        "gdp_100m_yuan": (
            "Gross domestic product, 100 million yuan (亿元), current prices",
            "GDP (100 million yuan)",
            "地区生产总值（亿元）",
        ),
        "population_10k": ("Resident population, 10 thousand persons (万人)", "Resident population (10,000)", "常住人口（万人）"),
        "land_area_km2": ("Land area in km2 as reported by statistics", "Land area (km²)", "土地面积（km²）"),
    }
)
STAT_VINTAGES = Terms(
    {
        "first_published": ("The figure as first published", "First published", "初步核算"),
        "revised": ("A later revised figure (after an economic census, for example)", "Revised", "修订"),
    }
)
STAT_SCOPES = Terms(
    {
        "whole": ("The whole NNA", "Whole NNA", "新区全域"),
        "direct_management": ("The direct management area only", "Direct management area", "直管区"),
        "other": ("Another scope, explained in the note", "Other scope", "其他口径"),
    }
)

# --- the framework's own categories (paper §3.1 and §4) ---------------------------------------------
ESTABLISHMENT_STAGES = Terms(
    {
        "coastal_opening": (
            "Coastal opening-up: embedded in global capital circulation (Pudong, Binhai)",
            "Coastal opening-up",
            "沿海开放",
        ),
        "domestic_demand": (
            "Initiating domestic demand after the 2008 global financial crisis",
            "Domestic demand (2008–)",
            "扩大内需（2008年起）",
        ),
        "regional_coordination": (
            "Regional coordinated development, the 2014-2015 wave and after",
            "Regional coordination (2014–)",
            "区域协调发展（2014年起）",
        ),
    }
)
DEVELOPMENT_STAGES = Terms(
    {
        "start_up": (
            "Start-up: from the start (national approval or local launch) to the start-up/expansion band; land "
            "development, investment promotion, planning and construction (paper §4)",
            "Start-up",
            "起步期",
        ),
        "transition_to_expansion": (
            "Start-up or expansion: inside the band (default 3-5 years) in which the paper says an NNA enters "
            "expansion; the governance of either stage is aligned",
            "Start-up or expansion (transition)",
            "起步期或拓展期（过渡）",
        ),
        "expansion": (
            "Expansion: after the 3-5 year band; functions extend from economic to social management",
            "Expansion",
            "拓展期",
        ),
        "transition_to_maturity": (
            "Expansion or maturity: inside the band (default 7-10 years) in which an NNA that has basically "
            "completed its construction and development mission matures; the governance of either stage is aligned",
            "Expansion or maturity (transition)",
            "拓展期或成熟期（过渡）",
        ),
        "maturity": (
            "Maturity: after the 7-10 year band, provided the construction and development mission is basically completed",
            "Maturity",
            "成熟期",
        ),
        "unknown": (
            "Unknown: the start date is not in the data, or too imprecise to fix the stage",
            "Unknown",
            "未知",
        ),
    }
)
#: The date the stage model counts years from (paper §4: "the establishment of the NNA is the start-up stage").
STAGE_STARTS = Terms(
    {
        "approval": ("The State Council approval (the approval date)", "National approval", "国家批复"),
        "local": (
            "The local launch: the earliest predecessor's start (e.g. a provincial new area before national status) or "
            "the inauguration; unknown when a predecessor's start or, without predecessors, the inauguration is not dated",
            "Local launch",
            "地方启动",
        ),
    }
)
#: The three governance levels the stage model grades (paper §4).
GOVERNANCE_LEVELS = Terms(
    {
        "1": (
            "Start-up governance: a provincial leadership group headed by high-level officials (sub-provincial rank or "
            "above) and economic management functions",
            "Level 1: start-up governance",
            "一级：起步期治理",
        ),
        "2": (
            "Expansion governance: some or complete social functions and an expansion structure (two- or three-level)",
            "Level 2: expansion governance",
            "二级：拓展期治理",
        ),
        "3": (
            "Maturity governance: a full government with complete social functions at sub-provincial rank or above",
            "Level 3: maturity governance",
            "三级：成熟期治理",
        ),
    }
)
#: The expansion-stage management structures the paper recommends (§4), either or both at once.
EXPANSION_STRUCTURES = Terms(
    {
        "three_level": (
            "'New district - functional area - town (subdistrict)': functional areas develop the economy, towns "
            "(subdistricts) do social management",
            "Three-level: new district - functional area - town",
            "“新区—功能区—镇（街道）”三级",
        ),
        "two_level": (
            "'New district - strong town (subdistrict)': strong towns outside functional areas exercise county-level "
            "powers once the county is removed (chexiancaiqu)",
            "Two-level: new district - strong town",
            "“新区—强镇（街道）”两级",
        ),
        "coexisting": (
            "Both structures at once, in different branches of the governance network",
            "Two- and three-level coexisting",
            "两级与三级并存",
        ),
    }
)
#: The maturity criterion "has basically completed its construction and development mission" (paper §4).
MISSION_STATES = Terms(
    {
        "completed": (
            "Basically completed: only ever from an explicit assumption (--mission) or an override, never from the data",
            "Mission basically completed",
            "基本完成建设发展任务",
        ),
        "not_completed": (
            "Not completed: an explicit assumption or override; the NNA stays in expansion",
            "Mission not completed",
            "建设发展任务未完成",
        ),
        "unknown": (
            "Not in the data: no measure of the mission's completion exists, so maturity verdicts that depend on it are unknown",
            "Mission unknown",
            "任务完成情况未知",
        ),
    }
)
#: How the back-test on Pudong's and Binhai's histories judges a step of their paths.
BACKTEST_VERDICTS = Terms(
    {
        "reproduced": ("The data date the step inside the window the model expects", "Reproduced", "复现"),
        "earlier": ("The step came before the window the model expects", "Earlier than the model", "早于模型"),
        "later": ("The step came after the window the model expects", "Later than the model", "晚于模型"),
        "undetermined": (
            "The data date the step too loosely (or not at all) to say whether it falls in the window",
            "Undetermined",
            "无法判定",
        ),
        "not_reached": ("The data show the step not reached by the date", "Not reached", "未达到"),
    }
)
GAPS = Terms(
    {
        "aligned": ("Governance matches the stage", "Aligned", "相符"),
        "lagging": ("Governance below what the stage calls for", "Lagging", "滞后"),
        "ahead": ("Governance beyond what the stage calls for", "Ahead", "超前"),
        "unknown": ("Too few known facts to judge", "Unknown", "未知"),
    }
)
RISKS = Terms(
    {
        "inconsistent_execution": (
            "Direct and non-direct management areas: inconsistent execution under the same standard, mutual "
            "shirking, blank supervision and law enforcement (paper §3.3)",
            "Inconsistent execution",
            "执行不一",
        ),
        "flat_two_level": (
            "Flat two-level management: overlapping functions, reporting across levels, divorce between powers and "
            "responsibilities, duplicate law enforcement (paper §3.3)",
            "Flat two-level management",
            "两级扁平管理风险",
        ),
    }
)

# --- how the paper's claims are graded ---------------------------------------------------------------
CLAIM_STATUSES = Terms(
    {
        "reproduced": ("The data reproduces the statement, on values with a source other than the paper", "Reproduced", "复现"),
        "consistent": (
            "The data agrees, but only with the paper's own values: consistency, not reproduction",
            "Consistent",
            "一致（仅依论文）",
        ),
        "differs": ("The data differs from the statement; the reason says why", "Differs", "不符"),
        "not_checkable": ("The data cannot decide; the reason says what it would need", "Not checkable", "无法核对"),
    }
)
CLAIM_BASES = Terms(
    {
        "independent": ("Every deciding value has a source other than the paper", "Independent", "独立来源"),
        "partly_paper": ("Some deciding values rest on the paper alone", "Partly the paper", "部分依论文"),
        "paper_only": ("Every deciding value rests on the paper alone", "The paper only", "仅依论文"),
        "none": ("No deciding value is known", "None known", "无已知值"),
    }
)

#: Labels of the values every variable can take besides its terms.
BOOLEAN = {True: ("Yes", "是"), False: ("No", "否")}
UNKNOWN = ("Unknown", "未知")

# Fact fields: name -> (value kind, vocabulary or None, whether a qualifier is required, meaning)
FACT_FIELDS: dict[str, tuple[str, Terms | None, bool, str]] = {
    "planning_area_km2": ("number", None, True, "Planning area in km2 under the definition given by the qualifier"),
    "rank": ("enum", RANKS, False, "Administrative rank of the NNA's governing body"),
    "org_type": ("enum", ORG_TYPES, False, "Organisation type in the paper's four types"),
    "economic_functions": ("enum", ECONOMIC_FUNCTIONS, False, "Scope of economic management functions"),
    "social_functions": ("enum", SOCIAL_FUNCTIONS, False, "Scope of social management functions"),
    "provincial_leadership_group": ("bool", None, False, "A provincial-level leadership group exists"),
    "leadership_group_head": ("text", None, False, "Post of the leadership group's head"),
    "leadership_group_head_rank": ("enum", RANKS, False, "Rank of the leadership group's head"),
    "direct_management_area": ("bool", None, False, "A direct / non-direct management split exists"),
    "trusteeship": ("bool", None, False, "Administrative trusteeship of units by the NNA body"),
    "management_mode": ("enum", MANAGEMENT_MODES, False, "Vertical management mode"),
    "administrative_bodies_count": ("int", None, False, "Number of administrative bodies of the NNA"),
    "public_security": ("bool", None, False, "The NNA has its own public security bureau or branch"),
    "leading_government": ("text", None, False, "Which government leads the NNA body"),
}


def all_terms() -> Iterable[tuple[str, Terms]]:
    """Every vocabulary of this module, by name."""
    return ((name, value) for name, value in globals().items() if isinstance(value, Terms))


def value_label(value: object, terms: Terms | None, lang: str = "en") -> str:
    """How a value of a variable reads in ``lang``: its term's label, yes/no, or 'unknown'."""
    if value is None:
        return UNKNOWN[lang == "zh"]
    if isinstance(value, bool):
        return BOOLEAN[value][lang == "zh"]
    if terms is not None and value in terms:
        return terms.label(value, lang)
    return str(value)
