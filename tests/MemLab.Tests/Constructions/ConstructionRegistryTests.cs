using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Tests.Cli;

namespace MemLab.Tests.Constructions;

public class ConstructionRegistryTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    [Fact]
    public void All_EveryConstructionClassInTheLibrary_IsRegistered()
    {
        var classes = typeof(IConstruction).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(IConstruction).IsAssignableFrom(type))
            .Select(type => type.FullName)
            .Order()
            .ToList();
        Assert.NotEmpty(classes);
        Assert.Equal(classes, ConstructionRegistry.All.Select(entry => entry.Type.FullName).Order().ToList());
    }

    [Fact]
    public void All_EveryOptionsType_HasBuildTimeSerializerMetadata()
    {
        // A construction whose options are missing from the context would silently fall back to reflection at start-up.
        var missing = ConstructionRegistry.All.Where(entry => ConstructionOptionsJsonContext.Default.GetTypeInfo(entry.OptionsType) is null)
            .Select(entry => entry.OptionsType.Name).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void All_IdsAreUnique_AndEachEntryMakesTheConstructionItNames()
    {
        Assert.Equal(ConstructionRegistry.All.Count, ConstructionRegistry.All.Select(entry => entry.Id).Distinct().Count());
        Assert.Equal(ConstructionRegistry.All.Count, ConstructionRegistry.All.Select(entry => entry.OptionsType).Distinct().Count());
        foreach (var entry in ConstructionRegistry.All)
        {
            IConstruction construction = entry.Create(Blas);
            Assert.IsType(entry.Type, construction);
            Assert.Equal(entry.Id, construction.Id);
            Assert.Equal(entry.OptionsType, construction.OptionsType);
            Assert.Same(entry, ConstructionRegistry.Find(entry.Id));
            Assert.Same(entry, ConstructionRegistry.ForOptions(entry.OptionsType));
        }
    }

    [Fact]
    public void All_EveryConstructionHasASweepTaskAndABuildSubcommandOfItsId()
    {
        var help = CliRunner.Run("build", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var entry in ConstructionRegistry.All)
        {
            Assert.Equal(entry.Id, SweepTasks.Find(entry.Id).Id);
            Assert.Contains(entry.Id, help.Out);
        }
    }

    [Fact]
    public void Find_UnknownId_InvalidOptionsListingEveryId()
    {
        var error = Assert.Throws<MemLabException>(() => ConstructionRegistry.Find("hopfield"));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("hopfield", error.Message);
        foreach (var entry in ConstructionRegistry.All) Assert.Contains(entry.Id, error.Message);
    }

    [Fact]
    public void Build_OptionsOfAnotherConstruction_InvalidOptionsNamingBothTypes()
    {
        var data = DatasetLoader.Load("moons:n=20,seed=1", new DataLoadContext(null, Blas));
        IConstruction zhang = ConstructionRegistry.Find(ZhangConstruction.ConstructionId).Create(Blas);
        var error = Assert.Throws<MemLabException>(() => zhang.Build(data, new BaumOptions(), new Seed(0)));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains(nameof(ZhangOptions), error.Message);
        Assert.Contains(nameof(BaumOptions), error.Message);
    }

    [Fact]
    public void Defaults_AreOfTheOptionsTypeAndFresh()
    {
        foreach (var entry in ConstructionRegistry.All)
        {
            Assert.IsType(entry.OptionsType, entry.Defaults());
            Assert.NotSame(entry.Defaults(), entry.Defaults());
        }
    }

    [Fact]
    public void LabBuild_ByIdWithNamedParameters_SameBitsAsTheTypedOptions()
    {
        var lab = new Lab(Blas, null);
        const string spec = "moons:n=200,noise=0.05,seed=4";
        var (_, byId) = lab.Build(FinkeConstruction.ConstructionId, spec, new Dictionary<string, string> { ["width"] = "150", ["cover"] = "random" }, new Seed(3));
        var (_, typed) = lab.Build(spec, new FinkeOptions { Width = 150, Cover = Cover.Random }, new Seed(3));
        ConstructionChecks.AssertIdentical(typed.Network, byId.Network);
        Assert.Equal(typed.Network.Provenance, byId.Network.Provenance);
        var error = Assert.Throws<MemLabException>(() => lab.Build(FinkeConstruction.ConstructionId, spec, new Dictionary<string, string> { ["depth"] = "3" }, new Seed(3)));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("depth", error.Message);
        Assert.Contains("width", error.Message);
    }
}
