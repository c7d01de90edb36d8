"""How well scores rank findings: AUC, and precision and recall of the top share of scores.

The figures a targeting team reads: of the consignments a model would put in its top 5 %
or 10 %, how many held a finding (precision), and what part of all findings they hold
(recall). Ties are broken by order, as an examination list would be.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

Labels = npt.NDArray[np.bool_] | npt.NDArray[np.floating] | npt.NDArray[np.integer]
Scores = npt.NDArray[np.floating]


def auc(labels: Labels, scores: Scores) -> float:
    """The area under the ROC curve: the chance that a random finding scores above a random
    examination without one (ties count half); NaN when either kind is absent."""
    positive = np.asarray(labels, dtype=bool)
    found = int(positive.sum())
    clean = positive.size - found
    if found == 0 or clean == 0:
        return math.nan
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    # Average rank of each distinct score, so that tied scores share their ranks.
    ends = np.cumsum(counts)
    ranks = (ends - (counts - 1) / 2.0)[inverse]
    return float((ranks[positive].sum() - found * (found + 1) / 2.0) / (found * clean))


def _top(scores: Scores, share: float) -> npt.NDArray[np.intp]:
    if not 0.0 < share <= 1.0:
        raise ValueError("the share must be above 0 and at most 1")
    count = max(1, math.ceil(share * scores.size))
    return np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")[:count]


def precision_at(labels: Labels, scores: Scores, share: float) -> float:
    """The share of findings among the top ``share`` of scores; NaN without scores."""
    if scores.size == 0:
        return math.nan
    return float(np.asarray(labels, dtype=np.float64)[_top(scores, share)].mean())


def recall_at(labels: Labels, scores: Scores, share: float) -> float:
    """The share of all findings that lie in the top ``share`` of scores; NaN without any."""
    positive = np.asarray(labels, dtype=np.float64)
    total = positive.sum()
    if scores.size == 0 or total == 0:
        return math.nan
    return float(positive[_top(scores, share)].sum() / total)


def quality_metrics(
    labels: npt.NDArray[np.floating], probabilities: Scores, random: npt.NDArray[np.bool_]
) -> dict[str, float]:
    """The figures of a model on held-out examinations: on the random control group (the
    unbiased estimate, prefixed ``random_``) and on all of them (``all_``, flattered or
    hurt by how the others were chosen). Figures that cannot be computed are left out."""
    figures: dict[str, float] = {}
    for prefix, chosen in (("random", random.astype(bool)), ("all", np.ones_like(random, bool))):
        found, scores = labels[chosen], probabilities[chosen]
        measured = {
            "count": float(found.size),
            "base_rate": float(found.mean()) if found.size else math.nan,
            "auc": auc(found, scores),
            "precision_at_5": precision_at(found, scores, 0.05),
            "precision_at_10": precision_at(found, scores, 0.10),
            "recall_at_5": recall_at(found, scores, 0.05),
            "recall_at_10": recall_at(found, scores, 0.10),
        }
        figures |= {f"{prefix}_{k}": v for k, v in measured.items() if not math.isnan(v)}
    return figures
