using System.Collections.Frozen;
using System.Globalization;
using MemLab.Data.Generators;
using MemLab.Data.Loaders;

namespace MemLab.Data;

/// <summary>
/// Turns a <see cref="DataSpec"/> into a <see cref="Dataset"/>: the source named by the spec produces the points,
/// then the shared steps run in a fixed order — <c>classes=</c>, <c>labels=</c>, <c>subsample=</c>, <c>fraction=</c>,
/// <c>inputs=</c>, <c>pca=</c> (projection to the numerical rank or to D components), <c>scale=</c>, <c>holdout=</c>/<c>part=</c>, <c>targets=</c> — each only when its
/// key is present and each appending itself to
/// the provenance description. With a <c>holdout=</c> split, <c>labels=</c> runs on the training part after the split
/// instead (a fraction P of the training labels is randomized, and the test part keeps the true labels, as test
/// accuracy in the random-label experiments of Zhang et al. 2017 and Arpit et al. 2017 needs). The result's
/// provenance spec is the canonical spec string. Keys and the syntax and range of every value are checked before any
/// data is produced; class names, which depend on the data, are checked once it is loaded.
/// </summary>
/// <remarks>
/// Sources are a table from name to (their own keys, a function (spec, context) -> dataset); shared steps are a
/// list of (keys, a function that checks the spec and returns the transformation). The split comes last so that the
/// training and test parts share one coordinate system: <c>pca=</c> and <c>scale=</c> are fitted on the points
/// before the split, never on each part separately. A new source or step is one
/// entry in the table or the list. Every source also accepts <c>seed</c> (default 0) and the keys of every step.
/// </remarks>
public static class DatasetLoader
{
    private const int DefaultSampleCount = 1000;
    private const int DefaultDimension = 10;

    private static readonly FrozenDictionary<string, Source> Sources = new Dictionary<string, Source>
    {
        ["gaussian"] = new(["n", "d"], (spec, _) =>
            GaussianGenerator.Generate(SampleCount(spec), Dimension(spec), spec.GetSeed())),
        ["anisotropic"] = new(["n", "d", "cond"], (spec, _) =>
            AnisotropicGenerator.Generate(SampleCount(spec), Dimension(spec), spec.GetDouble("cond", 100, 1), spec.GetSeed())),
        ["subspace"] = new(["n", "d", "r"], (spec, _) =>
            SubspaceGenerator.Generate(SampleCount(spec), Dimension(spec), spec.GetInt("r", 2, 1), spec.GetSeed())),
        ["mixture"] = new(["n", "d", "k", "spread"], (spec, _) =>
            MixtureGenerator.Generate(SampleCount(spec), Dimension(spec), spec.GetInt("k", 3, 1), spec.GetDouble("spread", 0.1, 0), spec.GetSeed())),
        ["moons"] = new(["n", "noise", "d"], (spec, _) =>
            MoonsGenerator.Generate(SampleCount(spec), spec.GetDouble("noise", 0, 0), spec.GetSeed(), spec.GetInt("d", 2, 2))),
        ["finke-moons"] = new([], (_, _) => FinkeMoons.Load()),
        ["circles"] = new(["n", "noise", "factor"], (spec, _) =>
            CirclesGenerator.Generate(SampleCount(spec), spec.GetDouble("noise", 0, 0),
                spec.GetDouble("factor", 0.8, 0, 1, excludeMin: true, excludeMax: true), spec.GetSeed())),
        ["sphere"] = new(["n", "d", "separation"], (spec, _) =>
            SphereGenerator.Generate(SampleCount(spec), Dimension(spec), spec.GetDouble("separation", 0.1, 0, 2), spec.GetSeed())),
        ["cube"] = new(["n", "d"], (spec, _) =>
            CubeGenerator.Generate(SampleCount(spec), Dimension(spec), spec.GetSeed())),
        ["mnist"] = new(["split", "pixels"], (spec, context) =>
            MnistLoader.Load(DataFolder(spec, context, "mnist"), spec.GetEnum("split", MnistSplit.Train), spec.GetEnum("pixels", PixelScale.UnitInterval),
                ListedDigits(spec), context.Blas.ThreadCount)),
        ["cifar10"] = new(["split", "pixels"], (spec, context) =>
            CifarLoader.Load(DataFolder(spec, context, "cifar-10-batches-bin"), spec.GetEnum("split", CifarSplit.Train), spec.GetEnum("pixels", PixelScale.UnitInterval))),
        ["csv"] = new(["path", "label", "header", "target"], (spec, context) =>
            CsvLoader.Load(FilePath(spec, context, "path"), CsvOptionsOf(spec))),
        ["npy"] = new(["path", "label-file", "target"], (spec, context) =>
            NpyLoader.Load(FilePath(spec, context, "path"), spec.Contains("label-file") ? FilePath(spec, context, "label-file") : null,
                spec.GetEnum("target", TargetKind.Classes))),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Step[] Steps =
    [
        new(["classes"], PlanClasses),
        new(["labels"], PlanLabels, KeepsShape: true),
        new(["subsample"], PlanSubsample),
        new(["fraction"], PlanFraction),
        new(["inputs"], PlanInputs),
        new(["pca"], PlanPrincipalComponents),
        new(["scale"], PlanScale, KeepsShape: true),
        new(["holdout", "part"], PlanHoldout),
        new(["targets"], PlanTargets, KeepsShape: true),
    ];

    /// <summary>The names of every source, in alphabetical order.</summary>
    public static IReadOnlyList<string> SourceNames { get; } = Sources.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The keys a spec for <paramref name="source"/> may use: the source's own, then <c>seed</c>, then those of the shared steps.</summary>
    /// <exception cref="MemLabException">No source has that name; the message lists the valid ones.</exception>
    public static IReadOnlyList<string> ValidKeys(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return [.. Find(source).Keys, "seed", .. Steps.SelectMany(s => s.Keys)];
    }

    /// <summary>
    /// N and d of the data <paramref name="spec"/> describes, read from its keys n and d without loading it, when it
    /// states both and none of its steps changes the number of points or coordinates (classes, subsample, fraction,
    /// inputs, pca, holdout/part); otherwise null: only loading the data tells.
    /// </summary>
    public static (int Samples, int Features)? StatedShape(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.Contains("n") || !spec.Contains("d") || Steps.Any(step => !step.KeepsShape && step.Keys.Any(spec.Contains))) return null;
        return (spec.GetInt("n", 0, 1), spec.GetInt("d", 0, 1));
    }

