namespace MemLab.Reporting;

/// <summary>
/// The grid parameters and metrics the report sections read, each named once: data keys of the sources, parameters of
/// the tasks and metrics they record. A section states what it reads with these (see <see cref="SectionNeeds"/>).
/// </summary>
public static class GridNames
{
    /// <summary>The sample size N, a data key ("n").</summary>
    public const string Size = "n";

    /// <summary>The input dimension d, a data key ("d").</summary>
    public const string Dimension = "d";

    /// <summary>The class list of a data spec, e.g. "3-8" ("classes").</summary>
    public const string Classes = "classes";

    /// <summary>The geometry of the gap task's data ("geometry").</summary>
    public const string Geometry = "geometry";

    /// <summary>The construction a task builds ("construction").</summary>
    public const string Construction = "construction";

    /// <summary>Vershynin's architecture d,m1,...,1 ("arch").</summary>
    public const string Architecture = "arch";

    /// <summary>The model a comparison trains ("model"); the grid's first is the reference.</summary>
    public const string Model = "model";

    /// <summary>The step budget of training ("steps"); in the gap map its smallest value is B, and 4B when the grid has it.</summary>
    public const string Budget = "steps";

    /// <summary>The dropout probability of training ("dropout"); a slowdown needs the value 0.</summary>
    public const string Dropout = "dropout";

    /// <summary>The 0/1 success of a run ("memorized").</summary>
    public const string Memorized = "memorized";

    /// <summary>Every weight and bias of the network ("parameters").</summary>
    public const string Parameters = "parameters";

    /// <summary>Every connection of a network ("weights"), the measure fixed architectures and constructions sized by N share.</summary>
    public const string Weights = "weights";

    /// <summary>Vershynin's deep connections W ("deep_connections").</summary>
    public const string DeepConnections = "deep_connections";

    /// <summary>The steps training took to memorize ("steps_to_memorize").</summary>
    public const string StepsToMemorize = "steps_to_memorize";

    /// <summary>The accuracy on the held-out part ("test_accuracy").</summary>
    public const string TestAccuracy = "test_accuracy";
}
