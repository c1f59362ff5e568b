"""Reference values for SklearnReferenceTests: reads {"labels", "scores", "weights"} as JSON on stdin and prints
scikit-learn's roc_auc_score and average_precision_score, unweighted and with sample_weight, as JSON."""
import json
import sys

from sklearn.metrics import average_precision_score, roc_auc_score

data = json.load(sys.stdin)
y, s, w = data["labels"], data["scores"], data["weights"]
print(json.dumps({
    "auroc": roc_auc_score(y, s),
    "aupr": average_precision_score(y, s),
    "auroc_weighted": roc_auc_score(y, s, sample_weight=w),
    "aupr_weighted": average_precision_score(y, s, sample_weight=w),
}))