    /// <summary>Parses <paramref name="spec"/> with <see cref="DataSpec.Parse"/> and loads it.</summary>
    /// <exception cref="MemLabException">The spec is malformed, names an unknown source or key, has a bad value, or a step cannot be applied.</exception>
    public static Dataset Load(string spec, DataLoadContext context) => Load(DataSpec.Parse(spec), context);

    /// <summary>Features of at least this many bytes are collected after a step replaced them (see <see cref="Load(DataSpec, DataLoadContext)"/>).</summary>
    private const long LargeFeatureBytes = 64L << 20;

    /// <summary>The dataset <paramref name="spec"/> describes: the source's points, then the shared steps in order.</summary>
    /// <exception cref="MemLabException">
    /// The spec names an unknown source (the message lists the sources) or a key that source does not accept (the
    /// message lists its keys), a value is malformed or out of range, or a step cannot be applied to the data.
    /// </exception>
    public static Dataset Load(DataSpec spec, DataLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<string> valid = ValidKeys(spec.Source);
        foreach (var entry in spec.Entries)
            if (!valid.Contains(entry.Key))
                throw MemLabException.InvalidSpec(
                    $"{spec.Source}: unknown key '{entry.Key}' in '{spec}'; valid keys for {spec.Source}: {string.Join(", ", valid)}.");

        var transformations = Steps
            .Where(step => step.Keys.Any(spec.Contains))
            .Select(step => step.Plan(spec, context))
            .ToList();
        Dataset data = Find(spec.Source).Load(spec, context);
        long loadedBytes = (long)data.SampleCount * data.FeatureCount * sizeof(float);
        foreach (var transform in transformations) data = transform(data);
        // A step that replaced large features (all of MNIST as float32 is 220 MB) leaves the old ones as garbage that no
        // collection may reach before the build allocates its own arrays beside them; collecting now lets those reuse the memory.
        if (transformations.Count > 0 && loadedBytes >= LargeFeatureBytes) GC.Collect();
        return data.WithProvenance(new DatasetProvenance(spec.ToString(), data.Provenance.Description));
    }

    private static Source Find(string name) =>
        Sources.TryGetValue(name, out Source? source)
            ? source
            : throw MemLabException.InvalidSpec(
                $"Unknown data source '{name}'; valid sources: {string.Join(", ", SourceNames)}. Write source:key=value,..., for example moons:n=1000.");

    /// <summary>The digits a <c>classes=</c> list names when every entry is one digit 0-9 (MNIST converts only their images), else null.</summary>
    private static HashSet<int>? ListedDigits(DataSpec spec)
    {
        if (!spec.Contains("classes")) return null;
        string[] names = spec.GetString("classes", "").Split('-');
        return names.All(name => name.Length == 1 && char.IsAsciiDigit(name[0])) ? names.Select(name => name[0] - '0').ToHashSet() : null;
    }

    private static int SampleCount(DataSpec spec) => spec.GetInt("n", DefaultSampleCount, 1);

