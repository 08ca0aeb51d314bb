namespace MemLab;

/// <summary>
/// Names an options property's parameter where it is not the property's own name, e.g. "p1" for
/// <c>VershyninOptions.Sparsity1</c> or "lr" for <c>TrainOptions.LearningRate</c>: snake_case as written here in sweep
/// specs, kebab-case on the command line (<c>sign_draws</c>, <c>--sign-draws</c>). Properties without it are named after
/// themselves (RoundingSafety is <c>rounding_safety</c>, <c>--rounding-safety</c>). It sits in the root namespace so that
/// every options record, whether a construction's or the trainer's, can carry it.
/// </summary>
/// <param name="name">The snake_case parameter name.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ParameterNameAttribute(string name) : Attribute
{
    /// <summary>The snake_case parameter name.</summary>
    public string Name { get; } = name;
}
