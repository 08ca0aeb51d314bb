using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

/// <summary>
/// The sweep tasks' own parameters come from options records bound by <see cref="OptionsBinder"/>: the task lists the
/// record's names, a value that does not parse is refused under its parameter, and the record's constraints are reported
/// all at once as a spec problem of the task.
/// </summary>
public class TaskOptionsTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);
    private static readonly DataLoadContext Context = new(null, Blas);

    private static MemLabException Refusal(ISweepTask task, Dictionary<string, string> parameters, string data = "gaussian:n=40,d=4,seed=3") =>
        Assert.Throws<MemLabException>(() => task.Run(new SweepTaskInput(DatasetLoader.Load(data, Context), parameters, new Seed(1), Blas) { DataContext = Context }));

    [Theory]
    [InlineData("gap", typeof(GapTaskOptions), new[] { "geometry", "target_kind", "max_width_factor", "predictors" })]
    [InlineData("dissection", typeof(DissectionTaskOptions), new[] { "first", "second", "seeds" })]
    [InlineData("compare", typeof(ClassPair), new[] { "first", "second" })]
    [InlineData("nearest-centre", typeof(ClassPair), new[] { "first", "second" })]
    public void Task_ListsItsRecordsParameters(string task, Type record, string[] names)
    {
        Assert.Equal(names, OptionsBinder.SweepNames(record));
        Assert.All(names, name => Assert.Contains(name, SweepTasks.Find(task).Parameters));
    }

    [Fact]
    public void Gap_EveryProblemOfItsOwnParametersInOneSpecRefusal()
    {
        var error = Refusal(new GapTask(), new() { ["target_kind"] = "uniform", ["max_width_factor"] = "-1" });
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.StartsWith("gap: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("largest-width factor must be a finite number > 0; got -1", error.Message, StringComparison.Ordinal);
        Assert.Contains("without a geometry, put targets=uniform into the data spec", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("geometry", "cubes", "not a geometry; use gaussian")]
    [InlineData("target_kind", "class-index", "expected one of labels, uniform")]
    [InlineData("predictors", "2", "0 or 1")]
    [InlineData("max_width_factor", "wide", "a number")]
    public void Gap_ValueThatDoesNotParse_IsRefusedUnderItsName(string name, string value, string expected)
    {
        var error = Refusal(new GapTask(), new() { ["geometry"] = "gaussian", [name] = value });
        Assert.Contains($"gap: {name}={value} is not valid", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GapTaskOptions_MaxWidth_IsTheFactorTimesNOverD_OrTheGivenLargerWidth()
    {
        var options = new GapTaskOptions { MaxWidthFactor = 2.5 };
        Assert.Equal(50, options.MaxWidth(80, 4, 4096, maxWidthGiven: false));
        Assert.Equal(70, options.MaxWidth(80, 4, 70, maxWidthGiven: true));
        Assert.Equal(50, options.MaxWidth(80, 4, 30, maxWidthGiven: true));
        Assert.Equal(30, new GapTaskOptions().MaxWidth(80, 4, 30, maxWidthGiven: true));
    }

    [Theory]
    [InlineData("0", "0", "0", "seeds) must be >= 1; got 0")]
    [InlineData("0", "4", "2", "first=0 and second=4 must index the 2 x seeds = 4 networks (0 to 3)")]
    [InlineData("-1", "1", "2", "first=-1 and second=1")]
    public void Dissection_IndicesOutsideTheNetworks_AreASpecProblem(string first, string second, string seeds, string expected)
    {
        var error = Refusal(new DissectionTask(), new() { ["first"] = first, ["second"] = second, ["seeds"] = seeds }, "mixture:n=30,d=2,k=2,seed=1");
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.StartsWith("dissection: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dissection_IndexThatIsNotANumber_NamesTheParameterAndTheSweepTaskList()
    {
        var error = Refusal(new DissectionTask(), new() { ["first"] = "one" }, "mixture:n=30,d=2,k=2,seed=1");
        Assert.Contains("dissection: first=one is not valid; see 'memlab sweep tasks'", error.Message, StringComparison.Ordinal);
        Assert.Contains("a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassicAndCompare_EachListsItsOwnChoice_AndIsToldToSetIt()
    {
        Assert.Equal(["construction", "model"], OptionsBinder.SweepNames(typeof(TaskChoice)));
        Assert.Equal(["construction"], new ClassicTask().Parameters);
        Assert.Equal("model", new CompareTask().Parameters[0]);
        Assert.Contains("classic: no construction is set; set \"construction\" in the grid to one or more of baum, bubeck, zhang, yun.",
            Refusal(new ClassicTask(), []).Message, StringComparison.Ordinal);
        Assert.Contains("compare: no model is set; set \"model\" in the grid to one or more of nearest-centre, yun, bubeck, finke, 1nn.",
            Refusal(new CompareTask(), []).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pair_WithOneClassOnly_IsRefusedForEveryTaskThatTakesIt()
    {
        const string spec = "mixture:n=90,d=3,k=3,spread=0.2,holdout=0.3,part=train,seed=4";
        foreach (ISweepTask task in new ISweepTask[] { SweepTasks.Find(NearestCentreConstruction.ConstructionId), new CompareTask() })
        {
            var error = Refusal(task, new() { ["model"] = "1nn", ["first"] = "0" }, spec);
            Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
            Assert.Contains($"{task.Id}: A pair needs both parameters first and second", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(["0", "2"], new ClassPair { First = "0", Second = "2" }.Classes);
        Assert.Empty(new ClassPair().Classes);
    }
}
