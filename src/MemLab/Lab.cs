using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.Interop;
using MemLab.Interop.Onnx;
using MemLab.Interop.Safetensors;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Probes;
using MemLab.Reporting;
using MemLab.Store;
using MemLab.Training;

namespace MemLab;

/// <summary>
/// The front door to memlab: one object holding the execution resources (the BLAS backend and the data
/// folder), with one method per task, each returning a rich result. It composes library calls and holds no
/// logic of its own, so the CLI and notebooks drive the same code.
/// </summary>
public sealed class Lab
{
    /// <summary>A lab that computes with <paramref name="blas"/> and reads data files from <paramref name="dataDirectory"/>.</summary>
    public Lab(IBlas blas, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(blas);
        Blas = blas;
        DataDirectory = dataDirectory;
    }

    /// <summary>The linear-algebra backend every computation uses.</summary>
    public IBlas Blas { get; }

    /// <summary>The folder holding data files (mnist/, cifar-10-batches-bin/), or null.</summary>
    public string? DataDirectory { get; }

    /// <summary>Loads or generates the dataset named by a spec string such as <c>moons:n=1000,noise=0.05,seed=0</c>.</summary>
    /// <exception cref="MemLabException">The spec is malformed, a file is missing or malformed, or the data is invalid.</exception>
    public Dataset LoadData(string spec) => DatasetLoader.Load(spec, new DataLoadContext(DataDirectory, Blas));

    /// <summary>Loads the dataset and reports its geometry (<see cref="GeometryReport"/>).</summary>
    /// <param name="spec">The data spec.</param>
    /// <param name="progress">Receives the fraction of the pairwise-distance search done (it dominates for large N); null for none.</param>
    /// <exception cref="MemLabException">As for <see cref="LoadData"/>.</exception>
    public (DataSummary Data, GeometryReport Geometry) Describe(string spec, IProgress<double>? progress = null)
    {
        var data = LoadData(spec);
        return (DataSummary.Of(data), GeometryReport.Describe(data, Blas, progress));
    }

    /// <summary>
    /// <see cref="Describe"/> plus the predictors of the gap map (<see cref="GeometryPredictors"/>: effective rank,
    /// condition number, delta, the smallest eigenvalue of the neural-tangent Gram matrix). Above 8,000 points the
    /// eigenvalue is taken on a subset drawn from seed 0, so the same data gives the same value.
    /// </summary>
    /// <exception cref="MemLabException">As for <see cref="LoadData"/>.</exception>
    public (DataSummary Data, GeometryReport Geometry, GeometryPredictors Predictors) DescribeWithPredictors(string spec, IProgress<double>? progress = null)
    {
        var data = LoadData(spec);
        var geometry = GeometryReport.Describe(data, Blas, progress);
        return (DataSummary.Of(data), geometry, GeometryPredictors.Compute(data, geometry, Blas, new Seed(0)));
    }

    /// <summary>Reads a network saved by <see cref="NetworkFile.Save"/>.</summary>
    /// <exception cref="MemLabException">The file is missing or is not a valid memlab network.</exception>
    public Network LoadNetwork(string path) => NetworkFile.Load(path);

    /// <summary>
    /// Checks, in float64 and on every point, whether the network saved at <paramref name="modelPath"/> memorizes
    /// the dataset named by <paramref name="dataSpec"/>.
    /// </summary>
    /// <param name="modelPath">A network file.</param>
    /// <param name="dataSpec">The data spec of the points to check.</param>
    /// <param name="tolerance">For real targets: the largest |f(x) - y| that counts as memorized.</param>
    /// <returns>The network, the data's summary, whether that data is the data the network's file says it was built
    /// from (true when the file records no data hash), and the report.</returns>
    /// <exception cref="MemLabException">A missing or malformed file or spec, data the network cannot take, or
    /// conflicting duplicates (identical points with different labels, which no network can memorize).</exception>
    public (Network Network, DataSummary Data, bool DataMatchesNetwork, VerificationReport Report) Verify(string modelPath, string dataSpec, double tolerance)
    {
        var (network, data, summary, matches) = LoadForCheck(modelPath, dataSpec);
        return (network, summary, matches, Verification.Verify(network, data, Blas, tolerance));
    }

