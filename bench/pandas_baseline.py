"""The baseline for cohort scoring: the computation as an analyst would write it with pandas.

Read the JSON Lines with ``json``, flatten every rating to a row, reflect reverse-keyed items,
average each rater's answers per competency (a rater who answered under 75% of a competency's
items is left out, as leadcomp's default policy does), then group by subject, competency and
rater group for the mean, SD and count, and the same for all raters but self. The table is
written as CSV::

    python bench/pandas_baseline.py COHORT.jsonl FRAMEWORK.json [OUT.csv]

Only the bench extra installs pandas (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import json
import sys

import pandas as pd

MIN_COVERAGE = 0.75


def score(cohort: str, framework: str) -> pd.DataFrame:
    """Per subject x competency x group (and "all_others"): mean, std and count of the raters'
    competency scores."""
    with open(framework, encoding="utf-8") as handle:
        spec = json.load(handle)
    scale = next(s for s in spec["scales"] if s["id"] == spec["default_scale"])
    values = [level["value"] for level in scale["levels"]]
    low, high = min(values), max(values)
    competency_of = {}
    items_in = {}
    reverse = set()
    for competency in spec["competencies"]:
        indicators = competency.get("indicators", [])
        items_in[competency["id"]] = len(indicators)
        for indicator in indicators:
            competency_of[indicator["id"]] = competency["id"]
            if indicator.get("reverse"):
                reverse.add(indicator["id"])

    rows = []
    with open(cohort, "rb") as handle:
        for line in handle:
            assessment = json.loads(line)
            group_of = {rater["id"]: rater["group"] for rater in assessment["raters"]}
            subject = assessment["subject"]
            for rating in assessment["ratings"]:
                rater = rating["rater"]
                rows.append((subject, rater, group_of[rater], rating["item"], rating["value"]))
    df = pd.DataFrame(rows, columns=["subject", "rater", "group", "item", "value"])
    df = df.dropna(subset=["value"])
    df["competency"] = df["item"].map(competency_of)
    flip = df["item"].isin(reverse)
    df.loc[flip, "value"] = low + high - df.loc[flip, "value"]

    per_rater = df.groupby(["subject", "competency", "group", "rater"])["value"].agg(
        ["mean", "count"]
    )
    needed = per_rater.index.get_level_values("competency").map(items_in) * MIN_COVERAGE
    per_rater = per_rater[per_rater["count"] >= needed - 1e-12]["mean"].rename("score")
    by_group = per_rater.groupby(["subject", "competency", "group"]).agg(
        ["mean", "std", "count"]
    )
    others = per_rater[per_rater.index.get_level_values("group") != "self"]
    all_others = others.groupby(["subject", "competency"]).agg(["mean", "std", "count"])
    all_others["group"] = "all_others"
    all_others = all_others.set_index("group", append=True)
    return pd.concat([by_group, all_others]).sort_index()


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    table = score(argv[0], argv[1])
    table.to_csv(argv[2] if len(argv) == 3 else sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
