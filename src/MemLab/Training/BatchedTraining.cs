using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Training;

/// <summary>
/// Trains many one-hidden-layer networks on one dataset with one recipe, as one computation (the engine of the width search):
/// a list of (width, seed) jobs, split into batches under a memory budget; in a batch the first layers of all networks
/// are one matrix product and so are their gradients (<see cref="NetworkBatch"/>), while each network keeps its own
/// initialization, output layer, optimizer state, memorization check and stop. Network k of a batch starts from the
/// weights <see cref="Trainer"/> draws for its seed and takes the same steps. Every network that memorizes in float32 is
/// verified in float64 on every point.
/// </summary>
/// <remarks>
/// The fused loop covers full-batch training without dropout or time limit, with every optimizer, loss and weight decay
/// (plain GD and Adam; SGD only with a batch of N). Recipes with minibatches, dropout or a time limit draw per-seed
/// minibatch orders, masks or clocks that one shared product cannot follow; their jobs are trained one by one with
/// <see cref="Trainer"/> (still under the budget and in parallel across workers), and the batches say so.
/// Determinism: the batches depend only on the jobs and the budget, never on the worker count, so the same inputs
/// give the same bits for any number of workers. With the managed backend a job's outcome does not depend on its batch
/// mates at all (it equals the one-network trainer's bit for bit); OpenBLAS picks kernels by product shape, so there a
/// job's last bits can depend on the width of the batch it trained in.
/// </remarks>
public static class BatchedTraining
{
    /// <summary>
    /// The bytes one network of <paramref name="width"/> takes in a batch on <paramref name="samples"/> points in
    /// R^<paramref name="inputs"/>, at 4 bytes a float. In the fused loop (<paramref name="fused"/>, the default): its
    /// outputs and their gradient (2 N K), its rows of the two threads' block buffers (activations and their gradient,
    /// 4 x 320 x w), its rows of the chunk sums and of their total ((chunks of 256 points + 1) x w x (d + 1 rounded up
    /// to whole vectors + K)), its share of the stacked first-layer weights and biases, and its parameters, gradients
    /// and two optimizer moments (4 per parameter). A fused batch also holds two copies of the points, laid out for its
    /// products, counted once per batch by <see cref="BatchBytes"/>. Trained alone (not fused): its hidden activations and their gradient (2 N w floats), its outputs
    /// and their gradient, and the same weights, parameters and moments.
    /// </summary>
    public static long NetworkBytes(int samples, int inputs, int width, int outputs, bool fused = true)
    {
        long parameters = (long)width * inputs + width + (long)outputs * width + outputs;
        long weights = (long)width * inputs + width + 4 * parameters;
        if (!fused) return 4 * (2L * samples * width + 2L * samples * outputs + (long)width * inputs + weights);
        return 4 * (2L * samples * outputs + 4L * ChunkProducts.VectorStride(NetworkBatch.MaximumBlock) * width + SumsFloats(samples, inputs, width, outputs)
            + width * (long)(ChunkProducts.VectorStride(inputs + 1) + outputs) + weights);
    }

    /// <summary>
    /// The bytes a fused batch holds once, whatever its networks, on <paramref name="samples"/> points in
    /// R^<paramref name="inputs"/>: the points laid out for its first-layer products (each point padded to whole
    /// vectors with a 1 for the biases' gradient, and each block transposed and padded to whole vectors) and up to three
    /// rows of first-layer weights that pad it to whole tiles. 0 when not fused.
    /// </summary>
    public static long BatchBytes(int samples, int inputs, bool fused = true) => !fused ? 0 : 4 * (
        (long)samples * ChunkProducts.VectorStride(inputs + 1)
        + (long)inputs * (samples + (long)Vector512<float>.Count * (PointChunks.Count(samples) + 1))
        + 3L * (inputs + 1));

    /// <summary>The floats of the chunk-sum table of a fused batch of <paramref name="width"/> hidden units in all.</summary>
    private static long SumsFloats(int samples, int inputs, int width, int outputs) =>
        (long)PointChunks.Count(samples) * width * (ChunkProducts.VectorStride(inputs + 1) + outputs);