    /// <summary>
    /// Loads the dataset named by <paramref name="dataSpec"/> and builds, verifies and reports the network of the
    /// construction that takes <paramref name="options"/> (their type names it: <see cref="FinkeOptions"/> builds
    /// <see cref="FinkeConstruction"/>, and so on for every entry of <see cref="ConstructionRegistry"/>).
    /// </summary>
    /// <param name="dataSpec">The data spec.</param>
    /// <param name="options">The construction's options.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="progress">Receives the fraction of the build done (constructions that report progress); null for none.</param>
    /// <exception cref="MemLabException">As for <see cref="LoadData"/> and the construction's <see cref="IConstruction.Build"/>.</exception>
    public (DataSummary Data, BuildResult Result) Build(string dataSpec, ConstructionOptions options, Seed seed, IProgress<double>? progress = null)
    {
        var data = LoadData(dataSpec);
        // The data's SHA-256 (the summary's, and the provenance the construction stores) is computed beside the build,
        // on a core its serial steps leave idle (on all of MNIST it hashes 220 MB); the construction waits for it if it
        // asks first.
        Task<string> hashing = Task.Run(data.ContentHash);
        BuildResult result = Build(data, options, seed, progress);
        hashing.Wait();
        return (DataSummary.Of(data), result);
    }

    /// <summary>
    /// Loads the dataset named by <paramref name="dataSpec"/> and builds, verifies and reports the network of the
    /// construction with id <paramref name="constructionId"/>, its options the defaults with <paramref name="parameters"/>
    /// set by the names sweeps use (<c>width</c>, <c>sign_draws</c>; <see cref="OptionsBinder"/>), e.g.
    /// <c>lab.Build("finke", "moons:n=1000", new Dictionary&lt;string, string&gt; { ["width"] = "200" }, new Seed(0))</c>.
    /// </summary>
    /// <exception cref="MemLabException">An unknown construction or parameter name (InvalidOptions, listing the valid ones), a value that does not parse, or as for <see cref="Build(string, ConstructionOptions, Seed, IProgress{double}?)"/>.</exception>
    public (DataSummary Data, BuildResult Result) Build(string constructionId, string dataSpec, IReadOnlyDictionary<string, string> parameters, Seed seed,
        IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var construction = ConstructionRegistry.Find(constructionId);
        var names = OptionsBinder.SweepNames(construction.OptionsType);
        string[] unknown = parameters.Keys.Where(name => !names.Contains(name)).ToArray();
        if (unknown.Length > 0)
            throw MemLabException.InvalidOptions(
                $"{constructionId} has no parameter {string.Join(", ", unknown)}; its parameters are {string.Join(", ", names)}.");
        return Build(dataSpec, OptionsBinder.Bind(construction.Defaults(), parameters, constructionId), seed, progress);
    }

    /// <summary>Builds, verifies and reports the network of the construction that takes <paramref name="options"/> on <paramref name="data"/>, which is not modified.</summary>
    /// <exception cref="MemLabException">As for the construction's <see cref="IConstruction.Build"/>.</exception>
    public BuildResult Build(Dataset data, ConstructionOptions options, Seed seed, IProgress<double>? progress = null) =>
        ConstructionRegistry.Build(Blas, data, options, seed, progress);

