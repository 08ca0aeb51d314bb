using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Training;
using MemLab.Tests.Networks;

namespace MemLab.Tests.Interop;

/// <summary>
/// Every kind of network the export tests run on, each with the data it is checked on (its training data). A new
/// construction or trainer joins every export test (ONNX Runtime agreement in both precisions, safetensors round
/// trip) by adding one line to <see cref="Builders"/>.
/// </summary>
public static class ExportCases
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    /// <summary>Name -> (network, data). Builders are small: each runs in well under a second.</summary>
    private static readonly Dictionary<string, Func<(Network Network, Dataset Data)>> Builders = new()
    {
        ["finke-threshold-moons"] = () => Finke("moons:n=400,noise=0.05,seed=0", new FinkeOptions { Width = 120 }),
        ["finke-relu-moons"] = () => Finke("moons:n=400,noise=0.05,seed=1", new FinkeOptions { Width = 120, Activation = Activation.Relu }),
        ["finke-threshold-mixture-4-classes"] = () => Finke("mixture:n=300,d=5,k=4,seed=2", new FinkeOptions { Width = 150 }),
        ["finke-threshold-mnist-3-vs-8"] = () => Finke("mnist:split=train,classes=3-8,subsample=300,seed=0,scale=unit-ball", new FinkeOptions { Width = 400, Lambda = 0 }),
        ["finke-relu-mixture-3-classes"] = () => Finke("mixture:n=300,d=5,k=3,seed=3", new FinkeOptions { Width = 150, Activation = Activation.Relu }),
        ["zhang-real-gaussian"] = () => Construct(new ZhangConstruction(Blas), "gaussian:n=200,d=5,targets=uniform", new ZhangOptions()),
        ["zhang-binary-gaussian"] = () => Construct(new ZhangConstruction(Blas), "gaussian:n=200,d=5,seed=1", new ZhangOptions()),
        ["yun-real-gaussian"] = () => Construct(new YunConstruction(Blas), "gaussian:n=300,d=5,seed=2,targets=uniform", new YunOptions()),
        ["yun-mixture-4-classes"] = () => Construct(new YunConstruction(Blas), "mixture:n=300,d=5,k=4,seed=3", new YunOptions()),
        ["nearest-centre-moons"] = () => Construct(new NearestCentreConstruction(Blas), "moons:n=200,noise=0.05,seed=4", new NearestCentreOptions()),
        ["nearest-centre-mixture-3-classes"] = () => Construct(new NearestCentreConstruction(Blas), "mixture:n=200,d=5,k=3,seed=5", new NearestCentreOptions()),
        ["baum-gaussian"] = () => Construct(new BaumConstruction(Blas), "gaussian:n=200,d=5,seed=6", new BaumOptions()),
        ["bubeck-real-gaussian"] = () => Construct(new BubeckConstruction(Blas), "gaussian:n=200,d=5,seed=7,targets=uniform", new BubeckOptions()),
        ["bubeck-mixture-3-classes"] = () => Construct(new BubeckConstruction(Blas), "mixture:n=200,d=5,k=3,seed=8", new BubeckOptions()),
        ["vershynin-threshold-sphere"] = () => Construct(new VershyninConstruction(Blas), "sphere:n=200,d=16,separation=0.5,seed=9",
            new VershyninOptions { Architecture = [16, 300, 300, 100, 1] }),
        ["trained-relu-gaussian"] = () => Trained("gaussian:n=200,d=10,seed=10", new TrainOptions { Hidden = [32, 16], Steps = 400 }),
        ["trained-relu-mixture-3-classes"] = () => Trained("mixture:n=200,d=5,k=3,seed=11", new TrainOptions { Hidden = [32], Loss = Loss.CrossEntropy, Steps = 400 }),
        ["trained-linear-no-hidden-layer"] = () => Trained("mixture:n=200,d=5,k=3,seed=12", new TrainOptions { Hidden = [], Loss = Loss.CrossEntropy, Steps = 200 }),
        ["hand-xor-threshold-identity-sign"] = () => (TestNetworks.Xor(), TestNetworks.Labelled(TestNetworks.Corners(), 2, [0, 1, 1, 0])),
        ["hand-relu-identity-argmax"] = () => Random([6, 16, 12, 4], Activation.Relu, Activation.Identity, OutputRule.Argmax),
        ["hand-threshold-identity-argmax"] = () => Random([5, 20, 3], Activation.Threshold, Activation.Identity, OutputRule.Argmax),
        ["hand-identity-threshold-sign"] = () => Random([4, 8, 1], Activation.Identity, Activation.Threshold, OutputRule.Sign),
        ["hand-relu-relu-sign"] = () => Random([3, 10, 1], Activation.Relu, Activation.Relu, OutputRule.Sign),
        ["hand-relu-identity-value"] = () => Random([4, 12, 1], Activation.Relu, Activation.Identity, OutputRule.Value),
        ["hand-single-layer-threshold-sign"] = () => Random([7, 1], Activation.Threshold, Activation.Threshold, OutputRule.Sign),
        ["hand-sparse-threshold-relu-argmax"] = () => LabelledByItself(TestNetworks.RandomSparse(new Seed(13), [300, 40, 20, 4], 0.1, Activation.Threshold, Activation.Relu, OutputRule.Argmax).Sparse),
        ["hand-sparse-relu-identity-sign"] = () => LabelledByItself(TestNetworks.RandomSparse(new Seed(14), [20, 30, 1], 0.3, Activation.Relu, Activation.Identity, OutputRule.Sign).Sparse),
    };

    /// <summary>The case names, for [MemberData].</summary>
    public static TheoryData<string> Names() => new(Builders.Keys);

    /// <summary>Builds the named case.</summary>
    public static (Network Network, Dataset Data) Build(string name) => Builders[name]();

    private static (Network, Dataset) Finke(string spec, FinkeOptions options) => Construct(new FinkeConstruction(Blas), spec, options);

    private static (Network, Dataset) Trained(string spec, TrainOptions options)
    {
        var data = DatasetLoader.Load(spec, new DataLoadContext(TestData.Directory, Blas));
        var network = new Trainer(Blas).Train(data, options, new Seed(7)).Network;
        Assert.NotNull(network);
        return (network, data);
    }

    private static (Network, Dataset) Construct<TOptions>(IConstruction<TOptions> construction, string spec, TOptions options)
        where TOptions : ConstructionOptions
    {
        var data = DatasetLoader.Load(spec, new DataLoadContext(TestData.Directory, Blas));
        var built = construction.Build(data, options, new Seed(7));
        Assert.True(built.Report.Memorized, $"{spec}: the {construction.Id} network must memorize before its export is checked");
        return (built.Network, data);
    }

    /// <summary>A random dense network on 200 random points, labelled (or given targets) by its own float64 outputs.</summary>
    private static (Network, Dataset) Random(int[] sizes, Activation hidden, Activation last, OutputRule rule) =>
        LabelledByItself(TestNetworks.Random(new Seed(11), sizes, hidden, last, rule));

    /// <summary>The network with 200 random points, labelled (or given targets) by its own float64 outputs.</summary>
    private static (Network, Dataset) LabelledByItself(Network network)
    {
        const int n = 200;
        int d = network.InputCount;
        OutputRule rule = network.OutputRule;
        float[] inputs = TestNetworks.RandomInputs(new Seed(12), n, d);
        double[] outputs = MemLab.Networks.ForwardPass.Evaluate(network, inputs, n, Blas, MemLab.Networks.Precision.Float64);
        if (rule == OutputRule.Value)
            return (network, TestNetworks.Real(inputs, d, outputs));
        int[] labels = MemLab.Networks.ForwardPass.PredictClasses(rule, outputs, network.OutputCount);
        Assert.DoesNotContain(-1, labels);
        return (network, TestNetworks.Labelled(inputs, d, labels, rule == OutputRule.Sign ? 2 : network.OutputCount));
    }
}
