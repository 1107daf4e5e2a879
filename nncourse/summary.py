"""The summary ``nncourse grade`` prints: statuses, each graded part, scores, and every reason."""

import statistics
import sys

STATUSES = {
    "graded": "graded",
    "problems": "graded, with problems",
    "zero": "zero: nothing to grade",
    "review": "for review: score withheld",
    "error": "NOT graded (error)",
}


def summary(assignment, outcomes, seconds, workers, parts, out=None):
    """Print the summary table: statuses, each graded part, scores, and every reason."""
    out = out or sys.stdout
    n = len(outcomes)
    rate = n / seconds * 60 if seconds else 0.0
    print(f"\n{assignment}: {n} submissions in {seconds:.1f} s with {workers} worker(s) ({rate:.0f} per minute)\n", file=out)
    counts = {key: sum(o.status == key for o in outcomes) for key in STATUSES}
    width = max(len(v) for v in STATUSES.values())
    for key, label in STATUSES.items():
        print(f"  {label:<{width}}  {counts[key]:>5}", file=out)
    graded = [o for o in outcomes if o.status in ("graded", "problems", "zero")]
    if parts and graded:
        print(f"\n  {'graded part':<36}{'points':>7}{'full marks':>13}{'mean':>7}", file=out)
        for name, max_score in parts:
            scores = [o.scores.get(name, 0.0) or 0.0 for o in graded]
            full = sum(s >= max_score for s in scores)
            print(f"  {name:<36}{max_score:>7g}{f'{full}/{len(scores)}':>13}{statistics.mean(scores):>7.2f}", file=out)
        totals = [o.auto_score for o in graded]
        top = sum(m for _, m in parts)
        print(f"\n  autograded score: mean {statistics.mean(totals):.1f}, median {statistics.median(totals):g}, "
              f"max {max(totals):g} (of {top:g})", file=out)
    unusual = [o for o in outcomes if o.reason]
    if unusual:
        print("\n  Did not grade normally:", file=out)
        for o in unusual:
            print(f"    {o.student}: {o.reason}", file=out)
    print(file=out)