    /// <summary>
    /// Writes the network saved at <paramref name="modelPath"/> as ONNX or safetensors. For ONNX, the smallest threshold
    /// margin is measured on <paramref name="dataSpec"/> (default: the data the network's file says it was built from)
    /// and compared with float32 resolution.
    /// </summary>
    /// <param name="modelPath">A network file.</param>
    /// <param name="format">The format to write.</param>
    /// <param name="outputPath">The file to write.</param>
    /// <param name="options">ONNX options.</param>
    /// <param name="dataSpec">ONNX only: the data for the margin check; null to use the network's own data spec, if any.</param>
    /// <exception cref="MemLabException">A missing or malformed file or spec, invalid options, or an output path that cannot be written.</exception>
    public ExportReport Export(string modelPath, ExportFormat format, string outputPath, OnnxExportOptions options, string? dataSpec)
    {
        ArgumentNullException.ThrowIfNull(options);
        var network = LoadNetwork(modelPath);
        // The float32 margin check is optional: data given with --data must load; the data the network's file records
        // is used when it loads, and otherwise the export goes on and says why the check was skipped.
        Dataset? data = null;
        string? skipped = null;
        if (dataSpec is not null)
            data = LoadData(dataSpec);
        else if (format == ExportFormat.Onnx && options.Precision == Precision.Float32)
        {
            if (network.Provenance.DataSpec is not { } recorded)
                skipped = "the model file records no data; pass --data SPEC to measure threshold margins against float32 resolution";
            else
            {
                try
                {
                    data = LoadData(recorded);
                }
                catch (MemLabException error)
                {
                    skipped = $"the data the model records ({recorded}) cannot be loaded ({error.Message.TrimEnd('.')}); pass --data SPEC to check float32 resolution";
                }
            }
        }
        var report = NetworkExport.Export(network, format, outputPath, options, format == ExportFormat.Onnx ? data : null, Blas);
        return report with { MarginCheckSkipped = skipped };
    }

    /// <summary>
    /// Reads a safetensors MLP written by another tool in the documented layout (<see cref="SafetensorsImport"/>) and saves
    /// it as a memlab network file at <paramref name="outputPath"/>.
    /// </summary>
    /// <exception cref="MemLabException">The input is missing or not in the layout (the message names the tensor), or the output path cannot be written.</exception>
    public Network Import(string path, string outputPath)
    {
        OutputPath.Require(outputPath);
        var network = SafetensorsImport.Import(path);
        NetworkFile.Save(network, outputPath);
        return network;
    }

    /// <summary>
    /// <see cref="Verify"/> plus the independent check: the network is exported to ONNX with <paramref name="options"/>
    /// and run in ONNX Runtime on every point, and its labels and outputs are compared with memlab's.
    /// </summary>
    /// <exception cref="MemLabException">As for <see cref="Verify"/>, or invalid ONNX options.</exception>
    public (Network Network, DataSummary Data, bool DataMatchesNetwork, VerificationReport Report, OnnxCheckReport Onnx) VerifyWithOnnxRuntime(
        string modelPath, string dataSpec, double tolerance, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (network, data, summary, matches) = LoadForCheck(modelPath, dataSpec);
        return (network, summary, matches, Verification.Verify(network, data, Blas, tolerance), OnnxRuntimeCheck.Check(network, data, options, Blas));
    }

    /// <summary>
    /// Evaluates the network saved at <paramref name="modelPath"/> on the dataset named by <paramref name="dataSpec"/>
    /// (typically held-out data) in float64: accuracy, per-class accuracy and confusion counts, or errors for real targets.
    /// </summary>
    /// <exception cref="MemLabException">A missing or malformed file or spec, or data the network cannot take (another dimension or target kind).</exception>
    public (Network Network, DataSummary Data, EvaluationReport Report) Evaluate(string modelPath, string dataSpec)
    {
        var network = LoadNetwork(modelPath);
        var data = LoadData(dataSpec);
        return (network, DataSummary.Of(data), Evaluation.Evaluate(network, data, Blas));
    }

