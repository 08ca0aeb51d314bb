namespace MemLab.Training;

/// <summary>The training objective, averaged over the points of a batch. Each loss fixes the output layer and the output rule.</summary>
public enum Loss
{
    /// <summary>Binary logistic loss log(1 + exp(-s z)), s = +1 for label 1 and -1 for label 0; one output, sign rule. Two classes only.</summary>
    Logistic,
    /// <summary>Softmax cross-entropy over K outputs (K = the class count, at least 2); argmax rule.</summary>
    CrossEntropy,
    /// <summary>
    /// Half the squared error, summed over outputs: two classes use one output with targets -1 and +1 (sign rule);
    /// K &gt; 2 classes use K outputs with one-hot targets (argmax rule).
    /// </summary>
    Square,
    /// <summary>Binary hinge loss max(0, 1 - s z), s = +1 for label 1 and -1 for label 0; one output, sign rule. Two classes only.</summary>
    Hinge,
}
