"""Independent reference for GrnGpu's HistogramBuilder/DatasetBuilder (used by NumpyHistogramTests).

Reads expression CSVs (symbol, id, values; no header) and a pair CSV (tf, target[, label]), computes for every
pair numpy.histogram2d(tf, target, bins=B).T scaled to [0, 1] ((h - min) / (max - min), 0 where max == min),
applies the seed's alias Dp -> Dp2, and compares with X.npy (N x 1 x B x B) and y.npy written by GrnGpu.
Prints "max_abs_diff=<value> pairs=<n>" and exits 1 when the difference exceeds the tolerance.

usage: numpy_histogram_check.py BINS X.npy Y.npy|- PAIRS.csv EXPRESSION.csv [EXPRESSION.csv ...]
"""
import csv
import sys

import numpy as np

TOLERANCE = 1e-6
ALIASES = {"Dp": "Dp2"}


def read_expression(paths):
    table = {}
    for path in paths:
        with open(path, newline="") as f:
            for row in csv.reader(f):
                if row:
                    table[row[0]] = np.array([float(v) for v in row[2:]], dtype=np.float64)
    return table


def main():
    bins = int(sys.argv[1])
    x = np.load(sys.argv[2])
    y_path = sys.argv[3]
    pairs_path = sys.argv[4]
    table = read_expression(sys.argv[5:])
    with open(pairs_path, newline="") as f:
        pairs = [row for row in csv.reader(f) if row]
    assert x.dtype == np.float32, x.dtype
    assert x.shape == (len(pairs), 1, bins, bins), (x.shape, len(pairs))
    worst = 0.0
    for i, row in enumerate(pairs):
        tf = table[ALIASES.get(row[0], row[0])]
        target = table[ALIASES.get(row[1], row[1])]
        h = np.histogram2d(tf, target, bins=bins)[0].T
        span = h.max() - h.min()
        expected = (h - h.min()) / span if span != 0 else np.zeros_like(h)
        worst = max(worst, float(np.abs(expected - x[i, 0].astype(np.float64)).max()))
    if y_path != "-":
        y = np.load(y_path)
        labels = np.array([float(row[2]) for row in pairs], dtype=np.float32)
        assert y.dtype == np.float32 and y.shape == (len(pairs),), (y.dtype, y.shape)
        assert np.array_equal(y, labels), "labels differ"
    print(f"max_abs_diff={worst:.3e} pairs={len(pairs)}")
    sys.exit(0 if worst <= TOLERANCE else 1)


if __name__ == "__main__":
    main()
