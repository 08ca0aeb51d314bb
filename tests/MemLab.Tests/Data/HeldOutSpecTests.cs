using MemLab.Data;

namespace MemLab.Tests.Data;

public class HeldOutSpecTests
{
    [Theory]
    [InlineData("mnist:split=train,classes=0-1", "mnist:split=test,classes=0-1")]
    [InlineData("mnist:classes=3-8", "mnist:classes=3-8,split=test")]
    [InlineData("mnist:scale=unit-ball,holdout=0.2,part=train", "mnist:scale=unit-ball,holdout=0.2,part=test")]
    [InlineData("moons:n=100,holdout=0.2,part=train,seed=3", "moons:n=100,holdout=0.2,part=test,seed=3")]
    [InlineData("cifar10:split=train", "cifar10:split=test")]
    [InlineData("mnist:split=train,classes=3-8,labels=randomize:0.5", "mnist:split=test,classes=3-8")]
    [InlineData("mnist:split=train,labels=random:3", "mnist:split=test,labels=random:3")]
    [InlineData("moons:n=100,labels=randomize:0.5,holdout=0.2,part=train", "moons:n=100,labels=randomize:0.5,holdout=0.2,part=test")]
    public void For_TrainingSpec_GivesItsTestSide(string train, string test) => Assert.Equal(test, HeldOutSpec.For(train));

    [Theory]
    [InlineData("moons:n=100")]
    [InlineData("mnist:split=test")]
    [InlineData("moons:holdout=0.2,part=test")]
    public void For_SpecWithoutATrainingSide_ThrowsSayingWhatToAdd(string spec)
    {
        var error = Assert.Throws<MemLabException>(() => HeldOutSpec.For(spec));
        Assert.Contains("part=train", error.Message);
    }

    [Theory]
    [InlineData("mnist:split=train,classes=3-8,scale=unit-ball", "scale=unit-ball")]
    [InlineData("mnist:classes=3-8,pca=true", "pca=true")]
    [InlineData("mnist:split=train,subsample=500", "subsample=500")]
    [InlineData("cifar10:split=train,fraction=0.5", "fraction=0.5")]
    [InlineData("mnist:split=train,inputs=gaussian", "inputs=gaussian")]
    public void For_SourceSplitWithAStepFittedToTheSet_ThrowsNamingIt(string spec, string step)
    {
        var error = Assert.Throws<MemLabException>(() => HeldOutSpec.For(spec));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains(step, error.Message);
        Assert.Contains("holdout=F,part=train", error.Message);
    }
}