    /// <summary>
    /// Loads the dataset named by <paramref name="dataSpec"/> and trains, verifies and reports a dense ReLU network on it by
    /// gradient descent (<see cref="Trainer"/>).
    /// </summary>
    /// <param name="dataSpec">The data spec.</param>
    /// <param name="options">The training recipe.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="progress">Receives the fraction of the step budget used; null for none.</param>
    /// <param name="checkpoint">Receives the steps done and the network at every <see cref="TrainOptions.CheckpointEvery"/> steps; null for none.</param>
    /// <exception cref="MemLabException">As for <see cref="LoadData"/> and <see cref="Trainer.Train"/>.</exception>
    public (DataSummary Data, TrainingResult Result) Train(string dataSpec, TrainOptions options, Seed seed, IProgress<double>? progress = null,
        Action<int, Network>? checkpoint = null)
    {
        var data = LoadData(dataSpec);
        return (DataSummary.Of(data), new Trainer(Blas, progress, checkpoint).Train(data, options, seed));
    }

    /// <summary>
    /// The permutation test of Chaibub Neto (2018) (<see cref="PermutationTest"/>) for each network saved at
    /// <paramref name="modelPaths"/> (for example the checkpoints of one training run), on the training data named by
    /// <paramref name="dataSpec"/> and the held-out data named by <paramref name="testSpec"/> (default: its
    /// <see cref="HeldOutSpec"/> counterpart). Every network gets the same seed, so rows differ only by the network.
    /// </summary>
    /// <exception cref="MemLabException">As for <see cref="LoadData"/>, <see cref="LoadNetwork"/> and <see cref="PermutationTest.Run(Network, Dataset, Dataset, PermutationOptions, Seed, IBlas)"/>, or no model given.</exception>
    public (DataSummary Train, DataSummary HeldOut, IReadOnlyList<PermutationReport> Reports) ProbePermutation(
        IReadOnlyList<string> modelPaths, string dataSpec, string? testSpec, PermutationOptions options, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(modelPaths);
        ArgumentNullException.ThrowIfNull(options);
        if (modelPaths.Count == 0) throw MemLabException.InvalidOptions("Give at least one model file to probe.");
        options.Validate();
        var networks = modelPaths.Select(LoadNetwork).ToList();
        var train = LoadData(dataSpec);
        var heldOut = LoadData(testSpec ?? HeldOutSpec.For(dataSpec));
        var reports = PermutationTest.Run(networks, train, heldOut, options, seed, Blas);
        return (DataSummary.Of(train), DataSummary.Of(heldOut), reports);
    }

    /// <summary>
    /// The linear CKA matrix (<see cref="RepresentationSimilarity"/>) of the networks saved at <paramref name="modelPaths"/>
    /// at hidden layer <paramref name="layer"/> on the data named by <paramref name="dataSpec"/>.
    /// </summary>
    /// <exception cref="MemLabException">As for <see cref="LoadData"/>, <see cref="LoadNetwork"/> and <see cref="RepresentationSimilarity.Compare"/>.</exception>
    public (DataSummary Data, SimilarityReport Report) ProbeSimilarity(IReadOnlyList<string> modelPaths, string dataSpec, int layer)
    {
        ArgumentNullException.ThrowIfNull(modelPaths);
        var networks = modelPaths.Select(path => (path, LoadNetwork(path))).ToList();
        var data = LoadData(dataSpec);
        return (DataSummary.Of(data), RepresentationSimilarity.Compare(networks, layer, data, Blas));
    }

