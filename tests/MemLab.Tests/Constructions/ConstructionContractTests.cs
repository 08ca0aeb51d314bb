using System.Text.Json;
using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Constructions;

/// <summary>
/// The contract every registered construction keeps (as scikit-learn's check_estimator): the same seed gives the same
/// bits on any thread count, the input data is not modified, the result verifies and its report is consistent, bad
/// options are refused naming every problem, the [Source] attribute is present, the options round-trip through
/// <see cref="OptionsJson"/>, and a saved network loads back bit for bit.
/// </summary>
public class ConstructionContractTests
{
    private const ulong Seed = 5;

    public static TheoryData<string> Ids => new(ConstructionRegistry.All.Select(entry => entry.Id));

    [Fact]
    public void EveryRegisteredConstruction_HasAContractCase()
    {
        Assert.Equal(ConstructionRegistry.All.Select(entry => entry.Id).Order(), ConstructionContractCase.All.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Build_SameSeed_BitIdenticalOnOneAndTwoThreads(string id)
    {
        var (data, options) = Case(id);
        var one = Build(id, data, options, new ManagedBlas(1)).Network;
        var two = Build(id, data, options, new ManagedBlas(2)).Network;
        ConstructionChecks.AssertIdentical(one, two);
        Assert.Equal(one.OutputRule, two.OutputRule);
        Assert.Equal(one.Provenance, two.Provenance);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Build_LeavesTheInputDataUnchanged(string id)
    {
        var (data, options) = Case(id);
        float[] features = data.Features.ToArray();
        string hash = data.ContentHash();
        Build(id, data, options, new ManagedBlas(2));
        Assert.Equal(features, data.Features.ToArray());
        Assert.Equal(hash, data.ContentHash());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Build_MemorizesAndReportsTheNetworkItReturns(string id)
    {
        var entry = ConstructionRegistry.Find(id);
        var (data, options) = Case(id);
        var blas = new ManagedBlas(2);
        var result = Build(id, data, options, blas);
        var report = result.Report;
        Assert.True(report.Memorized, $"{id}: failures {string.Join(",", report.Verification.FailureIndices)}");
        Assert.True(Verification.Verify(result.Network, data, blas).Memorized);
        Assert.Equal(id, report.ConstructionId);
        Assert.Equal(entry.Source, report.Source);
        Assert.Equal(blas.Describe(), report.Backend);
        Assert.Equal(result.Network.Widths, report.Widths);
        Assert.Equal(result.Network.ParameterCount, report.ParameterCount);
        Assert.IsType(entry.DetailsType, report.Details);
        Assert.Equal(id, result.Network.Provenance.Method);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report.Details));
        Assert.Equal(id, json.RootElement.GetProperty("construction").GetString());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Build_BadOptions_InvalidOptionsNamingEveryProblem(string id)
    {
        var contract = ConstructionContractCase.All[id];
        var data = Load(contract.DataSpec);
        var error = Assert.Throws<MemLabException>(() => Build(id, data, contract.BadOptions, new ManagedBlas(1)));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        foreach (string problem in contract.Problems) Assert.Contains(problem, error.Message);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Class_CarriesItsSource(string id)
    {
        var source = (SourceAttribute?)Attribute.GetCustomAttribute(ConstructionRegistry.Find(id).Type, typeof(SourceAttribute));
        Assert.NotNull(source);
        Assert.Matches(@"\(\d{4}\)", source.Citation);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Options_RoundTripThroughTheProvenanceJson(string id)
    {
        var entry = ConstructionRegistry.Find(id);
        var (data, options) = Case(id);
        string json = Build(id, data, options, new ManagedBlas(2)).Network.Provenance.OptionsJson;
        Assert.Equal(OptionsJson.Of(options), json);
        var read = OptionsJson.Read(entry.OptionsType, json);
        Assert.IsType(entry.OptionsType, read);
        Assert.Equal(json, OptionsJson.Of(read));
        Assert.Equal(OptionsJson.Of(ConstructionContractCase.All[id].BadOptions), OptionsJson.Of(OptionsJson.Read(entry.OptionsType, OptionsJson.Of(ConstructionContractCase.All[id].BadOptions))));
    }

    /// <summary>The case's options written as parameters (the text a spec or the command line gives) and bound again from the registry's defaults are the same options.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void Options_RoundTripThroughTheBinder(string id)
    {
        var entry = ConstructionRegistry.Find(id);
        var (_, options) = Case(id);
        var values = OptionsBinder.Values(options);
        Assert.All(values.Keys, name => Assert.Contains(name, OptionsBinder.SweepNames(entry.OptionsType)));
        Assert.Equal(OptionsJson.Of(options), OptionsJson.Of(OptionsBinder.Bind(entry.Defaults(), values, id)));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void SavedNetwork_LoadsBackBitForBitAndVerifies(string id)
    {
        var (data, options) = Case(id);
        var blas = new ManagedBlas(2);
        var network = Build(id, data, options, blas).Network;
        using var folder = new TempDirectory();
        string path = folder.File($"{id}.safetensors");
        NetworkFile.Save(network, path);
        var loaded = NetworkFile.Load(path);
        ConstructionChecks.AssertIdentical(network, loaded);
        Assert.Equal(network.OutputRule, loaded.OutputRule);
        Assert.Equal(network.Provenance, loaded.Provenance);
        Assert.True(Verification.Verify(loaded, data, blas).Memorized);
    }

    /// <summary>
    /// The construction's sweep task (made from its registry entry) offers its options and records exactly the metrics
    /// its details record names, each read from the details or the report; a construction tested on held-out data
    /// gets the held-out half of the case's data.
    /// </summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void SweepTask_RecordsEveryMetricTheDetailsName(string id)
    {
        var entry = ConstructionRegistry.Find(id);
        var task = SweepTasks.Find(id);
        Assert.Equal(entry.Sweep.Names, task.Metrics);
        Assert.Equal(entry.Sweep.Description, task.Description);
        Assert.Equal(task.Metrics.Distinct(), task.Metrics);
        Assert.Equal(OptionsBinder.SweepNames(entry.OptionsType), task.Parameters.Take(OptionsBinder.SweepNames(entry.OptionsType).Count));
        bool heldOut = task.Metrics.Contains(SweepMetrics.TestAccuracy);
        var contract = ConstructionContractCase.All[id];
        var blas = new ManagedBlas(1);
        var context = new DataLoadContext(null, blas);
        var data = DatasetLoader.Load(heldOut ? contract.DataSpec + ",holdout=0.25,part=train" : contract.DataSpec, context);
        var metrics = task.Run(new SweepTaskInput(data, OptionsBinder.Values(contract.Options), new Seed(Seed), blas) { DataContext = context });
        Assert.Equal(task.Metrics, metrics.Keys);
        Assert.Equal(1, metrics["memorized"]);
        var details = Build(id, data, contract.Options, blas).Report.Details;
        Assert.All(details.SweepValues(), value => Assert.Equal(value.Value, metrics[value.Key]));
        if (heldOut) Assert.InRange(metrics[SweepMetrics.TestAccuracy] ?? -1, 0, 1);
    }

    /// <summary>
    /// Each construction's sweep metrics, in the order results databases store them, pinned as the per-construction task
    /// files stated them before the tasks came from the registry: a change here changes every recorded sweep's columns.
    /// </summary>
    [Theory]
    [InlineData("finke", "memorized,pruned_width,parameters,failures,uncoverable,min_margin")]
    [InlineData("zhang", "memorized,parameters,hidden_units,max_abs_weight,max_error,class_margin,min_gap,relative_min_gap,failures")]
    [InlineData("yun", "memorized,parameters,hidden_units,max_abs_weight,max_error,class_margin,min_gap,relative_min_gap,failures,blocks,theorem_capacity,theorem_hidden_units")]
    [InlineData("nearest-centre", "memorized,test_accuracy,centres,parameters,width,depth,delta,failures")]
    [InlineData("baum", "memorized,parameters,hidden_units,max_abs_weight,min_margin,failures,smallest_eps,groups,working_dimension")]
    [InlineData("bubeck", "memorized,parameters,hidden_units,max_abs_weight,max_error,min_margin,failures,smallest_eps,smallest_delta,groups,working_dimension")]
    [InlineData("vershynin", "memorized,parameters,deep_connections,connections_per_point,failures,min_margin,min_batch_margin,max_cosine,separation")]
    public void SweepTask_MetricsStayAsRecorded(string id, string metrics) =>
        Assert.Equal(metrics.Split(','), SweepTasks.Find(id).Metrics);

    private static (Dataset Data, ConstructionOptions Options) Case(string id)
    {
        var contract = ConstructionContractCase.All[id];
        return (Load(contract.DataSpec), contract.Options);
    }

    private static BuildResult Build(string id, Dataset data, ConstructionOptions options, IBlas blas) =>
        ConstructionRegistry.Find(id).Create(blas).Build(data, options, new Seed(Seed));

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(null, new ManagedBlas(1)));
}