    /// <summary>Trains every job on <paramref name="data"/> with <paramref name="recipe"/> (its hidden layers are replaced by each job's width).</summary>
    /// <param name="data">Class labels the recipe's loss takes, or real targets with the square loss.</param>
    /// <param name="recipe">Optimizer, learning rate, loss, initialization, budget, tolerance.</param>
    /// <param name="jobs">The networks: width, seed and group.</param>
    /// <param name="options">Memory budget and workers.</param>
    /// <param name="blas">The backend; one-threaded when <see cref="BatchedTrainingOptions.Workers"/> &gt; 1.</param>
    /// <exception cref="MemLabException">Invalid options, recipe or widths; data the loss cannot take; a network that alone exceeds the memory budget.</exception>
    public static BatchedTrainingResult Train(Dataset data, TrainOptions recipe, IReadOnlyList<TrainingJob> jobs, BatchedTrainingOptions options, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(blas);
        recipe.Validate();
        options.Validate();
        for (int i = 0; i < jobs.Count; i++)
            if (jobs[i].Width < 1) throw MemLabException.InvalidOptions($"Every width must be >= 1; got {jobs[i].Width}.");
        int outputs = Trainer.CheckData(data, recipe.Loss);
        double? tolerance = TargetTolerance.For(data, recipe.Tolerance);
        ParallelLoop.RequireOneThreaded(options.Workers, blas, "training batches");
        var clock = Stopwatch.StartNew();
        bool fused = Fusable(recipe, data.SampleCount);
        var batches = Plan(data, jobs, outputs, options, fused);
        var targets = TrainingTargets.Of(data, tolerance);
        var outcomes = new JobOutcome[jobs.Count];
        var gate = new MemoryGate(options.MemoryBytes);
        // Workers beyond the batches share each batch's steps on two threads (the bits do not depend on it).
        int threads = Math.Max(1, options.Workers / Math.Max(1, Math.Min(options.Workers, batches.Count)));
        ParallelLoop.For(batches.Count, options.Workers, b =>
        {
            var batch = batches[b];
            gate.Enter(batch.Bytes);
            try
            {
                // Loops, not LINQ, over the jobs (value types): LINQ's code for them would be compiled just in time.
                if (fused)
                {
                    var members = new TrainingJob[batch.Jobs.Count];
                    for (int j = 0; j < members.Length; j++) members[j] = jobs[batch.Jobs[j]];
                    var results = RunFused(data, targets, recipe, members, outputs, blas, tolerance, threads);
                    for (int j = 0; j < results.Length; j++) outcomes[batch.Jobs[j]] = results[j];
                }
                else
                {
                    for (int j = 0; j < batch.Jobs.Count; j++) outcomes[batch.Jobs[j]] = RunAlone(data, recipe, jobs[batch.Jobs[j]], blas);
                }
            }
            finally
            {
                gate.Leave(batch.Bytes);
            }
        });
        return new BatchedTrainingResult { Outcomes = outcomes, Batches = batches, Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>
    /// Refuses, in one line with its size, a network of <paramref name="width"/> hidden units that alone does not fit
    /// <paramref name="budget"/> bytes on <paramref name="data"/> (or whose activations exceed an array's length).
    /// </summary>
    internal static void RequireFits(Dataset data, int width, int outputs, long budget, bool fused)
    {
        int n = data.SampleCount, d = data.FeatureCount;
        long bytes = NetworkBytes(n, d, width, outputs, fused) + BatchBytes(n, d, fused);
        if (bytes > budget || (fused && (SumsFloats(n, d, width, outputs) > Array.MaxLength || (long)width * d > Array.MaxLength)))
            throw MemLabException.InvalidOptions(string.Create(CultureInfo.InvariantCulture,
                $"A network of width {width} on {n} points in R^{d} needs {Megabytes(bytes)} to train, above the memory budget of {Megabytes(budget)}. Raise --memory or lower the width."));
    }

    /// <summary>Whether the fused loop can train <paramref name="recipe"/>: full batch, no dropout, no time limit.</summary>
    public static bool Fusable(TrainOptions recipe, int samples)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return recipe.EffectiveBatchSize(samples) == samples && recipe.Dropout == 0 && recipe.TimeLimitSeconds is null;
    }

    /// <summary>
    /// Jobs in order, cut into batches of at most the budget and where their batch number changes
    /// (<see cref="TrainingJob.Batch"/>). The cut does not depend on the worker count (the batches'
    /// widths shape the products, and so their rounding on some backends); workers run whole batches at once while
    /// their memory together stays within the budget.
    /// </summary>
    private static List<TrainingBatch> Plan(Dataset data, IReadOnlyList<TrainingJob> jobs, int outputs, BatchedTrainingOptions options, bool fused)
    {
        int n = data.SampleCount, d = data.FeatureCount;
        long budget = options.MemoryBytes;
        var bytes = new long[jobs.Count];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = NetworkBytes(n, d, jobs[i].Width, outputs, fused);
        for (int i = 0; i < jobs.Count; i++) RequireFits(data, jobs[i].Width, outputs, budget, fused);
        var batches = new List<TrainingBatch>();
        var current = new List<int>();
        long shared = BatchBytes(n, d, fused), used = shared;
        int width = 0;
        for (int i = 0; i < jobs.Count; i++)
        {
            bool fits = used + bytes[i] <= budget && SumsFloats(n, d, width + jobs[i].Width, outputs) <= Array.MaxLength;
            if (current.Count > 0 && (!fits || jobs[i].Batch != jobs[current[^1]].Batch))
            {
                batches.Add(new TrainingBatch(current, width, used, fused));
                (current, used, width) = ([], shared, 0);
            }
            current.Add(i);
            used += bytes[i];
            width += jobs[i].Width;
        }
        if (current.Count > 0) batches.Add(new TrainingBatch(current, width, used, fused));
        return batches;
    }

    private static JobOutcome[] RunFused(Dataset data, TrainingTargets targets, TrainOptions recipe, TrainingJob[] jobs, int outputs, IBlas blas,
        double? tolerance, int threads)
    {
        var batch = new NetworkBatch(data, targets, recipe, jobs, outputs, blas, tolerance ?? Verification.DefaultTolerance, threads);
        batch.Run();
        return batch.Members.Select(member => Outcome(member.Job, member.StopReason!.Value, member.Steps, member.FirstMemorizedStep,
            member.Loss, member.Accuracy, member.Result, member.Verification)).ToArray();
    }

    private static JobOutcome RunAlone(Dataset data, TrainOptions recipe, TrainingJob job, IBlas blas)
    {
        var result = new Trainer(blas).Train(data, recipe with { Hidden = [job.Width] }, job.Seed);
        return Outcome(job, result.StopReason, result.Steps, result.FirstMemorizedStep, result.FinalLoss, result.TrainAccuracy, result.Network,
            result.TrainAccuracy == 1 ? result.Verification : null);
    }

    /// <summary>One job's outcome, the same record whether the job trained in a batch or alone.</summary>
    private static JobOutcome Outcome(TrainingJob job, StopReason reason, int steps, int? firstMemorized, double loss, double accuracy,
        Network? network, VerificationReport? verification) =>
        new() { Job = job, StopReason = reason, Steps = steps, FirstMemorizedStep = firstMemorized, FinalLoss = loss, TrainAccuracy = accuracy, Network = network, Verification = verification };

    /// <summary>Lets batches start while the bytes of the running ones stay within the budget (one always may).</summary>
    private sealed class MemoryGate(long budget)
    {
        private readonly object _lock = new();
        private long _running;

        public void Enter(long bytes)
        {
            lock (_lock)
            {
                while (_running > 0 && _running + bytes > budget) Monitor.Wait(_lock);
                _running += bytes;
            }
        }

        public void Leave(long bytes)
        {
            lock (_lock)
            {
                _running -= bytes;
                Monitor.PulseAll(_lock);
            }
        }
    }

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("G4", CultureInfo.InvariantCulture) + " MB";
}
