// memlab benchmarks: each prints its figures and a ratio against a peer measured in the same run.
// Usage: dotnet run -c Release --project bench/MemLab.Bench -- <name> [options]
using MemLab.Bench;

MemLab.HugePages.AdviseManagedHeap();
var benchmarks = BenchmarkRegistry.All;
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: MemLab.Bench <benchmark> [options]; benchmarks: " + string.Join(", ", benchmarks.Keys));
    return 2;
}
return run(args[1..]);
