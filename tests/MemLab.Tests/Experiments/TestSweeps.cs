using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

/// <summary>Small sweeps for tests: geometry of moons over a grid, fast enough for hundreds of runs.</summary>
internal static class TestSweeps
{
    public static SweepSpec Moons(IReadOnlyList<string> sizes, IReadOnlyList<string> noises, int repetitions, ulong seed = 7) => new()
    {
        Name = "test-moons",
        Task = "geometry",
        Data = "moons",
        Grid = [new SweepParameter("n", sizes), new SweepParameter("noise", noises)],
        Repetitions = repetitions,
        Seed = new Seed(seed),
        Metrics = ["delta", "min_distance", "rank"],
    };

    public static SweepRunOptions Options(int workers = 1) => new(new ManagedBlas(1)) { Workers = workers };

    /// <summary>The JSON text of a sweep spec file with the given grid (JSON object text).</summary>
    public static string Json(string grid, int repetitions = 2, string task = "geometry", string data = "moons", string metrics = "[]") =>
        $$"""{ "name": "t", "task": "{{task}}", "data": "{{data}}", "grid": {{grid}}, "repetitions": {{repetitions}}, "seed": 3, "metrics": {{metrics}} }""";
}
