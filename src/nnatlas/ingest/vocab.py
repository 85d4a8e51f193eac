"""Closed vocabularies of the data model, each term with its meaning.

The models (``models.py``), the validator and the codebook all read these dictionaries, so a
term is defined once.
"""

from __future__ import annotations

REGIONS = {
    "east": "Eastern region (东部地区) in the statistics bureau's four-region scheme",
    "central": "Central region (中部地区)",
    "west": "Western region (西部地区)",
    "northeast": "Northeastern region (东北地区)",
}

ORG_TYPES = {
    "government": "Government type: a fully established government administers the area (paper §3.2 (1))",
    "area_division_integration": "Area-division integration: the area coincides with an administrative "
    "district and keeps both a government and a management committee (paper §3.2 (2))",
    "management_committee": "Management committee type: a body dispatched by a higher government, "
    "mainly with economic functions (paper §3.2 (3))",
    "leadership_group": "Leadership group type: neither government nor committee; a provincial or "
    "municipal leadership group coordinates sub-areas that develop independently (paper §3.2 (4))",
}

SOCIAL_FUNCTIONS = {
    "complete": "Complete social management functions, with courts and procuratorates (paper §3.2, Fig. 3)",
    "incomplete": "Some social management functions; part of administration, law enforcement and "
    "social affairs is handled by higher administrative districts (paper §3.2, Fig. 3)",
    "economic_only": "Economic management functions only",
}

ECONOMIC_FUNCTIONS = {
    "complete": "Relatively complete economic management functions (paper §3.2)",
    "partial": "Partial economic management functions",
}

MANAGEMENT_MODES = {
    "two_level": "Two-level 'new area - township' management, county level removed (paper §3.3)",
    "three_level": "Three-level 'new area - district or functional area - township/street' management (paper §3.3)",
    "leadership_group": "Leadership-group management: sub-areas led separately (paper §3.3)",
}

RANKS = {
    "national": "National leader level (正国级/副国级)",
    "provincial": "Provincial-ministerial (正省部级)",
    "sub_provincial": "Sub-provincial (副省部级)",
    "prefecture": "Prefecture-bureau (正厅局级)",
    "sub_prefecture": "Sub-prefecture (副厅局级)",
    "county": "County-division (正县处级)",
    "sub_county": "Sub-county (副县处级)",
    "township": "Township-section (乡科级)",
}
RANK_ORDER = list(RANKS)  # highest first

AREA_DEFINITIONS = {
    "approved_land": "Land planning area approved by the State Council (the default 'planning area')",
    "approved_sea": "Sea area approved by the State Council",
    "approved_total": "Land plus sea area approved by the State Council",
    "administrative": "Area of the coinciding administrative district(s)",
    "direct_management": "Area of the direct management area (直管区)",
    "construction": "Construction or start-up area",
    "other": "Another definition, explained in the record's note",
}

#: Levels of an NNA's constituent units (an NNA never consists of whole provinces).
UNIT_LEVELS = {
    "prefecture": "Prefecture-level unit",
    "county": "County-level unit",
    "township": "Township-level unit (乡镇街道)",
}
COVERAGE = {
    "whole": "The whole unit lies in the NNA",
    "part": "Only part of the unit lies in the NNA",
    "unknown": "Not known whether whole or part",
}
UNIT_ROLES = {"direct_management": "Inside the NNA's direct management area"}

EVENT_KINDS = {
    "announced": "Development announced before formal approval",
    "approved": "State Council approval",
    "inaugurated": "Launch or inauguration (挂牌)",
    "district_established": "An administrative district was established",
    "org_change": "Change of organisation",
    "rank_change": "Change of rank",
    "area_change": "Change of planning area",
    "boundary_change": "Change of constituent units",
    "merger": "Merger of units or bodies",
    "leadership_group_established": "A leadership group was set up",
    "plan_approved": "A plan was approved",
    "institution_change": "Institutions created or reorganised",
    "other": "Other event",
}

BODY_KINDS = {
    "state_council": "State Council (国务院)",
    "provincial_party_committee": "Provincial party committee (省委)",
    "provincial_government": "Provincial government (省政府)",
    "leadership_group": "Leadership group (领导小组)",
    "municipal_party_committee": "Municipal party committee (市委)",
    "municipal_government": "Municipal government (市政府)",
    "district_government": "District government (区政府)",
    "county_government": "County government (县政府)",
    "management_committee": "Management committee (管委会)",
    "party_working_committee": "Party working committee (党工委)",
    "district_party_committee": "District or county party committee (区委、县委)",
    "functional_area_committee": "Functional-area committee (功能区管委会)",
    "township": "Township or town government (乡镇)",
    "street": "Street office (街道)",
    "other": "Other body",
}

RELATION_KINDS = {
    "approves": "Approves the establishment or plan of",
    "leads": "Leads (领导)",
    "dispatches": "Dispatches, as its agency (派出)",
    "entrusts": "Places its units under the trusteeship of `to` (委托托管): entrusting government -> trustee",
    "holds_in_trust": "Administers `to` under trusteeship (托管): trustee -> entrusted unit",
    "coordinates": "Coordinates (统筹协调)",
    "reviews_files": "Reviews and files decisions of (审核备案)",
    "delegates_county_authority": "Delegates county-level economic and social authority to",
    "hosts": "Its territory contains part of the NNA",
}

SOURCE_KINDS = {
    "state_council_document": "A State Council document (国发, 国函...)",
    "government_document": "Another government document",
    "official_site": "An official website of a government or NNA body",
    "statistics": "A statistical bulletin or yearbook",
    "news": "A news report",
    "encyclopaedia": "An encyclopaedia page",
    "academic": "An academic publication",
    "paper": "The paper nnatlas implements",
    "reference_work": "A reference work or data package",
}

STAT_INDICATORS = {
    "gdp_100m_yuan": "Gross domestic product, 100 million yuan (亿元), current prices",
    "population_10k": "Resident population, 10 thousand persons (万人)",
    "land_area_km2": "Land area in km2 as reported by statistics",
}
STAT_VINTAGES = {
    "first_published": "The figure as first published",
    "revised": "A later revised figure (after an economic census, for example)",
}
STAT_SCOPES = {
    "whole": "The whole NNA",
    "direct_management": "The direct management area only",
    "other": "Another scope, explained in the note",
}

# Fact fields: name -> (value kind, vocabulary or None, whether a qualifier is required, meaning)
FACT_FIELDS: dict[str, tuple[str, dict | None, bool, str]] = {
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
