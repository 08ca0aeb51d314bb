namespace MemLab.Constructions;

/// <summary>
/// The calibrated threshold of one mirror-perceptron pair of <see cref="VershyninConstruction"/>. With v the pair's
/// random-sign sum of its batch's centred codes, the pair fires on x when |v.c(x)| &gt; theta. theta is the midpoint
/// between the largest |v.c| over the other class (unwanted) and the smallest over the batch (wanted).
/// </summary>
/// <param name="Layer">The hidden layer (1-based) holding the pair.</param>
/// <param name="Batch">The batch's index, counted over the whole network.</param>
/// <param name="Size">The number of points in the batch.</param>
/// <param name="SmallestWanted">min |v.c| over the batch.</param>
/// <param name="LargestUnwanted">max |v.c| over the points of the other class.</param>
/// <param name="Threshold">theta: the midpoint when the batch separates; when it does not, the midpoint between the
/// largest unwanted value and the smallest batch value above it, so no point of the other class fires.</param>
/// <param name="Margin">(SmallestWanted - LargestUnwanted) / (SmallestWanted + LargestUnwanted): positive when the
/// pair separates its batch from the other class, the relative distance from theta to the nearest value.</param>
/// <param name="Draws">How many sign vectors were drawn: a batch that does not separate draws new Rademacher signs, up to
/// <see cref="VershyninOptions.SignDraws"/>, and keeps the draw with the largest margin.</param>
/// <param name="Unseparated">The batch's points at or below the largest unwanted value (empty when the margin is positive).</param>
public sealed record BatchThreshold(int Layer, int Batch, int Size, double SmallestWanted, double LargestUnwanted, double Threshold, double Margin,
    int Draws, IReadOnlyList<int> Unseparated);
