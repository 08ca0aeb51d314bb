namespace MemLab.Experiments;

/// <summary>The tasks a sweep can name, by id. Adding a task is one entry in <see cref="All"/>.</summary>
public static class SweepTasks
{
    /// <summary>Every task, in the order <c>memlab sweep tasks</c> lists them.</summary>
    public static IReadOnlyList<ISweepTask> All { get; } =
    [
        new GeometryTask(),
        new FinkeTask(),
        new ZhangTask(),
        new YunTask(),
        new NearestCentreTask(),
        new BaumTask(),
        new BubeckTask(),
        new VershyninTask(),
        new TrainTask(),
        new ClassicTask(),
        new CompareTask(),
        new CapacityTask(),
        new GapTask(),
        new DissectionTask(),
    ];

    /// <summary>The task with id <paramref name="id"/>.</summary>
    /// <exception cref="MemLabException">No task has that id; the message lists the valid ones.</exception>
    public static ISweepTask Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return All.FirstOrDefault(task => task.Id == id)
            ?? throw MemLabException.InvalidSpec(
                $"Unknown task '{id}'; valid tasks: {string.Join(", ", All.Select(t => t.Id))}. Set \"task\" in the sweep spec to one of them.");
    }
}
