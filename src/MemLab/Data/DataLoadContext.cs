using MemLab.LinearAlgebra;

namespace MemLab.Data;

/// <summary>
/// What <see cref="DatasetLoader.Load(DataSpec, DataLoadContext)"/> may need besides the spec: where data files
/// live and a linear-algebra backend. The caller (the CLI's composition root, a test) chooses both; the library
/// never looks them up itself.
/// </summary>
/// <param name="DataDirectory">The folder that holds file datasets (for example its <c>mnist/</c> subfolder), or
/// <c>null</c> when none is configured; generator sources do not use it.</param>
/// <param name="Blas">The backend for steps that need dense linear algebra.</param>
public sealed record DataLoadContext(string? DataDirectory, IBlas Blas);
