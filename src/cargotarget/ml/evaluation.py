"""The figures a trained model is judged by, on its held-out examinations.

Of the consignments a model would put in its top 5 % or 10 %, how many held a finding
(precision) and what part of all findings they hold (recall), and the AUC over the whole
ranking (measures from :mod:`.metrics`); measured on the random control group, the one fair
sample of all cargo, and on all held-out examinations for comparison.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from cargotarget.ml.metrics import auc, precision_at, recall_at


def quality_metrics(
    labels: npt.NDArray[np.float64],
    probabilities: npt.NDArray[np.float64],
    random: npt.NDArray[np.bool_],
) -> dict[str, float]:
    """The figures on the random control group (prefixed ``random_``: the unbiased estimate)
    and on all held-out examinations (``all_``: flattered or hurt by how the others were
    chosen). Figures that cannot be computed (no examination, or no finding for AUC and
    recall) are left out rather than given as a number."""
    figures: dict[str, float] = {}
    everyone = np.ones(labels.size, dtype=bool)
    for prefix, chosen in (("random", random.astype(bool)), ("all", everyone)):
        found, scores = labels[chosen], probabilities[chosen]
        figures[f"{prefix}_count"] = float(found.size)
        if not found.size:
            continue
        figures[f"{prefix}_base_rate"] = float(found.mean())
        for percent in (5, 10):
            figures[f"{prefix}_precision_at_{percent}"] = precision_at(scores, found, percent / 100)
        if 0 < found.sum() < found.size:
            figures[f"{prefix}_auc"] = auc(scores, found)
            for percent in (5, 10):
                figures[f"{prefix}_recall_at_{percent}"] = recall_at(scores, found, percent / 100)
    return figures
