namespace MemLab;

/// <summary>
/// Marks a settable property of an options record that is not a parameter: the options binder neither offers it on the
/// command line nor reads it from a sweep spec, because the caller sets it from something else (the trainer's
/// <c>StopWhenMemorized</c> is <c>--keep-training</c>, its <c>CheckpointEvery</c> needs a folder to write to).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class NotAParameterAttribute : Attribute;
