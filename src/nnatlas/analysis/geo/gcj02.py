"""GCJ-02 (Amap's coordinates) to WGS 84 and back, vectorised with NumPy.

GCJ-02 is WGS 84 shifted by an obfuscating, position-dependent offset (typically 300-700 m)
that Chinese map providers must apply. No official specification is published; the forward
transformation WGS 84 -> GCJ-02 used here is the public one implemented by widely used
open-source libraries, with the same constants and formulas:

- eviltransform, https://github.com/googollee/eviltransform (``python/eviltransform.py``:
  ``transformLat``, ``transformLon``, ``delta``, ``wgs2gcj``, ``outOfChina``; its test points in
  Shanghai, Shenzhen and Beijing are checked in ``tests/test_geo.py``);
- coordTransform, https://github.com/wandergis/coordTransform_py (``coordTransform_utils.py``:
  ``transformlat``, ``transformlng``, ``wgs84togcj02``, ``out_of_china``).

Both use the Krasovsky 1940 ellipsoid (a = 6378245.0 m, e² = 0.00669342162296594323) to turn
two offset functions of (lon - 105, lat - 35), each a polynomial plus sine terms, from metres
into degrees, and apply them only inside China's rough bounding box (72.004-137.8347 E,
0.8293-55.8271 N); outside it coordinates are left unchanged. (Later versions of eviltransform
use a = 6378137.0; that changes a position by under 1 cm.) Wikipedia, "Restrictions on
geographic data in China" (https://en.wikipedia.org/wiki/Restrictions_on_geographic_data_in_China),
describes the formula's origin and the open-source inverses.

The inverse has no closed form. :func:`gcj02_to_wgs84` finds it by fixed-point iteration,
``w <- w - (wgs84_to_gcj02(w) - g)`` starting from ``w = g``, until the round trip
``wgs84_to_gcj02(w)`` is within :data:`INVERSE_TOLERANCE_DEG` (1e-7 degrees, about 1 cm) of the
GCJ-02 input, for at most :data:`MAX_ITERATIONS` steps (three suffice inside China). Its first
step is the one-step inverse of the libraries above (``gcj02towgs84``, ``gcj2wgs``: good to
1-2 m). The result is exact for the public formula; how closely that formula matches the offset
Amap actually applied is not documented by any official source.
"""

from __future__ import annotations

from typing import Any

from nnatlas.analysis.geo._deps import np, shapely

#: Semi-major axis of the Krasovsky 1940 ellipsoid (m), as in the public GCJ-02 formula.
KRASOVSKY_A = 6378245.0
#: First eccentricity squared of the Krasovsky 1940 ellipsoid, as in the public GCJ-02 formula.
KRASOVSKY_EE = 0.00669342162296594323
#: China's rough bounding box (lon_min, lon_max, lat_min, lat_max): the offset is applied inside it only.
CHINA_BOX = (72.004, 137.8347, 0.8293, 55.8271)
#: The inverse iterates until the round-trip error is below this (degrees; about 1 cm).
INVERSE_TOLERANCE_DEG = 1e-7
#: Upper bound on the inverse's iterations (three suffice inside China).
MAX_ITERATIONS = 20

#: How the conversion is described in exported files.
TRANSFORMATION = (
    "the public GCJ-02 formula (as in eviltransform and coordTransform; Krasovsky 1940 ellipsoid), "
    "inverted by fixed-point iteration to 1e-7 deg"  # INVERSE_TOLERANCE_DEG
)


def _inside_china(lon, lat):
    lon_min, lon_max, lat_min, lat_max = CHINA_BOX
    return (lon >= lon_min) & (lon <= lon_max) & (lat >= lat_min) & (lat <= lat_max)


def _offset(lon, lat):
    """The GCJ-02 offset (degrees of longitude, latitude) at a WGS 84 position."""
    x = lon - 105.0
    y = lat - 35.0
    pi = np.pi
    common = 20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += (common + 20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (common + 20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * pi
    magic = 1.0 - KRASOVSKY_EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrtmagic) * pi)
    dlon = (dlon * 180.0) / (KRASOVSKY_A / sqrtmagic * np.cos(radlat) * pi)
    return dlon, dlat


def _arrays(lon, lat):
    lon, lat = np.broadcast_arrays(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return lon, lat


def _out(lon, lat, scalar: bool):
    return (float(lon), float(lat)) if scalar else (lon, lat)


def wgs84_to_gcj02(lon: Any, lat: Any) -> tuple[Any, Any]:
    """GCJ-02 longitude and latitude of WGS 84 positions (degrees; scalars or arrays).

    Positions outside China's rough bounding box (:data:`CHINA_BOX`), and NaN, are returned unchanged.
    """
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    lon, lat = _arrays(lon, lat)
    dlon, dlat = _offset(lon, lat)
    inside = _inside_china(lon, lat)
    return _out(np.where(inside, lon + dlon, lon), np.where(inside, lat + dlat, lat), scalar)


def gcj02_to_wgs84(lon: Any, lat: Any) -> tuple[Any, Any]:
    """WGS 84 longitude and latitude of GCJ-02 positions (degrees; scalars or arrays).

    Inverts :func:`wgs84_to_gcj02` by fixed-point iteration until every round-trip error is below
    :data:`INVERSE_TOLERANCE_DEG`; NaN passes through. Raises ``ValueError`` if some position does
    not converge within :data:`MAX_ITERATIONS` (possible only right at the edge of the bounding
    box, where the public formula is discontinuous).
    """
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    g_lon, g_lat = _arrays(lon, lat)
    shape = g_lon.shape
    g_lon, g_lat = g_lon.ravel(), g_lat.ravel()
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    active = np.flatnonzero(np.isfinite(g_lon) & np.isfinite(g_lat))  # positions not yet converged
    for step in range(MAX_ITERATIONS + 1):  # each pass checks the round trip, then steps (at most MAX_ITERATIONS steps)
        f_lon, f_lat = wgs84_to_gcj02(w_lon[active], w_lat[active])
        e_lon, e_lat = f_lon - g_lon[active], f_lat - g_lat[active]
        err = np.maximum(np.abs(e_lon), np.abs(e_lat))
        left = ~(err < INVERSE_TOLERANCE_DEG)
        if not left.any():
            return _out(w_lon.reshape(shape), w_lat.reshape(shape), scalar)
        if step == MAX_ITERATIONS:
            break
        active = active[left]
        w_lon[active] -= e_lon[left]
        w_lat[active] -= e_lat[left]
    worst = int(np.nanargmax(np.where(left, err, -1.0)))
    i = active[worst]
    raise ValueError(
        f"GCJ-02 to WGS 84 did not converge within {MAX_ITERATIONS} iterations at ({g_lon[i]}, {g_lat[i]}): "
        f"round-trip error {err[worst]:.2e} deg"
    )


def _xy_to_wgs84(xy):
    lon, lat = gcj02_to_wgs84(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def _xy_to_gcj02(xy):
    lon, lat = wgs84_to_gcj02(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def geometry_to_wgs84(geometry: Any) -> Any:
    """A shapely geometry (or array of geometries; None stays None) from GCJ-02 to WGS 84 degrees."""
    return shapely.transform(geometry, _xy_to_wgs84)


def geometry_to_gcj02(geometry: Any) -> Any:
    """A shapely geometry (or array of geometries; None stays None) from WGS 84 to GCJ-02 degrees."""
    return shapely.transform(geometry, _xy_to_gcj02)
