namespace MemLab.Training;

/// <summary>How <see cref="Trainer"/> turns gradients into parameter updates.</summary>
public enum Optimizer
{
    /// <summary>Adam (Kingma and Ba 2015) with PyTorch's update formula and bias correction; minibatch or full batch.</summary>
    Adam,
    /// <summary>Minibatch stochastic gradient descent with heavy-ball momentum (PyTorch's form: v = m v + g, w -= lr v).</summary>
    Sgd,
    /// <summary>Full-batch gradient descent (every step sees every point), with optional momentum (default none).</summary>
    Gd,
}
