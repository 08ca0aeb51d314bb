using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Data;

public class TargetTransformsTests
{
    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(null, new ManagedBlas(1)));

    [Fact]
    public void Spec_TargetsUniform_RealTargetsInMinusOneToOneSpreadOverTheInterval()
    {
        var labelled = Load("gaussian:n=2000,d=3,seed=4");
        var data = Load("gaussian:n=2000,d=3,seed=4,targets=uniform");
        Assert.Equal(TargetKind.Real, data.TargetKind);
        Assert.Equal(labelled.Features.ToArray(), data.Features.ToArray());
        double[] targets = data.Targets.ToArray();
        Assert.All(targets, y => Assert.InRange(y, -1.0, 1.0));
        Assert.InRange(targets.Average(), -0.1, 0.1);
        Assert.InRange(targets.Count(y => y > 0.5), 400, 600);
        Assert.Equal(targets, Load("gaussian:n=2000,d=3,seed=4,targets=uniform").Targets.ToArray());
        Assert.NotEqual(targets, Load("gaussian:n=2000,d=3,seed=5,targets=uniform").Targets.ToArray());
        Assert.EndsWith("targets replaced by real targets drawn uniformly from [-1, 1)", data.Provenance.Description);
    }

    [Fact]
    public void Spec_TargetsClassIndex_TargetIsTheLabelAfterTheLabelStep()
    {
        var labelled = Load("gaussian:n=300,d=2,labels=random:7");
        var data = Load("gaussian:n=300,d=2,labels=random:7,targets=class-index");
        Assert.Equal(TargetKind.Real, data.TargetKind);
        Assert.Equal(labelled.Labels.ToArray().Select(l => (double)l), data.Targets.ToArray());
    }

    [Fact]
    public void ClassIndex_RealTargets_InvalidData()
    {
        var error = Assert.Throws<MemLabException>(() => TargetTransforms.ClassIndex(Load("gaussian:n=10,d=2,targets=uniform")));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("already has real targets", error.Message);
    }

    [Fact]
    public void Spec_UnknownTargetsValue_InvalidSpecListingTheValidOnes()
    {
        var error = Assert.Throws<MemLabException>(() => Load("gaussian:n=10,targets=normal"));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("uniform", error.Message);
        Assert.Contains("class-index", error.Message);
    }
}
