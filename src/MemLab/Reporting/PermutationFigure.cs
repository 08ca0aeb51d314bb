using System.Globalization;
using MemLab.Probes;
using ScottPlot;

namespace MemLab.Reporting;

/// <summary>
/// The histogram figure of a permutation test (Chaibub Neto 2018): the permuted-label null distribution of each
/// evaluation set as bars on shared bins, each set's true-label score as a vertical line of the same colour, and the
/// chance level as a dashed grey line.
/// </summary>
public static class PermutationFigure
{
    private const int Bins = 20;

    /// <summary>The figure for <paramref name="report"/>, titled with <paramref name="title"/>.</summary>
    public static Plot Histogram(PermutationReport report, string title)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sets = new[] { report.HeldOut, report.SharedStructure };
        // Bins span the null scores only, so the nulls keep their shape however far the true scores lie; the x axis
        // then widens to show the true scores and the chance level too.
        var nulls = sets.SelectMany(s => s.Null).ToArray();
        double low = nulls.Min(), width = Math.Max(nulls.Max() - low, 1e-3) / Bins;
        var everything = sets.SelectMany(s => s.Null.Append(s.TrueScore).Append(s.Chance)).ToArray();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int s = 0; s < sets.Length; s++)
        {
            var set = sets[s];
            var counts = new int[Bins + 1];
            foreach (double score in set.Null) counts[Math.Min(Bins, (int)((score - low) / width))]++;
            var color = palette.GetColor(s);
            var bars = counts.Select((count, bin) => new Bar
            {
                Position = low + (bin + 0.5) * width,
                Value = count,
                Size = width * 0.9,
                FillColor = color.WithAlpha(0.6),
                LineWidth = 0,
            }).Where(bar => bar.Value > 0).ToList();
            plot.Add.Bars(bars);
            var line = plot.Add.VerticalLine(set.TrueScore);
            line.LineColor = color;
            line.LineWidth = 2;
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = string.Create(CultureInfo.InvariantCulture, $"{set.Set}: null (bars), true {set.TrueScore:F3} (line), p = {set.PValue:G3}, {set.Verdict.ToString().ToLowerInvariant()}"),
                FillColor = color,
            });
        }
        var chance = plot.Add.VerticalLine(report.HeldOut.Chance);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        double margin = 0.05 * Math.Max(everything.Max() - everything.Min(), 1e-3);
        plot.Axes.SetLimitsX(everything.Min() - margin, everything.Max() + margin);
        plot.XLabel("accuracy of the shallow classifier");
        plot.YLabel($"permutations (of {report.Permutations})");
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperCenter);
        return plot;
    }
}
