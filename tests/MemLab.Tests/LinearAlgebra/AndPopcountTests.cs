using System.Text.Json.Nodes;
using MemLab.LinearAlgebra;
using MemLab.LinearAlgebra.Native;
using MemLab.Tests.Data.Loaders;
using MemLab.Tests.Hostile;

namespace MemLab.Tests.LinearAlgebra;

public class AndPopcountTests
{
    /// <summary>popcount(u &amp; row) bit by bit, sharing nothing with the kernels.</summary>
    private static int BitByBit(ulong[] u, ulong[] codes, int row, int width)
    {
        int words = (width + 63) / 64, count = 0;
        for (int bit = 0; bit < width; bit++)
            if (((u[bit / 64] >> (bit % 64)) & (codes[row * words + bit / 64] >> (bit % 64)) & 1) == 1) count++;
        return count;
    }

    /// <summary>
    /// Every kernel that runs here (scalar always; AVX2 from four words; the native AVX-512 kernel where it loads),
    /// through a <see cref="PopcountTile"/>, gives the bit-by-bit counts at every width from 1 to 1,100 bits (1 to 18
    /// words: every tail of 64-bit words and odd word counts), on rows taken in random order with repeats, tiles of a
    /// row count that is not a multiple of the kernels' groups of four or eight rows (the native kernel's last group
    /// padded), counted from the first row and from the ninth. Bits past n are zero, as in the codes the callers build.
    /// </summary>
    [Fact]
    public unsafe void Products_EveryKernelHereEveryWidthUpTo1100_EqualsBitByBitCounts()
    {
        Rng rng = new Seed(18).CreateRng();
        const int count = 29, picks = 61;
        int checkedKernels = 0;
        for (int width = 1; width <= 1100; width++)
        {
            int words = (width + 63) / 64;
            ulong[] u = RandomBits(rng, 1, width), codes = RandomBits(rng, count, width);
            int[] rows = Enumerable.Range(0, picks).Select(_ => (int)(rng.NextUInt64() % count)).ToArray();
            int start = width % 5, end = picks - width % 7;
            int[] expected = rows[start..end].Select(r => BitByBit(u, codes, r, width)).ToArray();
            foreach (PopcountKernel kernel in Enum.GetValues<PopcountKernel>().Where(k => AndPopcount.Supports(k, words)))
            {
                var tile = new PopcountTile(words, picks, kernel);
                var products = new int[end - start];
                var fromNinth = new int[end - start - 8];
                fixed (ulong* uBits = u, table = codes)
                fixed (int* rowIndices = rows, output = products, later = fromNinth)
                {
                    tile.Load(table, rowIndices, start, end);
                    tile.Products(uBits, 0, tile.Count, output);
                    tile.Products(uBits, 8, tile.Count, later);
                }
                Assert.True(expected.SequenceEqual(products), $"{kernel} kernel, n = {width}: [{string.Join(", ", products)}] instead of [{string.Join(", ", expected)}]");
                Assert.True(expected[8..].SequenceEqual(fromNinth), $"{kernel} kernel, n = {width}, from the ninth row");
                checkedKernels++;
            }
        }
        Assert.True(checkedKernels >= 1100 + 1100 - 192, "scalar at every width and a vector kernel from four words on");
    }

