"""Judge Rapport's early warning on a grid of synthetic portfolios, with several seeds each.

.venv/bin/python scripts/evaluate_insights.py                 # the whole grid, 3 seeds
.venv/bin/python scripts/evaluate_insights.py --seeds 1 2 --scenario reference "drop 1 pt"
.venv/bin/python scripts/evaluate_insights.py --curve         # also the operating curve

Prints, per scenario and rule, the share of deteriorations flagged within 2 periods (the onset
month or the next; "≤3" adds one more) and the false alarms per project-year on steady projects,
then the pooled figures, |corr(θ, complexity)| on steady projects, and the calibrated threshold.
Nothing here is tuned to a seed: the threshold comes from simulation (analytics/calibration.py).
"""

from __future__ import annotations

import argparse
import math
import sys
import time

from rapport.insights.analytics.calibration import calibrate, size_class
from rapport.insights.analytics.harness import (
    COMBINED,
    LEGACY,
    NAIVE,
    SCENARIOS,
    operating_curve,
    oracle_bound,
    run_scenario,
    summarise,
)
from rapport.insights.analytics.signals import RULE_LOW_SCORE
from rapport.insights.analytics.warning import WarningSettings

SHOWN = (COMBINED, NAIVE, LEGACY, RULE_LOW_SCORE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--scenario", nargs="+", choices=sorted(SCENARIOS), default=None)
    parser.add_argument("--target", type=float, default=0.1, help="false alarms per project-year")
    parser.add_argument("--curve", action="store_true", help="print the operating curve too")
    parser.add_argument(
        "--bound", action="store_true", help="print what a detector knowing 'usual' could reach"
    )
    args = parser.parse_args()
    settings = WarningSettings(false_alarms_per_year=args.target)
    started = time.monotonic()
    names = args.scenario or list(SCENARIOS)
    sizes = sorted({SCENARIOS[name].projects for name in names})
    levels = {n: calibrate(args.target, settings, projects=n) for n in sizes}
    print(
        f"Calibrated alarm level for {args.target:g} false alarms per project-year, by "
        "portfolio size: "
        + ", ".join(f"{n} projects {levels[n]:.2f} (as {size_class(n)})" for n in sizes)
        + f" ({time.monotonic() - started:.1f} s of simulation)\n"
    )
    header = f"{'scenario':<24}" + "".join(f"{rule:>22}" for rule in SHOWN)
    print(header + f"{'≤3 (combined)':>15}{'|corr θ,cx|':>13}")
    print(" " * 24 + "".join(f"{'flagged / FA·yr⁻¹':>22}" for _ in SHOWN))
    print("-" * (len(header) + 28))
    everything = []
    worst_corr = 0.0
    for name in names:
        spec = SCENARIOS[name]
        results = [
            run_scenario(name, spec, seed=seed, settings=settings, threshold=levels[spec.projects])
            for seed in args.seeds
        ]
        everything.extend(results)
        cells = []
        for rule in SHOWN:
            det, fa = summarise(results, rule)
            cells.append(f"{det:>13.0%} / {fa:4.2f}")
        within3 = sum(r.rules[COMBINED].flagged3 for r in results) / max(
            1, sum(r.deteriorating for r in results)
        )
        corr = max(abs(r.corr_theta_steady) for r in results)
        worst_corr = max(worst_corr, corr if not math.isnan(corr) else 0.0)
        print(f"{name:<24}" + "".join(f"{c:>22}" for c in cells) + f"{within3:>15.0%}{corr:>13.3f}")
        sys.stdout.flush()
    print("-" * (len(header) + 28))
    cells = []
    for rule in SHOWN:
        det, fa = summarise(everything, rule)
        cells.append(f"{det:>13.0%} / {fa:4.2f}")
    within3 = sum(r.rules[COMBINED].flagged3 for r in everything) / max(
        1, sum(r.deteriorating for r in everything)
    )
    print(f"{'all scenarios':<24}" + "".join(f"{c:>22}" for c in cells) + f"{within3:>15.0%}")
    print(f"\nLargest |corr(θ, complexity)| on steady projects: {worst_corr:.3f}")
    if args.curve:
        print("\nOperating curve on the reference scenario (target → level, flagged, FA·yr⁻¹):")
        for target, h, det, fa in operating_curve(
            SCENARIOS["reference"], args.seeds, (0.02, 0.05, 0.1, 0.2, 0.5)
        ):
            print(f"  {target:>5.2f} → {h:5.2f}  {det:5.0%}  {fa:5.2f}")
    if args.bound:
        print("\nBound: a scores-only detector that knows every usual exactly, within 2 periods:")
        for name in names:
            print(f"  {name:<24} {oracle_bound(SCENARIOS[name], target=args.target):5.0%}")
    print(f"\n({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
