using MemLab.Probes;
using ScottPlot;

namespace MemLab.Reporting;

/// <summary>The CKA matrix of a <see cref="SimilarityReport"/> as a heatmap (rows and columns in the report's order, colour scale 0 to 1).</summary>
public static class SimilarityFigure
{
    /// <summary>The heatmap of <paramref name="report"/>, titled with <paramref name="title"/>.</summary>
    public static Plot Matrix(SimilarityReport report, string title)
    {
        ArgumentNullException.ThrowIfNull(report);
        int count = report.Names.Count;
        var values = new double[count, count];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < count; j++) values[i, j] = report.Matrix[i][j];
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.FlipVertically = true;
        heatmap.Extent = new CoordinateRect(0, count - 1, 0, count - 1);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();
        plot.Add.ColorBar(heatmap).Label = "linear CKA";
        var ticks = Enumerable.Range(0, count).Select(i => (double)i).ToArray();
        var names = report.Names.Select(n => Path.GetFileNameWithoutExtension(n)).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, names);
        plot.Axes.Left.SetTicks(ticks, names);
        plot.Axes.SetLimits(-0.5, count - 0.5, -0.5, count - 0.5);
        plot.Title(title);
        return plot;
    }
}
