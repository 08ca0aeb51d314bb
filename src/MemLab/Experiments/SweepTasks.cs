using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// The tasks a sweep can name, by id: one <see cref="ConstructionTask"/> per registered construction, in registry order,
/// and the tasks of their own. Adding a construction adds its task; adding another task is one entry in <see cref="All"/>.
/// </summary>
public static class SweepTasks
{
    /// <summary>Every task, in the order <c>memlab sweep tasks</c> lists them.</summary>
    public static IReadOnlyList<ISweepTask> All { get; } =
    [
        new GeometryTask(),
        .. ConstructionRegistry.All.Select(construction => new ConstructionTask(construction)),
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
