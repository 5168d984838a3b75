"""Redraw time of every interactive figure of the book in a live kernel.

Each chapter that calls ``origami.interactive`` runs in a fresh kernel (as Binder runs it:
jupytext reads the MyST file, nbclient executes it, ``ORIGAMI_INTERACTIVE=live``). Then, in
that kernel, every control of every interactive figure is moved ``--steps`` times through its
ipywidgets control, with the frame cache emptied first, so each update runs the whole
callback: ``draw(**values)``, rendering, PNG/SVG encoding and the widget update. The table
gives wall-clock and CPU milliseconds per update (the target is 100 ms) and the frame size.

It also times what the website build does for each figure: render every frame of the grid
(as the build does) and reports their total size. With
``--site _build/html`` it reports, from a built website, the weight of each page's HTML and
of each static figure's frames.

Usage::

    python benchmarks/bench_interactive.py                 # every chapter with a figure
    python benchmarks/bench_interactive.py book/one_dimension.md --steps 5
    python benchmarks/bench_interactive.py --site _build/html
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_MS = 100
_MARK = "ORIGAMI-BENCH-JSON:"

_SETUP = """\
import origami as _origami
_TRACK, _made = [], _origami.interactive

def _tracked(*args, **kwargs):  # the chapter calls origami.interactive: keep what it makes
    figure = _made(*args, **kwargs)
    _TRACK.append(figure)
    return figure

_origami.interactive = _tracked
"""

_MEASURE = """\
async def _origami_bench(steps):
    import asyncio, json, time

    async def idle(fig):  # let the kernel prefetch the neighbouring frames
        for _ in range(6000):
            if not fig.prefetching:
                return
            await asyncio.sleep(0.01)

    rows = []
    for fig in _TRACK:
        panel = fig.widget
        inputs = panel.children[0].children
        row = {"name": fig.name, "grid": " x ".join(str(n) for n in fig.shape),
               "frames": fig.n_frames, "format": fig.format, "wall": [], "cpu": [], "sizes": [], "warm": []}
        for warm in (False, True):
            fig.prefetch = warm
            for c, w in zip(fig.controls, inputs):
                k, direction = c.default, 1
                for j in range(steps):  # one step at a time, turning back at the ends
                    if not 0 <= k + direction < len(c):
                        direction = -direction
                    k += direction
                    value = c.values[k] if c.kind == "slider" else (bool(k) if c.kind == "checkbox" else k)
                    if w.value == value:
                        continue
                    if warm:
                        await idle(fig)
                    else:
                        fig._cache.clear()  # a real redraw, not a cached frame
                    t0, c0 = time.perf_counter(), time.process_time()
                    w.value = value
                    if warm:
                        row["warm"].append(time.perf_counter() - t0)
                    else:
                        row["wall"].append(time.perf_counter() - t0)
                        row["cpu"].append(time.process_time() - c0)
                        row["sizes"].append(len(panel.children[1].value))
                w.value = c.values[c.default] if c.kind == "slider" else (bool(c.default) if c.kind == "checkbox" else c.default)
        await idle(fig)
        fig._cache.clear()  # the website's cost: every frame
        t0 = time.perf_counter()
        frames, _ = fig.frames()
        row["static_s"] = time.perf_counter() - t0
        row["static_mb"] = sum(len(f.data) for f in frames) / 1e6
        rows.append(row)
    print("ORIGAMI-BENCH-JSON:" + json.dumps(rows))
