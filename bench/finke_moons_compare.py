"""Compares memlab's finke-moons-grid sweep with the published moons table of Dirksen, Finke and Genzel.

Usage (Debian's python3-numpy, python3-pandas, python3-scipy, python3-matplotlib):
    memlab reproduce finke-moons-grid            # writes finke-moons-grid-v1.db
    memlab results finke-moons-grid-v1.db --csv memlab-cells.csv
    /usr/bin/python3 bench/finke_moons_compare.py memlab-cells.csv $MEMLAB_FINKE_PEER/results.zip out.png

MEMLAB_FINKE_PEER is a checkout of github.com/patrickfinke/memo; its results.zip holds results/moons.csv with
one row per restart (score = training accuracy, second_dim_out = pruned width). A restart interpolates when its
score is 1. For every cell (n, lambda) both sides have 50 restarts; a cell differs beyond sampling error when
Fisher's exact test of the two interpolation counts gives p < 0.05, and, stricter, when it survives the
Benjamini-Hochberg correction over all cells at a false discovery rate of 5%. Prints the counts and writes the
two heatmaps and their difference.
"""
import sys
import zipfile

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.stats import fisher_exact

ours_csv, results_zip, figure = sys.argv[1], sys.argv[2], sys.argv[3]

with zipfile.ZipFile(results_zip) as archive, archive.open("results/moons.csv") as handle:
    theirs = pd.read_csv(handle)
theirs["lambda"] = theirs["max_bias"].round(2)
theirs["interpolated"] = (theirs["score"] == 1.0).astype(int)
their_cells = theirs.groupby(["n_iter", "lambda"]).agg(
    their_k=("interpolated", "sum"), their_runs=("interpolated", "size"), their_width=("second_dim_out", "mean")).reset_index()

ours = pd.read_csv(ours_csv)
ours["lambda"] = ours["lambda"].round(2)
ours["our_k"] = (ours["memorized_mean"] * ours["runs"]).round().astype(int)
ours = ours.rename(columns={"width": "n_iter", "runs": "our_runs", "pruned_width_mean": "our_width"})
cells = their_cells.merge(ours[["n_iter", "lambda", "our_k", "our_runs", "our_width", "failed"]], on=["n_iter", "lambda"], how="inner")
if len(cells) != len(their_cells):
    sys.exit(f"memlab's table has {len(cells)} of the authors' {len(their_cells)} cells; run the whole grid first")

cells["p"] = [fisher_exact([[a, n - a], [b, m - b]])[1] if (a, b) != (n, m) and (a, b) != (0, 0) else 1.0
              for a, n, b, m in zip(cells.our_k, cells.our_runs, cells.their_k, cells.their_runs)]
order = np.argsort(cells.p.values)
ranked = cells.p.values[order] * len(cells) / (np.arange(len(cells)) + 1)
passed = np.minimum.accumulate(ranked[::-1])[::-1] < 0.05
bh = np.zeros(len(cells), dtype=bool)
bh[order] = passed
cells["ours"] = cells.our_k / cells.our_runs
cells["theirs"] = cells.their_k / cells.their_runs
cells["difference"] = cells.ours - cells.theirs
undecided = ((cells.ours > 0) & (cells.ours < 1)) | ((cells.theirs > 0) & (cells.theirs < 1))

print(f"cells: {len(cells)} (n = 10..500 step 10, lambda = 0..2.5 step 0.05), runs per cell: memlab {cells.our_runs.min()}-{cells.our_runs.max()}, authors {cells.their_runs.min()}-{cells.their_runs.max()}; memlab failed runs: {int(cells.failed.sum())}")
print(f"interpolation probability, mean over cells: memlab {cells.ours.mean():.4f}, authors {cells.theirs.mean():.4f}; mean |difference| {cells.difference.abs().mean():.4f}, largest {cells.difference.abs().max():.2f}")
print(f"cells where either side is strictly between 0 and 1: {int(undecided.sum())}")
print(f"cells differing at p < 0.05 (Fisher's exact test, two-sided): {int((cells.p < 0.05).sum())} "
      f"(memlab higher in {int(((cells.p < 0.05) & (cells.difference > 0)).sum())}); at most {0.05 * undecided.sum():.0f} expected by chance")
print(f"cells differing after Benjamini-Hochberg at 5% FDR: {int(bh.sum())}")
print(f"cells with interpolation probability >= 0.99: memlab {int((cells.ours >= 0.99).sum())}, authors {int((cells.theirs >= 0.99).sum())}")
both = cells[(cells.ours == 1) & (cells.theirs == 1)]
print(f"mean pruned width where both always interpolate ({len(both)} cells): memlab {both.our_width.mean():.3f}, authors {both.their_width.mean():.3f}")
for _, row in cells[bh].sort_values("p").iterrows():
    print(f"  n = {row.n_iter}, lambda = {row['lambda']}: memlab {row.our_k}/{row.our_runs}, authors {row.their_k}/{row.their_runs}, p = {row.p:.2g}")

def grid(column):
    return cells.pivot(index="n_iter", columns="lambda", values=column).sort_index(ascending=False)

fig, axes = plt.subplots(1, 3, figsize=(13, 4.2), constrained_layout=True)
for axis, (column, title, cmap, low, high) in zip(axes, [
        ("ours", "memlab (finke-moons-grid)", "viridis", 0, 1),
        ("theirs", "Dirksen-Finke-Genzel (results.zip)", "viridis", 0, 1),
        ("difference", "memlab - authors", "RdBu", -0.5, 0.5)]):
    table = grid(column)
    image = axis.imshow(table.values, aspect="auto", cmap=cmap, vmin=low, vmax=high,
                        extent=[-0.025, 2.525, 5, 505])
    axis.set_title(title)
    axis.set_xlabel("maximal bias lambda")
    axis.set_ylabel("first-layer width n")
    fig.colorbar(image, ax=axis, label="interpolation probability" if column != "difference" else "difference")
significant = cells[bh]
axes[2].scatter(significant["lambda"], significant["n_iter"], s=12, facecolors="none", edgecolors="black", linewidths=0.8)
fig.savefig(figure, dpi=110)
print(f"figure: {figure}")
