namespace MemLab.Training;

/// <summary>How <see cref="Trainer"/> draws initial weights (fan_in = a layer's inputs, fan_out = its units); biases start at 0.</summary>
public enum Initialization
{
    /// <summary>He/Kaiming normal: N(0, 2 / fan_in), the usual choice for ReLU layers.</summary>
    He,
    /// <summary>Xavier/Glorot uniform: U(-a, a) with a = sqrt(6 / (fan_in + fan_out)).</summary>
    XavierUniform,
    /// <summary>Xavier/Glorot normal: N(0, 2 / (fan_in + fan_out)).</summary>
    XavierNormal,
    /// <summary>LeCun normal: N(0, 1 / fan_in).</summary>
    Lecun,
}