    /// <summary>
    /// Loads the dataset named by <paramref name="dataSpec"/> and measures the gap on it (<see cref="GapResult.Measure"/>):
    /// the smallest one-hidden-layer width at which <paramref name="recipe"/> memorizes in at least half of the seeds,
    /// next to the constructions' widths.
    /// </summary>
    /// <param name="dataSpec">The data spec.</param>
    /// <param name="recipe">The training recipe; its hidden layers are replaced by the widths tried.</param>
    /// <param name="options">Seeds per width, start and largest width, precision and workers.</param>
    /// <param name="seed">The search seed.</param>
    /// <param name="progress">Receives each width once its seeds are done; null for none.</param>
    /// <exception cref="MemLabException">As for <see cref="LoadData"/> and <see cref="WidthSearch.Run(Dataset, TrainOptions, WidthSearchOptions, Seed, IBlas, IProgress{WidthTrial}?)"/>.</exception>
    public (DataSummary Data, GapResult Result) Gap(string dataSpec, TrainOptions recipe, WidthSearchOptions options, Seed seed, IProgress<WidthTrial>? progress = null)
    {
        var data = LoadData(dataSpec);
        return (DataSummary.Of(data), GapResult.Measure(data, recipe, options, seed, Blas, progress));
    }

    /// <summary>
    /// Runs the runs of <paramref name="spec"/> in <paramref name="shard"/> that <paramref name="database"/> does not hold
    /// yet and records each there (created when absent), on this lab's backend and data folder. Give the lab a
    /// single-threaded backend: runs are parallel across <paramref name="workers"/>.
    /// </summary>
    /// <param name="spec">The sweep.</param>
    /// <param name="database">The results database.</param>
    /// <param name="workers">Runs at once.</param>
    /// <param name="shard">The part of the sweep to run (<see cref="Shard.All"/> for all).</param>
    /// <param name="lockTimeout">How long to wait for another process holding the database.</param>
    /// <param name="progress">Receives the counts after every finished run; null for none.</param>
    /// <param name="cancellation">When cancelled, no new run starts and the runs in progress finish and are recorded.</param>
    /// <exception cref="MemLabException">As for <see cref="SweepRunner.Run"/> and <see cref="SqliteRunStore.Open"/>.</exception>
    public SweepSummary RunSweep(SweepSpec spec, string database, int workers, Shard shard, TimeSpan lockTimeout,
        IProgress<SweepProgress>? progress = null, CancellationToken cancellation = default)
    {
        var options = new SweepRunOptions(Blas) { DataDirectory = DataDirectory, Workers = workers, Shard = shard };
        using var store = SqliteRunStore.Open(database, spec, lockTimeout);
        return SweepRunner.Run(spec, store, options, progress, cancellation);
    }

    /// <summary>The results of the sweep recorded in <paramref name="database"/>, aggregated per grid cell.</summary>
    /// <exception cref="MemLabException">The database is missing or not a memlab results database.</exception>
    public ResultsTable Results(string database, TimeSpan lockTimeout)
    {
        using var store = SqliteRunStore.OpenExisting(database, lockTimeout);
        return ResultsTable.Aggregate(store.Spec, store.ReadRuns());
    }

    /// <summary>Merges results databases of one sweep into <paramref name="output"/> (created when absent); identical runs are skipped, conflicting ones refused.</summary>
    /// <exception cref="MemLabException">As for <see cref="SqliteRunStore.Merge"/>.</exception>
    public MergeSummary Merge(IReadOnlyList<string> databases, string output, TimeSpan lockTimeout) =>
        SqliteRunStore.Merge(databases, output, lockTimeout);

    /// <summary>
    /// Writes the HTML report of <paramref name="database"/> into <paramref name="folder"/> and returns its path. A
    /// database of a shipped sweep recorded before the spec listed its figures gets the shipped figures (same hash).
    /// </summary>
    /// <exception cref="MemLabException">The database is missing or invalid, or the folder cannot be written.</exception>
    public string Report(string database, string folder, TimeSpan lockTimeout)
    {
        using var store = SqliteRunStore.OpenExisting(database, lockTimeout);
        return HtmlReport.Write(folder, ReportSpec(store), store.ReadRuns());
    }