    /// <summary>
    /// The two-row forms through every kernel here: <see cref="PopcountTile.Products2"/> gives each row's bit-by-bit
    /// counts, and <see cref="PopcountTile.Firing2"/> sets exactly the bits of the rows whose count is below (above,
    /// increasing) its threshold, each row into its own output, leaving bits set before; at widths with every tail of
    /// words, on tiles of 1 to 140 rows (padded last groups, more than one output word), from the first and ninth row.
    /// </summary>
    [Fact]
    public unsafe void TwoRowForms_EveryKernelHere_EqualBitByBitCountsAndCompares()
    {
        Rng rng = new Seed(19).CreateRng();
        int checkedKernels = 0;
        foreach (int width in new[] { 1, 63, 64, 65, 200, 256, 500, 512, 700, 1100 })
            foreach (int count in new[] { 1, 8, 13, 64, 140 })
            {
                int words = (width + 63) / 64;
                ulong[] u = RandomBits(rng, 1, width), v = RandomBits(rng, 1, width), codes = RandomBits(rng, count, width);
                int[] rows = Enumerable.Range(0, count).ToArray();
                int[] expectedU = rows.Select(r => BitByBit(u, codes, r, width)).ToArray();
                int[] expectedV = rows.Select(r => BitByBit(v, codes, r, width)).ToArray();
                int[] thresholds = expectedU.Select(c => c + (int)(rng.NextUInt64() % 5) - 2).ToArray();
                int outputWords = (count + 63) / 64;
                foreach (PopcountKernel kernel in Enum.GetValues<PopcountKernel>().Where(k => AndPopcount.Supports(k, words)))
                {
                    var tile = new PopcountTile(words, count, kernel);
                    var productsU = new int[count];
                    var productsV = new int[count];
                    var scratch = new int[count];
                    foreach (bool increasing in new[] { false, true })
                    {
                        var bitsU = new ulong[outputWords];
                        var bitsV = new ulong[outputWords];
                        bitsV[0] = 1UL << 63;
                        fixed (ulong* uBits = u, vBits = v, table = codes, outU = bitsU, outV = bitsV)
                        fixed (int* rowIndices = rows, pu = productsU, pv = productsV, limits = thresholds, counts = scratch)
                        {
                            tile.Load(table, rowIndices, 0, count);
                            tile.Products2(uBits, vBits, 0, count, pu, pv);
                            Assert.Equal(expectedU, productsU);
                            Assert.Equal(expectedV, productsV);
                            if (count > 8)
                            {
                                tile.Products2(uBits, vBits, 8, count, pu, pv);
                                Assert.Equal(expectedV[8..], productsV[..(count - 8)]);
                            }
                            tile.Firing2(uBits, vBits, 0, count, limits, increasing, counts, outU, outV);
                        }
                        for (int j = 0; j < count; j++)
                        {
                            bool fireU = increasing ? expectedU[j] > thresholds[j] : expectedU[j] < thresholds[j];
                            bool fireV = increasing ? expectedV[j] > thresholds[j] : expectedV[j] < thresholds[j];
                            Assert.True(fireU == ((bitsU[j / 64] >> (j % 64) & 1) == 1), $"{kernel}, n = {width}, {count} rows, u row {j}");
                            Assert.True(fireV == ((bitsV[j / 64] >> (j % 64) & 1) == 1) || j == 63, $"{kernel}, n = {width}, {count} rows, v row {j}");
                        }
                        Assert.Equal(0UL, bitsU[^1] >> (count % 64 == 0 ? 63 : count % 64) >> (count % 64 == 0 ? 1 : 0));
                        Assert.Equal(1UL, bitsV[0] >> 63);
                    }
                    checkedKernels++;
                }
            }
        Assert.True(checkedKernels >= 50);
    }

    /// <summary>Rows of random bits, bits past <paramref name="width"/> zero.</summary>
    private static ulong[] RandomBits(Rng rng, int rows, int width)
    {
        int words = (width + 63) / 64;
        var bits = new ulong[rows * words];
        for (int r = 0; r < rows; r++)
            for (int w = 0; w < words; w++)
            {
                int used = Math.Min(64, width - 64 * w);
                bits[r * words + w] = rng.NextUInt64() & (used == 64 ? ulong.MaxValue : (1UL << used) - 1);
            }
        return bits;
    }

    /// <summary>
    /// Dense rows of 500 to 1,100 bits, every bit on: each count is n, the largest a row can give (64 in every lane of
    /// every word), through a full group of eight rows and a padded one.
    /// </summary>
    [NativePopcountFact]
    public unsafe void NativeProducts_AllBitsOn_CountEveryBit()
    {
        foreach (int width in new[] { 500, 512, 513, 1024, 1100 })
        {
            int words = (width + 63) / 64;
            ulong[] codes = new ulong[11 * words];
            for (int r = 0; r < 11; r++)
                for (int bit = 0; bit < width; bit++) codes[r * words + bit / 64] |= 1UL << (bit % 64);
            int[] rows = Enumerable.Range(0, 11).Reverse().ToArray();
            var products = new int[11];
            var tile = new PopcountTile(words, 11, PopcountKernel.Avx512);
            fixed (ulong* table = codes)
            fixed (int* rowIndices = rows, output = products)
            {
                tile.Load(table, rowIndices, 0, 11);
                tile.Products(table, 0, 11, output);
            }
            Assert.All(products, p => Assert.Equal(width, p));
        }
    }

