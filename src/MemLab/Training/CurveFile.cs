using System.Globalization;

namespace MemLab.Training;

/// <summary>Writes training curves as CSV: a header <c>step,loss,accuracy,seconds</c>, then one row per check.</summary>
public static class CurveFile
{
    /// <summary>Writes <paramref name="curves"/> to <paramref name="path"/>, replacing any file there.</summary>
    /// <exception cref="MemLabException">The path is a folder or its folder does not exist.</exception>
    public static void Save(IReadOnlyList<CurvePoint> curves, string path)
    {
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteText(path, writer =>
        {
            writer.WriteLine("step,loss,accuracy,seconds");
            foreach (var point in curves)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{point.Step},{point.Loss:R},{point.Accuracy:R},{point.Seconds:R}"));
        });
    }
}