"""


def chapters() -> list[Path]:
    return sorted(
        p for p in (REPO / "book").rglob("*.md")
        if not any(part.startswith((".", "_")) for part in p.relative_to(REPO).parts)
        and re.search(r"\binteractive\(", p.read_text(encoding="utf-8", errors="replace"))
    )


def measure(path: Path, steps: int, timeout: int) -> tuple[list[dict], float]:
    """Run a chapter in a live kernel and time the updates of its interactive figures."""
    import jupytext
    import nbclient
    import nbformat

    nb = jupytext.read(path)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_SETUP))
    nb.cells.append(nbformat.v4.new_code_cell(_MEASURE + f"await _origami_bench({steps})"))
    os.environ["ORIGAMI_INTERACTIVE"] = "live"
    start = time.perf_counter()
    client = nbclient.NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    seconds = time.perf_counter() - start
    for output in nb.cells[-1].outputs:
        text = output.get("text", "")
        if _MARK in text:
            return json.loads(text.split(_MARK, 1)[1]), seconds
    raise RuntimeError(f"{path}: the benchmark cell printed nothing")


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{1e3 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]:.0f}"


def report_live(paths: list[Path], steps: int, timeout: int) -> None:
    header = (f"{'chapter':28s} {'figure':22s} {'grid':>10s} {'fmt':>4s} {'n':>3s} "
              f"{'cold p50':>8s} {'p90':>5s} {'max':>5s} {'cpu p50':>8s} {'step p50':>8s} {'max':>5s} "
              f"{'frame kB':>8s} {'build s':>7s} {'MB':>5s}  target")
    print(f"live update time (ms): {steps} moves of each control, each one step from the last.")
    print("cold = nothing cached (draw + render + encode + widget update);")
    print("step = after the kernel prefetched the neighbouring frames while idle (the usual case)")
    print("build s, MB = rendering every frame for the website, their size")
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(header)
    print("-" * len(header))
    for path in paths:
        rows, seconds = measure(path, steps, timeout)
        name = str(path.relative_to(REPO))
        for row in rows:
            cold_ok = row["wall"] and statistics.median(row["wall"]) * 1e3 <= TARGET_MS
            step_ok = row["warm"] and statistics.median(row["warm"]) * 1e3 <= TARGET_MS
            ok = "ok" if cold_ok else ("ok when prefetched" if step_ok else "OVER")
            size = statistics.mean(row["sizes"]) / 1e3 if row["sizes"] else 0
            print(f"{name:28s} {row['name'][:22]:22s} {row['grid']:>10s} {row['format']:>4s} "
                  f"{len(row['wall']):3d} {_ms(row['wall'], 0.5):>8s} {_ms(row['wall'], 0.9):>5s} "
                  f"{_ms(row['wall'], 1.0):>5s} {_ms(row['cpu'], 0.5):>8s} {_ms(row['warm'], 0.5):>8s} "
                  f"{_ms(row['warm'], 1.0):>5s} {size:8.1f} {row['static_s']:7.1f} {row['static_mb']:5.2f}  {ok}")
        if not rows:
            print(f"{name:28s} (no interactive figure was displayed)")
        print(f"{'':28s} (chapter ran in {seconds:.1f} s)")


def report_site(site: Path) -> None:
    print(f"\nstatic website {site}: each page's HTML, and its figures' frames (files)")
    header = f"{'page':36s} {'HTML MB':>8s} {'figure':>6s} {'frames':>7s} {'distinct':>8s} {'frames MB':>9s}"
    print(header)
    print("-" * len(header))
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        figures = re.findall(
            r'class="origami-interactive"[^>]*? data-frames="(\d+)" data-distinct-frames="(\d+)" '
            r'data-bytes="(\d+)"', text)
        if not figures:
            continue
        print(f"{str(page.relative_to(site)):36s} {len(text.encode()) / 1e6:8.2f}")
        for i, (frames, distinct, size) in enumerate(figures, 1):
            print(f"{'':36s} {'':8s} {i:6d} {frames:>7s} {distinct:>8s} {int(size) / 1e6:9.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", type=Path, help="chapters (default: all with a figure)")
    parser.add_argument("--steps", type=int, default=4, help="moves of each control (default 4)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds per cell (default 900)")
    parser.add_argument("--site", type=Path, help="a built website (_build/html) to report page weights")
    parser.add_argument("--no-live", action="store_true", help="only report the built website")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.chapters] or chapters()
    if not args.no_live:
        if not paths:
            print("no chapter calls origami.interactive", file=sys.stderr)
            return 1
        report_live(paths, args.steps, args.timeout)
    if args.site:
        report_site(args.site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
