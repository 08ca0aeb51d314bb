using MemLab.Constructions;

namespace MemLab.Tests.Constructions;

/// <summary>
/// One case per registered construction for <see cref="ConstructionContractTests"/>: small data it memorizes, options
/// for it, and invalid options with the name of every problem they hold. Registering a construction without a case
/// here fails the contract suite.
/// </summary>
internal sealed record ConstructionContractCase(string DataSpec, ConstructionOptions Options, ConstructionOptions BadOptions, string[] Problems)
{
    public static IReadOnlyDictionary<string, ConstructionContractCase> All { get; } = new Dictionary<string, ConstructionContractCase>
    {
        [FinkeConstruction.ConstructionId] = new("moons:n=300,noise=0.05,seed=4",
            new FinkeOptions { Width = 150 },
            new FinkeOptions { Width = 0, Lambda = -1, Activation = Activation.Relu, Reach = CoverReach.Full },
            ["Width", "Lambda", "Reach Full"]),
        [ZhangConstruction.ConstructionId] = new("gaussian:n=200,d=8,targets=uniform,seed=1",
            new ZhangOptions(),
            new ZhangOptions { Directions = 0 },
            ["Directions"]),
        [YunConstruction.ConstructionId] = new("gaussian:n=300,d=8,labels=random:3,seed=2",
            new YunOptions(),
            new YunOptions { Directions = 0, Blocks = 0 },
            ["Directions", "Blocks"]),
        [NearestCentreConstruction.ConstructionId] = new("moons:n=300,noise=0.1,seed=3",
            new NearestCentreOptions { Order = CentreOrder.Shuffled },
            new NearestCentreOptions { Fraction = 1, MaxParameters = 0 },
            ["Fraction", "MaxParameters"]),
        [BaumConstruction.ConstructionId] = new("gaussian:n=200,d=6,labels=random,seed=8",
            new BaumOptions(),
            new BaumOptions { RoundingSafety = 0.5 },
            ["RoundingSafety"]),
        [BubeckConstruction.ConstructionId] = new("gaussian:n=200,d=6,targets=uniform,seed=8",
            new BubeckOptions(),
            new BubeckOptions { RoundingSafety = 0.5, Tolerance = -1 },
            ["RoundingSafety", "Tolerance"]),
        [VershyninConstruction.ConstructionId] = new("sphere:n=200,d=16,separation=0.5,seed=1",
            new VershyninOptions { Architecture = [16, 300, 300, 330, 330, 60, 1] },
            new VershyninOptions { Architecture = [16, 0, 300, 2], Sparsity1 = 0.7, BatchSize = 0, SignDraws = 0 },
            ["three hidden", "Sparsity1", "BatchSize", "SignDraws"]),
    };
}
