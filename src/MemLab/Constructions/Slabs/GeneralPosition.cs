using System.Globalization;
using MemLab.Data;

namespace MemLab.Constructions.Slabs;

/// <summary>
/// The general-position steps the slab constructions share (docs/algorithms.md section 0): refuse duplicate points, and
/// describe the working coordinates and the grouping in a <see cref="GeneralPositionReport"/>.
/// </summary>
internal static class GeneralPosition
{
    /// <summary>Throws when two points are identical: no hyperplane group can put one in a slab and keep the other out.</summary>
    /// <exception cref="MemLabException">(InvalidData) naming the first identical pair and how many there are.</exception>
    public static void RequireDistinct(Dataset data, string construction)
    {
        var duplicates = DatasetChecks.FindDuplicates(data);
        if (duplicates.Count == 0) return;
        var (first, second) = duplicates[0];
        string more = duplicates.Count > 1 ? $" ({duplicates.Count - 1} more duplicate point{(duplicates.Count > 2 ? "s" : "")} follow)" : "";
        throw MemLabException.InvalidData(
            $"{construction} needs distinct points in general position, but samples {first} and {second} are identical{more}; " +
            "no hyperplane passes through one and keeps the other at a distance. Remove the duplicates (keep one of each).");
    }

    /// <summary>The report on <paramref name="coordinates"/> and <paramref name="grouping"/>.</summary>
    public static GeneralPositionReport Describe(WorkingCoordinates coordinates, SlabGrouping grouping, double safety, int groupedPoints)
    {
        int n = coordinates.SampleCount, d = coordinates.InputDimension, r = coordinates.Dimension;
        var groups = grouping.Groups;
        int[] fragile = groups.Where(g => !(g.SafetyRatio >= safety)).SelectMany(g => g.Members).Order().ToArray();
        string safe = safety.ToString("G3", CultureInfo.InvariantCulture);
        var notes = new List<string>();
        if (coordinates.Projected)
            notes.Add($"The centred data has numerical rank {r} < d = {d}: it was projected onto its top {r} principal components " +
                "(its affine hull), groups have r points, and the projection is folded into the first layer's weights and biases.");
        if (n <= d)
            notes.Add($"N = {n} points in d = {d} dimensions: N points span an affine subspace of dimension at most N - 1, so they are in " +
                $"general position there; {groups.Count} group{(groups.Count == 1 ? "" : "s")} of up to {r} points cover the {groupedPoints} grouped points" +
                $"{(groups.Count == 1 ? " (one slab)" : "")}. The construction still works; it just needs few units.");
        if (grouping.Splits + grouping.Redraws > 0)
            notes.Add(
                $"{grouping.Splits} group(s) were split and {grouping.Redraws} single-point hyperplane(s) redrawn because eps was below {safe} times " +
                "the float64 rounding bound or the group's points were affinely dependent.");
        if (fragile.Length > 0)
            notes.Add(
                $"{fragile.Length} point(s) remain in groups whose eps is below {safe} times the rounding bound (near-duplicate points): " +
                "their slabs are thin enough that rounding may decide them; the float64 verification says whether it does.");
        return new GeneralPositionReport
        {
            InputDimension = d,
            WorkingDimension = r,
            Projected = coordinates.Projected,
            GroupCount = groups.Count,
            GroupedPoints = groupedPoints,
            VirtualPoints = grouping.VirtualPoints,
            SplitGroups = grouping.Splits,
            RedrawnHyperplanes = grouping.Redraws,
            SmallestEps = groups.Count == 0 ? 0 : groups.Min(g => g.Eps),
            SmallestSafetyRatio = groups.Count == 0 ? 0 : groups.Min(g => g.SafetyRatio),
            RequiredSafety = safety,
            FragileIndices = fragile,
            Notes = notes,
        };
    }
}
