"""Writes finke-moons.csv: the two-moons dataset of Dirksen, Finke and Genzel's moons experiment.

Their experiment (JMLR 25, 2024; public code at github.com/patrickfinke/memo) draws
scikit-learn's make_moons(1000, noise=0.05, random_state=0), converts it to float32 and divides it
by its largest Euclidean norm. This script does the same and writes every coordinate as the
shortest decimal that reads back as the same float32, so memlab loads exactly their points.

Their construction covers the points of label 1 (the lower moon); memlab's covers class 0. The
column "moon" keeps scikit-learn's label, and memlab's "finke-moons" data source makes class 0 the
lower moon (moon = 1), so a memlab build covers the same points theirs does.

Run once with Debian's python3-sklearn (1.2.1) and python3-numpy (1.24.2):
    /usr/bin/python3 make_finke_moons.py > finke-moons.csv
"""
import sys

import numpy as np
import sklearn
from sklearn.datasets import make_moons

points, moon = make_moons(1000, noise=0.05, random_state=0)
points = points.astype(np.float32)
points /= np.linalg.norm(points, ord=2, axis=1).max()

out = sys.stdout
out.write(f"# make_moons(1000, noise=0.05, random_state=0), float32, divided by the largest norm; scikit-learn {sklearn.__version__}, numpy {np.__version__}\n")
out.write("x,y,moon\n")
for (x, y), label in zip(points, moon):
    out.write(f"{np.format_float_positional(x, unique=True, trim='-')},{np.format_float_positional(y, unique=True, trim='-')},{label}\n")
