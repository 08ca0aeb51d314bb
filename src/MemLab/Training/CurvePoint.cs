namespace MemLab.Training;

/// <summary>One point of the training curves, recorded at every memorization check.</summary>
/// <param name="Step">Parameter updates done before this check (0 = the initial network).</param>
/// <param name="Loss">The mean training loss over all points (without dropout and without the weight-decay term), in float32.</param>
/// <param name="Accuracy">The fraction of training points classified correctly, in float32.</param>
/// <param name="Seconds">Seconds since training started.</param>
public readonly record struct CurvePoint(int Step, double Loss, double Accuracy, double Seconds);