    /// <summary>
    /// The figures the report of <paramref name="database"/> shows (<see cref="HtmlReport.Figures"/>: those its spec
    /// lists, else the default ones), each with its caption; save one with <see cref="Save(ScottPlot.Plot, string, int, int)"/>.
    /// </summary>
    /// <exception cref="MemLabException">The database is missing or invalid, or a listed figure cannot be drawn from its results.</exception>
    public IReadOnlyList<ReportFigure> Figures(string database, TimeSpan lockTimeout)
    {
        using var store = SqliteRunStore.OpenExisting(database, lockTimeout);
        return HtmlReport.Figures(ReportSpec(store), ResultsTable.Aggregate(store.Spec, store.ReadRuns()));
    }

    /// <summary>The figure <paramref name="figure"/> describes, drawn from the results in <paramref name="database"/> (<see cref="ResultFigures.Draw"/>, as a report draws its figures).</summary>
    /// <exception cref="MemLabException">The database is missing or invalid, or the figure names a parameter or metric the results lack.</exception>
    public ReportFigure Figure(string database, SweepFigure figure, TimeSpan lockTimeout) =>
        ResultFigures.Draw(figure, Results(database, lockTimeout));

    /// <summary>The spec a report of <paramref name="store"/> follows: a shipped sweep's, with its figures, for a database recorded before the spec listed them (same hash); else the recorded one.</summary>
    private static SweepSpec ReportSpec(SqliteRunStore store) =>
        CannedSweeps.All().FirstOrDefault(s => s.Hash == store.Spec.Hash && store.Spec.Figures.Count == 0) ?? store.Spec;

    /// <summary>Writes the Slurm script of the sweep at <paramref name="options"/>' spec path to <paramref name="path"/> (default: the sweep's name .sbatch) and returns that path.</summary>
    /// <exception cref="MemLabException">The spec or the options are invalid, or the path cannot be written.</exception>
    public string WriteSlurmScript(SlurmOptions options, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sweep = SweepSpec.Load(options.SpecPath);
        string script = SlurmScript.Generate(sweep, options);
        string target = path ?? sweep.Name + ".sbatch";
        AtomicFile.WriteText(target, script);
        return target;
    }

    /// <summary>
    /// Saves <paramref name="network"/> to <paramref name="path"/> as a .safetensors file with its provenance, written
    /// atomically (<see cref="NetworkFile.Save"/>); <see cref="LoadNetwork"/> reads it back bit for bit.
    /// </summary>
    /// <exception cref="MemLabException">The path cannot be written.</exception>
    public void Save(Network network, string path) => NetworkFile.Save(network, path);

    /// <summary>Saves the per-cell results as CSV (one row per cell; mean, low, high per metric), written atomically.</summary>
    /// <exception cref="MemLabException">The path cannot be written.</exception>
    public void Save(ResultsTable results, string path)
    {
        ArgumentNullException.ThrowIfNull(results);
        AtomicFile.WriteText(path, results.ToCsv());
    }

    /// <summary>Saves training curves as CSV (<see cref="CurveFile"/>).</summary>
    /// <exception cref="MemLabException">The path cannot be written.</exception>
    public void Save(IReadOnlyList<CurvePoint> curves, string path) => CurveFile.Save(curves, path);

    /// <summary>Saves a figure as .png or .svg (<see cref="FigureFile"/>).</summary>
    /// <exception cref="MemLabException">The extension is neither, or the path cannot be written.</exception>
    public void Save(ScottPlot.Plot figure, string path, int width = FigureFile.DefaultWidth, int height = FigureFile.DefaultHeight) =>
        FigureFile.Save(figure, path, width, height);

    /// <summary>The saved network and the data to check it on (refusing conflicting duplicates), and whether that data is the network's own.</summary>
    private (Network Network, Dataset Data, DataSummary Summary, bool DataMatchesNetwork) LoadForCheck(string modelPath, string dataSpec)
    {
        var network = LoadNetwork(modelPath);
        var data = LoadData(dataSpec);
        DatasetChecks.RequireNoConflictingDuplicates(data);
        var summary = DataSummary.Of(data);
        return (network, data, summary, network.Provenance.DataHash is null || network.Provenance.DataHash == summary.ContentHash);
    }
}