    private static int Dimension(DataSpec spec) => spec.GetInt("d", DefaultDimension, 1);

    private static Func<Dataset, Dataset> PlanClasses(DataSpec spec, DataLoadContext context)
    {
        string list = spec.GetString("classes", "");
        string[] names = list.Split('-');
        if (names.Any(name => name.Length == 0))
            throw MemLabException.InvalidSpec(
                $"{spec.Source}: classes={list} is not valid; classes must be class indices or names separated by '-', for example classes=3-8.");
        return data => Subsets.SelectClasses(data, Subsets.ResolveClasses(data, names));
    }

    /// <summary>
    /// The <c>labels=</c> transformation on the whole data, or nothing when the spec holds out a part: then
    /// <see cref="PlanHoldout"/> applies it to the training part alone, so the test part keeps its true labels.
    /// </summary>
    private static Func<Dataset, Dataset> PlanLabels(DataSpec spec, DataLoadContext context) =>
        spec.Contains("holdout") ? data => data : Relabelling(spec);

    /// <summary>The transformation <c>labels=</c> names (the identity for <c>generated</c> or no key), its seed derived from the spec's.</summary>
    private static Func<Dataset, Dataset> Relabelling(DataSpec spec)
    {
        string value = spec.GetString("labels", "generated");
        Seed seed = spec.GetSeed().Derive("labels");
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        string kind = colon < 0 ? value : value[..colon];
        string argument = colon < 0 ? "" : value[(colon + 1)..];
        if (value == "generated")
            return data => data;
        if (value == "random")
            return data => LabelTransforms.AssignRandom(data, 2, seed);
        if (kind == "random" && int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out int classCount) && classCount >= 2)
            return data => LabelTransforms.AssignRandom(data, classCount, seed);
        if (kind == "randomize" && double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out double fraction)
            && fraction >= 0 && fraction <= 1)
            return data => LabelTransforms.Corrupt(data, fraction, seed);
        throw MemLabException.InvalidSpec(
            $"{spec.Source}: labels={value} is not valid; labels must be generated, random, random:K (K >= 2 classes) or randomize:P (a fraction 0 <= P <= 1). For example labels=randomize:0.2.");
    }

    private static Func<Dataset, Dataset> PlanTargets(DataSpec spec, DataLoadContext context)
    {
        string value = spec.GetString("targets", "");
        Seed seed = spec.GetSeed().Derive("targets");
        return value switch
        {
            "uniform" => data => TargetTransforms.AssignUniform(data, seed),
            "class-index" => TargetTransforms.ClassIndex,
            _ => throw MemLabException.InvalidSpec(
                $"{spec.Source}: targets={value} is not valid; targets must be uniform (real targets drawn from [-1, 1)) or class-index (the class label as a number)."),
        };
    }

    private static Func<Dataset, Dataset> PlanSubsample(DataSpec spec, DataLoadContext context)
    {
        int count = spec.GetInt("subsample", DefaultSampleCount, 1);
        Seed seed = spec.GetSeed().Derive("subsample");
        return data => Subsets.Subsample(data, count, seed);
    }

    private static Func<Dataset, Dataset> PlanFraction(DataSpec spec, DataLoadContext context)
    {
        double fraction = spec.GetDouble("fraction", 1, 0, 1, excludeMin: true);
        Seed seed = spec.GetSeed().Derive("fraction");
        return data => Subsets.NestedFraction(data, fraction, seed);
    }

    private static Func<Dataset, Dataset> PlanInputs(DataSpec spec, DataLoadContext context)
    {
        string value = spec.GetString("inputs", "");
        Seed seed = spec.GetSeed().Derive("inputs");
        return value switch
        {
            "original" => data => data,
            "gaussian" => data => InputTransforms.ReplaceByGaussian(data, seed),
            _ => throw MemLabException.InvalidSpec(
                $"{spec.Source}: inputs={value} is not valid; inputs must be original (keep the points) or gaussian (every feature drawn i.i.d. from a Gaussian with the data's mean and variance)."),
        };
    }

    private static Func<Dataset, Dataset> PlanHoldout(DataSpec spec, DataLoadContext context)
    {
        if (!spec.Contains("holdout"))
            throw MemLabException.InvalidSpec(
                $"{spec.Source}: part={spec.GetString("part", "")} needs holdout=F to say which fraction is held out; add for example holdout=0.2.");
        double fraction = spec.GetDouble("holdout", 0.2, 0, 1, excludeMin: true, excludeMax: true);
        HoldoutPart part = spec.GetEnum("part", HoldoutPart.Train);
        Seed seed = spec.GetSeed().Derive("holdout");
        var relabel = Relabelling(spec);
        return data =>
        {
            var (train, test) = Subsets.Split(data, fraction, seed);
            var relabelled = relabel(train);
            // The test part keeps its true labels, so they must be labels of the same classes the training part has.
            if (relabelled.TargetKind == TargetKind.Classes && (data.TargetKind != TargetKind.Classes || relabelled.ClassCount != data.ClassCount))
                throw MemLabException.InvalidSpec(string.Create(CultureInfo.InvariantCulture,
                    $"{spec.Source}: labels={spec.GetString("labels", "")} with holdout gives the training part {relabelled.ClassCount} random classes, but the held-out part keeps its true labels{(data.TargetKind == TargetKind.Classes ? $" in {data.ClassCount} classes" : " (real targets)")}; use labels=random:{(data.TargetKind == TargetKind.Classes ? data.ClassCount : 2)} or labels=randomize:1 so both parts share the classes, or drop holdout."));
            return part == HoldoutPart.Train ? relabelled : test;
        };
    }

    /// <summary><c>pca=true</c> keeps the numerical rank, <c>pca=D</c> the D leading components (at most the rank), <c>pca=false</c> nothing.</summary>
    private static Func<Dataset, Dataset> PlanPrincipalComponents(DataSpec spec, DataLoadContext context)
    {
        string value = spec.GetString("pca", "false");
        bool isCount = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1;
        if (!isCount && !value.Equals("true", StringComparison.OrdinalIgnoreCase) && !value.Equals("false", StringComparison.OrdinalIgnoreCase))
            throw MemLabException.InvalidSpec(
                $"{spec.Source}: pca={value} is not valid; pca must be true (keep the numerical rank), false, or a number of components D >= 1, for example pca=50.");
        if (!isCount && value.Equals("false", StringComparison.OrdinalIgnoreCase)) return data => data;
        return data =>
        {
            var components = PrincipalComponents.Fit(data, context.Blas);
            if (isCount && count > components.NumericalRank)
                throw MemLabException.InvalidData(string.Create(CultureInfo.InvariantCulture,
                    $"{spec.Source}: pca={count} asks for more components than the data's numerical rank {components.NumericalRank}; use pca={components.NumericalRank} or less, or pca=true."));
            return components.Project(data, isCount ? count : components.NumericalRank);
        };
    }

    /// <summary>The folder of a file dataset inside the configured data folder, or an error saying how to configure one.</summary>
    private static string DataFolder(DataSpec spec, DataLoadContext context, string name) =>
        context.DataDirectory is { } root
            ? Path.Combine(root, name)
            : throw MemLabException.InvalidSpec(
                $"{spec.Source}: no data folder is configured; pass --data-dir DIR or set MEMLAB_DATA to the folder that holds {name}/.");

    /// <summary>
    /// A file named by a spec key: absolute paths as given; a relative path inside the data folder when it exists
    /// there, otherwise relative to the working directory.
    /// </summary>
    private static string FilePath(DataSpec spec, DataLoadContext context, string key)
    {
        string path = spec.GetString(key, "");
        if (path.Length == 0)
            throw MemLabException.InvalidSpec($"{spec.Source}: the key '{key}' is required, for example {spec.Source}:{key}=data/points.{spec.Source}.");
        if (!Path.IsPathRooted(path) && context.DataDirectory is { } root && File.Exists(Path.Combine(root, path)))
            return Path.Combine(root, path);
        return path;
    }

    private static CsvOptions CsvOptionsOf(DataSpec spec)
    {
        string label = spec.GetString("label", "");
        bool isIndex = label.Length > 0 && label.All(char.IsAsciiDigit);
        var options = new CsvOptions
        {
            LabelColumnName = label.Length > 0 && !isIndex ? label : null,
            LabelColumnIndex = isIndex ? spec.GetInt("label", 0, 0) : null,
            Header = spec.GetEnum("header", CsvHeader.Auto),
            Target = spec.GetEnum("target", TargetKind.Classes),
        };
        options.Validate();
        return options;
    }

    private static Func<Dataset, Dataset> PlanScale(DataSpec spec, DataLoadContext context)
    {
        ScalingMethod method = spec.GetEnum("scale", ScalingMethod.None);
        // Every source returns arrays of its own and every earlier step new ones or its input's, which the load drops.
        return data => Scaling.Apply(data, method, inPlace: true);
    }

    /// <summary>A source: the keys it reads besides the shared ones, and how it produces its points.</summary>
    private sealed record Source(string[] Keys, Func<DataSpec, DataLoadContext, Dataset> Load);

    /// <summary>A shared step: its keys, and a plan that checks their values and returns the transformation.</summary>
    /// <summary>A shared step: its keys, its plan, and whether it leaves the number of points and coordinates as they are.</summary>
    private sealed record Step(string[] Keys, Func<DataSpec, DataLoadContext, Func<Dataset, Dataset>> Plan, bool KeepsShape = false);
}
