"""GeoPandas' spatial join of the `space` bench's points to boundaries.

The same N points as `cargo bench --bench space` (assign group): SplitMix64
from seed 42, each point (lon, lat) uniform in the box
[-12.3, 4.3] x [10.1, 25.1] that holds Mali, drawn with the same
floating-point operations as the bench, so both sides join identical
points. Times `geopandas.sjoin(points, polygons, predicate="within")`,
median of --repeat runs after one warm-up (which also builds and caches the
spatial index, as the bench builds its index outside the timed loop).

    python benches/peers/sjoin.py BOUNDARIES.geojson 1000000 [--repeat 5] [--code adm2_pcode] [--counts OUT.csv]

Prints the median in seconds and, with --counts, writes the points per
region code (code,points), sorted by code, for comparison with the bench's.
"""

import argparse
import statistics
import sys
import time

import geopandas as gpd
import numpy as np

MASK = (1 << 64) - 1
WEST, EAST, SOUTH, NORTH = -12.3, 4.3, 10.1, 25.1


def points(n, seed=42):
    """N points from SplitMix64, as the bench draws them."""
    state = seed
    out = np.empty((n, 2))
    for i in range(n):
        coords = []
        for _ in range(2):
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            z ^= z >> 31
            coords.append((z >> 11) * (1.0 / (1 << 53)))
        out[i, 0] = WEST + (EAST - WEST) * coords[0]
        out[i, 1] = SOUTH + (NORTH - SOUTH) * coords[1]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("boundaries")
    parser.add_argument("n", type=int)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--code", default="adm2_pcode")
    parser.add_argument("--counts")
    args = parser.parse_args()

    xy = points(args.n)
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs="OGC:CRS84")
    polygons = gpd.read_file(args.boundaries)[[args.code, "geometry"]]
    polygons = polygons.set_crs("OGC:CRS84", allow_override=True)

    joined = gpd.sjoin(pts, polygons, predicate="within", how="inner")  # warm-up
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        joined = gpd.sjoin(pts, polygons, predicate="within", how="inner")
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"geopandas sjoin within, {args.n} points: median {median:.3f} s "
          f"over {args.repeat} runs; {len(joined)} points joined")
    if args.counts:
        counts = joined.groupby(args.code).size().sort_index()
        with open(args.counts, "w", encoding="utf-8") as out:
            out.write("code,points\n")
            for code, k in counts.items():
                out.write(f"{code},{k}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