    /// <summary>
    /// The kernel in use is named, and where the native one is not used the reason is stated (never a silent
    /// fallback): on a machine with the native kernel it is the fastest from four words on; elsewhere a managed kernel
    /// is, and <see cref="PopcountBackend.Describe"/> carries the reason. Rows under four words are counted by scalar POPCNT.
    /// </summary>
    [Fact]
    public void Fastest_IsTheNativeKernelWhereItLoads_ElseAManagedOneWithTheReasonStated()
    {
        string described = PopcountBackend.Describe();
        if (NativePopcount.IsAvailable)
        {
            Assert.Equal(PopcountKernel.Avx512, AndPopcount.Fastest(8));
            Assert.Null(NativePopcount.UnavailableReason);
            Assert.Contains("VPOPCNTDQ", described);
        }
        else
        {
            Assert.NotEqual(PopcountKernel.Avx512, AndPopcount.Fastest(8));
            Assert.False(string.IsNullOrWhiteSpace(NativePopcount.UnavailableReason));
            Assert.Contains(NativePopcount.UnavailableReason!, described);
        }
        Assert.Equal(PopcountKernel.Scalar, AndPopcount.Fastest(3));
    }

    /// <summary>The switch, a CPU without the instruction and a missing library each give the managed path with their reason.</summary>
    [Fact]
    public void TryLoad_SwitchedOffOrMissing_GivesNoKernelAndSaysWhy()
    {
        var off = NativePopcount.TryLoad("0", Path.Combine(AppContext.BaseDirectory, NativePopcount.LibraryName));
        Assert.Equal(0, off.Products);
        Assert.Contains("MEMLAB_NATIVE_POPCOUNT=0", off.Reason);

        var missing = NativePopcount.TryLoad(null, Path.Combine(Path.GetTempPath(), "no-such-folder", NativePopcount.LibraryName));
        Assert.Equal(0, missing.Products);
        Assert.Contains(NativePopcount.CpuSupportsVpopcntdq ? "was not built" : "no AVX-512 VPOPCNTDQ", missing.Reason);
    }

    /// <summary>
    /// The Finke construction and its verification with the native kernel on and off (MEMLAB_NATIVE_POPCOUNT=0), in
    /// two processes: the same report and the same network file, byte for byte, on moons (n = 300, five words: the
    /// native kernel's masked chunk; greedy and random covers) and on 3,000 MNIST images (n = 500).
    /// </summary>
    [NativePopcountFact]
    public void FinkeBuild_NativeKernelOnAndOff_GivesTheSameReportAndNetworkBytes()
    {
        using var folder = new TempDirectory();
        // The child processes must really run the two kernels, or the comparison below compares a kernel with itself.
        foreach (var (setting, native) in new[] { ("1", true), ("0", false) })
        {
            var info = Subprocess.Run(new() { [NativePopcount.SwitchVariable] = setting }, "info", "--json");
            Assert.Equal(0, info.ExitCode);
            string? kernel = JsonNode.Parse(info.Out)!["popcount"]!.GetValue<string>();
            Assert.True(kernel!.StartsWith("AVX-512 VPOPCNTDQ (native", StringComparison.Ordinal) == native, $"{NativePopcount.SwitchVariable}={setting}: {kernel}");
        }
        (string Data, string Width, string Lambda, string Cover)[] jobs =
        [
            ("moons:n=1500,noise=0.05,seed=3", "300", "0.5", "greedy"),
            ("moons:n=1500,noise=0.05,seed=3", "300", "0.5", "random"),
            ("mnist:subsample=3000,seed=2,scale=unit-ball", "500", "0", "random"),
        ];
        foreach (var (data, width, lambda, cover) in jobs)
        {
            var results = new List<(string Report, byte[] Network)>();
            string file = folder.File("network.safetensors");
            foreach (string setting in new[] { "1", "0" })
            {
                var outcome = Subprocess.Run(new() { [NativePopcount.SwitchVariable] = setting },
                    "build", "finke", "--data", data, "--width", width, "--lambda", lambda, "--cover", cover, "--seed", "5", "-o", file, "--json");
                Assert.True(outcome.ExitCode is 0 or 3, outcome.Error);
                results.Add((WithoutTimes(outcome.Out), File.ReadAllBytes(file)));
            }
            Assert.Equal(results[0].Report, results[1].Report);
            Assert.True(results[0].Network.AsSpan().SequenceEqual(results[1].Network), $"{data}: network files differ");
        }
    }

    /// <summary>The JSON report with every field that holds a time removed: everything else must match.</summary>
    private static string WithoutTimes(string json)
    {
        JsonNode root = JsonNode.Parse(json)!;
        Strip(root);
        return root.ToJsonString();

        static void Strip(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                foreach (string key in obj.Select(p => p.Key).ToList())
                    if (key.Contains("seconds", StringComparison.OrdinalIgnoreCase) || key.Contains("time", StringComparison.OrdinalIgnoreCase)) obj.Remove(key);
                    else Strip(obj[key]);
            }
            else if (node is JsonArray array)
                foreach (JsonNode? item in array) Strip(item);
        }
    }
}
