"""Time origami.regions_2d against regioncam (compiled Rust) and 1024² grid sampling.

Run: python benchmarks/bench_regions.py [--repeat N] [--seeds K] [--no-grid]
Prints, for He-initialised networks with 2 inputs on the box [-3, 3]², the number of regions,
the best-of-N seconds of each method, and origami's time as a multiple of regioncam's.
"""

from __future__ import annotations

import argparse

from peers import best_time, regioncam_count

from origami import ReLUNetwork, regions_2d, verify

HIDDEN = [[64], [32, 32], [64, 64], [32, 32, 32], [64, 64, 64], [128, 128, 128]]
HALF_WIDTH = 3.0
BOX = (-HALF_WIDTH, HALF_WIDTH, -HALF_WIDTH, HALF_WIDTH)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--no-grid", action="store_true", help="skip the slow 1024² grid sampling")
    args = parser.parse_args()
    print(f"{'hidden':>16} {'seed':>4} {'regions':>8} {'origami s':>10} {'regioncam s':>12} {'ratio':>6} {'grid found':>10} {'grid s':>7}")
    for hidden in HIDDEN:
        for seed in range(args.seeds):
            net = ReLUNetwork.random([2, *hidden, 1], seed=seed)
            t_mine, regions = best_time(lambda: regions_2d(net, BOX), args.repeat)
            t_cam, count = best_time(lambda: regioncam_count(net, HALF_WIDTH), args.repeat)
            grid = "-"
            t_grid = float("nan")
            if not args.no_grid and seed == 0:
                t_grid, found = best_time(lambda: verify.grid_patterns(net, BOX, 1024), 1)
                grid = str(len(found))
            assert count == len(regions), f"region counts differ: origami {len(regions)}, regioncam {count}"
            print(
                f"{str(hidden):>16} {seed:>4} {len(regions):>8} {t_mine:>10.3f} {t_cam:>12.3f} "
                f"{t_mine / t_cam:>6.2f} {grid:>10} {t_grid:>7.2f}"
            )


if __name__ == "__main__":
    main()
