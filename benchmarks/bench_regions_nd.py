"""Time origami.regions_nd against affinitree (compiled Rust) in the same process.

Run: python benchmarks/bench_regions_nd.py [--repeat N] [--seeds K]
Prints, for He-initialised networks on the box [-3, 3]^d, the number of regions, the best-of-N
seconds of each method to build the regions (origami: patterns, affine maps and interior
points; affinitree: its decision tree with the box as precondition), and origami's time as a
multiple of affinitree's. The counts must agree. affinitree prints progress to its standard
output, which is silenced while it runs.
"""

from __future__ import annotations

import argparse

from peers import affinitree_count, best_time

from origami import ReLUNetwork, regions_nd

WIDTHS = [
    [3, 16, 16, 1],
    [3, 24, 24, 1],
    [3, 12, 12, 12, 1],
    [4, 12, 12, 1],
    [5, 10, 10, 1],
    [6, 8, 8, 1],
]
HALF_WIDTH = 3.0


def origami_regions(net: ReLUNetwork, box) -> int:
    regions = regions_nd(net, box)
    regions.A, regions.interior_points  # the maps and interior points are part of the build
    return len(regions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=1)
    args = parser.parse_args()
    print(
        f"{'widths':>18} {'seed':>4} {'regions':>8} {'origami s':>10} {'affinitree s':>13} "
        f"{'ratio':>6}"
    )
    total_mine = total_aff = 0.0
    for widths in WIDTHS:
        for seed in range(args.seeds):
            net = ReLUNetwork.random(widths, seed=seed)
            box = [(-HALF_WIDTH, HALF_WIDTH)] * widths[0]
            t_mine, count = best_time(lambda: origami_regions(net, box), args.repeat)
            t_aff, theirs = best_time(lambda: affinitree_count(net, box), args.repeat)
            assert count == theirs, f"region counts differ: origami {count}, affinitree {theirs}"
            total_mine += t_mine
            total_aff += t_aff
            print(
                f"{str(widths):>18} {seed:>4} {count:>8} {t_mine:>10.3f} {t_aff:>13.3f} "
                f"{t_mine / t_aff:>6.3f}",
                flush=True,
            )
    print(f"{'total':>18} {'':>4} {'':>8} {total_mine:>10.3f} {total_aff:>13.3f} "
          f"{total_mine / total_aff:>6.3f}")


if __name__ == "__main__":
    main()
