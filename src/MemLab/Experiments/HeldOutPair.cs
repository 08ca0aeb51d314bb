using MemLab.Data;

namespace MemLab.Experiments;

/// <summary>
/// The training and held-out data of a task that tests what it builds: the run's data, and its held-out counterpart
/// (<see cref="HeldOutSpec"/>) loaded the way the training data was. With the grid parameters <c>first</c> and
/// <c>second</c> (<see cref="ClassPair"/>: class names or indices) both keep only that pair of classes, relabelled 0 and 1; a cell with
/// first &gt;= second has no data (null), so a grid over both runs each unordered pair once.
/// </summary>
internal static class HeldOutPair
{
    /// <summary>The run's training and test data, or null for a mirrored pair cell (first &gt;= second).</summary>
    /// <exception cref="MemLabException">Only one of first and second is set, a class is missing, the spec has no training side, or the run has no data context.</exception>
    public static (Dataset Train, Dataset Test)? Load(SweepTaskInput input, string task)
    {
        Dataset train = input.Data;
        string testSpec = HeldOutSpec.For(train.Provenance.Spec);
        var classes = OptionsBinder.BindChecked(new ClassPair(), input.Parameters, task).Classes;
        if (classes.Count > 0)
        {
            int[] indices = Subsets.ResolveClasses(train, classes);
            if (indices[0] >= indices[1]) return null;
            train = Subsets.SelectClasses(train, indices);
        }
        var context = input.DataContext ?? throw MemLabException.InvalidOptions(
            $"{task}: the task loads held-out data but the run gives it no data context; run it through a sweep.");
        Dataset test = DatasetLoader.Load(testSpec, context);
        if (classes.Count > 0) test = Subsets.SelectClasses(test, Subsets.ResolveClasses(test, classes));
        return (train, test);
    }
}
