using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Training;

/// <summary>
/// The fused full-batch loop of <see cref="BatchedTraining"/>: K one-hidden-layer networks on the same points advance
/// together. Their first layers are one product [W_1 | ... | W_K] X^T (sum of widths x N) and their first-layer
/// gradients one product D^T X; each output layer, loss, gradient, optimizer state and memorization check is the
/// network's own. A network that memorizes (or diverges, or runs out of steps) leaves the batch, so the products
/// narrow as the batch goes.
/// </summary>
/// <remarks>
/// Activations and their gradients are stored unit-major (one row of N points per hidden unit), so that every
/// element-wise pass, output sum and bias gradient runs over long contiguous rows even when the networks are one unit
/// wide (<see cref="UnitMajor{T}"/>); a row-major N x (sum of widths) layout spent most of a narrow batch's time in
/// per-point loops over a handful of columns.
/// Equivalence with <see cref="Trainer"/>: each network keeps its parameters, gradients and optimizer state in the
/// layout the one-network trainer uses, and every entry gets the same operations in the same order as there (the
/// same loss and update code; <see cref="UnitMajor{T}"/> reproduces the row-major passes' order). What can differ is
/// how the BLAS sums one product entry in the transposed, wider products; memlab's managed backend sums every entry
/// over the inner dimension in the same order whatever the shape, which the tests check bit for bit.
/// </remarks>
internal sealed class NetworkBatch
{
    private readonly Dataset _data;
    private readonly TrainingTargets _targets;
    private readonly TrainOptions _recipe;
    private readonly IBlas _blas;
    private readonly Member[] _members;
    private readonly int _outputs;
    private readonly float[] _w1;
    private readonly float[] _b1;
    private readonly float[][] _hidden;
    private readonly float[][] _delta;
    private readonly float[] _sums;
    private readonly float[] _gradients;
    private readonly int _sumsStride;
    private readonly int _paddedInputs;
    private readonly float[] _transposed;
    private readonly int[] _transposedOffsets;
    private readonly float[] _padded;
    private readonly float[][] _lanes;
    private readonly int _split;
    private readonly int _threads;
    private readonly Action<int> _forwardHalf;
    private readonly Action<int> _backwardHalf;
    private List<Member> _active = [];
    private int _total;
    private readonly double _verificationTolerance;

    /// <summary>
    /// A batch of <paramref name="jobs"/> with <paramref name="outputs"/> outputs each; every job trains to its own end.
    /// With <paramref name="threads"/> of 2 or more, each step's two halves (<see cref="SplitPoint"/>) run on two threads.
    /// </summary>
    public NetworkBatch(Dataset data, TrainingTargets targets, TrainOptions recipe, IReadOnlyList<TrainingJob> jobs, int outputs, IBlas blas,
        double verificationTolerance, int threads)
    {
        _verificationTolerance = verificationTolerance;
        _data = data;
        _targets = targets;
        _recipe = recipe;
        _blas = blas;
        _outputs = outputs;
        int n = data.SampleCount, d = data.FeatureCount;
        // Plain loops over the jobs and blocks (value types): LINQ over them would be compiled just in time in every process.
        _members = new Member[jobs.Count];
        int total = 0;
        for (int i = 0; i < _members.Length; i++)
        {
            _members[i] = new Member(jobs[i], d, outputs, n, recipe);
            total += jobs[i].Width;
        }
        int rows = ChunkProducts.PaddedRows(total);
        _w1 = new float[checked(rows * d)];
        _b1 = new float[rows];
        int block = Math.Min(n, MaximumBlock);
        _hidden = [new float[checked(ChunkProducts.VectorStride(block) * rows)], new float[checked(ChunkProducts.VectorStride(block) * rows)]];
        _delta = [new float[_hidden[0].Length], new float[_hidden[0].Length]];
        _paddedInputs = ChunkProducts.VectorStride(d + 1);
        _sumsStride = checked(rows * _paddedInputs + total * outputs);
        _sums = new float[checked(PointChunks.Count(n) * _sumsStride)];
        _gradients = new float[_sumsStride];
        _split = SplitPoint(n);
        _lanes = [new float[Vector<float>.Count * block], new float[Vector<float>.Count * block]];
        // The points as the first-layer products read them: each block transposed, each point padded.
        _transposedOffsets = new int[PointChunks.Count(n)];
        var blocks = new List<(int Start, int Count)>(Blocks(0, _split == 0 ? n : _split));
        if (_split != 0) blocks.AddRange(Blocks(_split, n));
        long transposedLength = 0;
        foreach (var (_, count) in blocks) transposedLength += (long)d * ChunkProducts.VectorStride(count);
        _transposed = new float[checked(transposedLength)];
        int offset = 0;
        foreach (var (start, count) in blocks)
        {
            _transposedOffsets[start / PointChunks.Size] = offset;
            ChunkProducts.Transposed(data.Features, d, start, count, _transposed.AsSpan(offset));
            offset += d * ChunkProducts.VectorStride(count);
        }
        _padded = ChunkProducts.Padded(data.Features, n, d);
        _threads = threads;
        _forwardHalf = Forward;
        _backwardHalf = Backward;
    }

    /// <summary>
    /// Where a step's passes split the points in two (the forward product, the output layer, the loss and the hidden
    /// gradient and each chunk's gradient sums: each point's values depend on that point alone, each chunk's sums on
    /// that chunk alone) and the entries of the gradients (the chunk sums added up: each entry on its own): at the
    /// multiple of <see cref="PointChunks.Size"/> points nearest to half of <paramref name="points"/>, or 0 (no
    /// split) under 512 points. It depends on the data alone, never on the threads, and no value is summed across the
    /// two halves, so the bits are the same on one thread or two.
    /// </summary>
    internal static int SplitPoint(int points) => points < 512 ? 0 : (points / 2 + PointChunks.Size / 2) / PointChunks.Size * PointChunks.Size;

    /// <summary>The members, in job order, once <see cref="Run"/> returns.</summary>
    public IReadOnlyList<Member> Members => _members;

    /// <summary>Trains until every member has stopped.</summary>
    public void Run()
    {
        int n = _data.SampleCount, d = _data.FeatureCount, k = _outputs;
        float scale = 1f / n;
        float weightDecay = (float)_recipe.WeightDecay;
        using var helper = _threads > 1 && _split > 0 ? new HelperThread() : null;
        _active = _members.ToList();
        for (int step = 0; _active.Count > 0; step++)
        {
            _total = Assemble(_active);
            InHalves(helper, _forwardHalf);

            bool budgetOut = step >= _recipe.Steps;
            foreach (var member in _active)
            {
                int correct = member.HalfCorrect[0] + member.HalfCorrect[1];
                bool finite = member.HalfFinite[0] && member.HalfFinite[1];
                bool memorizedNow = correct == n && finite;
                // The loss itself is summed, over all points in order, only where the network may stop (its last check).
                double sum = finite ? 0 : double.NaN;
                if (budgetOut || memorizedNow || !finite) sum = _targets.Evaluate<float>(_recipe.Loss, member.Outputs.AsSpan(), 0, n, k, [], scale).Sum;
                member.Check(step, sum / n, (double)correct / n, double.IsFinite(sum), correct == n, budgetOut, _recipe.StopWhenMemorized);
                if (member.StopReason is not null) Finish(member);
            }
            _active.RemoveAll(m => m.StopReason is not null);
            if (_active.Count == 0) break;
            // The chunk sums of the members that stopped are added up too (each entry on its own); nobody reads them.
            // Where that is little work, this thread does it alone rather than hand half of it over.
            if ((long)GradientLength * PointChunks.Count(n) < InlineSums) AddChunkSums(0, GradientLength);
            else InHalves(helper, _backwardHalf);

            int p = _paddedInputs;
            var gw2 = _gradients.AsSpan(ChunkProducts.PaddedRows(_total) * p, _total * k);
            foreach (var member in _active)
            {
                var net = member.Network;
                var gradW2 = net.Weights(net.Gradients, 1);
                gw2.Slice(member.Offset * k, member.Width * k).CopyTo(gradW2);
                if (weightDecay != 0) TensorPrimitives.MultiplyAdd(net.Weights(net.Parameters, 1), weightDecay, gradW2, gradW2);
                member.AddOutputBiasSums(net.Biases(net.Gradients, 1));
                // Row j of the first layer's sums: unit j's weight gradient, then its bias gradient in column d.
                var gradW1 = net.Weights(net.Gradients, 0);
                var gradB1 = net.Biases(net.Gradients, 0);
                for (int j = 0; j < member.Width; j++)
                {
                    var row = _gradients.AsSpan((member.Offset + j) * p, d + 1);
                    row[..d].CopyTo(gradW1.Slice(j * d, d));
                    gradB1[j] = row[d];
                }
                if (weightDecay != 0) TensorPrimitives.MultiplyAdd(net.Weights(net.Parameters, 0), weightDecay, gradW1, gradW1);
                member.Update.Apply(net.Parameters, net.Gradients);
            }
        }
    }

    /// <summary>Runs both halves of a pass: on the helper thread and this one, or one after the other; without a split, half 0 is everything.</summary>
    private void InHalves(HelperThread? helper, Action<int> half)
    {
        if (helper is not null) helper.RunHalves(half);
        else
        {
            half(0);
            if (_split > 0) half(1);
        }
    }

    /// <summary>
    /// The forward pass of one half of the points (every point without a split), block by block: hidden activations,
    /// each member's outputs, loss gradient, count of points memorized and the hidden layer's gradient, and each
    /// chunk's gradient sums (<see cref="ChunkSums"/>), computed for every member, also those that stop at this step's check.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward(int half)
    {
        int n = _data.SampleCount;
        var (start, end) = _split == 0 ? (0, n) : half == 0 ? (0, _split) : (_split, n);
        foreach (var member in _active) (member.HalfCorrect[half], member.HalfFinite[half]) = (0, true);
        foreach (var (from, count) in Blocks(start, end)) ForwardBlock(half, from, count);
    }

    /// <summary>
    /// The blocks of points <paramref name="start"/> .. <paramref name="end"/> - 1 (start a multiple of
    /// <see cref="PointChunks.Size"/>): a block is a chunk; the last one takes in a remainder under
    /// <see cref="MinimumBlock"/> points, so that every block's passes see whole vectors as the one-network trainer's do.
    /// </summary>
    private static IEnumerable<(int Start, int Count)> Blocks(int start, int end)
    {
        for (int from = start; from < end;)
        {
            int count = Math.Min(PointChunks.Size, end - from);
            if (end - from - count < MinimumBlock) count = end - from;
            yield return (from, count);
            from += count;
        }
    }

    /// <summary>The smallest block of points of a forward pass.</summary>
    internal const int MinimumBlock = 64;

    /// <summary>The largest block: a chunk and a remainder under <see cref="MinimumBlock"/>.</summary>
    internal const int MaximumBlock = PointChunks.Size + MinimumBlock - 1;

    /// <summary>
    /// The forward pass over points <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> - 1
    /// of one half, into that half's block buffers (unit-major, rows of <paramref name="count"/> points rounded up to
    /// whole vectors), then the block's chunk sums while its activations and gradients are in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardBlock(int half, int start, int count)
    {
        int d = _data.FeatureCount, k = _outputs, rows = ChunkProducts.PaddedRows(_total), stride = ChunkProducts.VectorStride(count);
        var hidden = _hidden[half].AsSpan(0, rows * stride);
        var delta = _delta[half].AsSpan(0, rows * stride);
        // Unit-major: row j of hidden holds unit j's activations on the block's points.
        ChunkProducts.Forward(_w1, rows, d, _b1, _transposed.AsSpan(_transposedOffsets[start / PointChunks.Size]), stride, hidden);
        foreach (var member in _active)
        {
            var net = member.Network;
            int w = member.Width;
            var units = hidden[(member.Offset * stride)..];
            var unitDelta = delta[(member.Offset * stride)..];
            var outputs = member.Outputs.AsSpan(start * k, count * k);
            var gradient = member.OutputGradient.AsSpan(start * k, count * k);
            var w2 = net.Weights(net.Parameters, 1);
            if (k == 1) UnitMajor<float>.Output(units, stride, count, w2, net.Biases(net.Parameters, 1)[0], outputs, _lanes[half]);
            else
            {
                _blas.Sgemm(Transpose.Yes, Transpose.Yes, count, k, w, 1f, units, stride, w2, w, 0f, outputs, k);
                Mlp<float>.AddBiasRows(outputs, count, net.Biases(net.Parameters, 1), relu: false);
            }
            var (sum, correct) = _targets.Evaluate(_recipe.Loss, outputs, start, count, k, gradient, 1f / _data.SampleCount, computeLoss: false);
            member.HalfCorrect[half] += correct;
            member.HalfFinite[half] &= double.IsFinite(sum);
            if (k == 1) UnitMajor<float>.Backprop(gradient, w2, units, stride, count, unitDelta);
            else
            {
                _blas.Sgemm(Transpose.Yes, Transpose.Yes, w, count, k, 1f, w2, w, gradient, k, 0f, unitDelta, stride);
                for (int j = 0; j < w; j++) Mlp<float>.ReluBackward(unitDelta.Slice(j * stride, count), units.Slice(j * stride, count));
            }
        }
        for (int chunk = start; chunk < start + count; chunk += PointChunks.Size)
            ChunkSums(half, start, stride, chunk, Math.Min(PointChunks.Size, start + count - chunk));
    }

    /// <summary>
    /// The sums over the points <paramref name="chunk"/> .. + <paramref name="size"/> - 1 (one chunk of
    /// <see cref="PointChunks"/>, inside the block at <paramref name="start"/> whose rows are <paramref name="stride"/>
    /// apart), each from zero and in order, into the chunk's row of the sums: the first layer's weight gradient and, in
    /// its column d, the hidden biases' gradient (one product, <see cref="ChunkProducts.Gradient"/>), then the output
    /// weights' gradient, and each member's sum of its output gradient (its output biases' gradient).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ChunkSums(int half, int start, int stride, int chunk, int size)
    {
        int k = _outputs, rows = ChunkProducts.PaddedRows(_total), offset = chunk - start;
        var sums = _sums.AsSpan(chunk / PointChunks.Size * _sumsStride, _sumsStride);
        var hidden = _hidden[half].AsSpan(0, rows * stride);
        var delta = _delta[half].AsSpan(0, rows * stride);
        ChunkProducts.Gradient(delta[offset..], rows, stride, size, _padded.AsSpan(chunk * _paddedInputs, size * _paddedInputs), _paddedInputs,
            sums[..(rows * _paddedInputs)]);
        var gw2 = sums.Slice(rows * _paddedInputs, _total * k);
        foreach (var member in _active)
        {
            int w = member.Width;
            var units = hidden[(member.Offset * stride + offset)..];
            var gradient = member.OutputGradient.AsSpan(chunk * k, size * k);
            if (k == 1) UnitMajor<float>.WeightGradient(gradient, units, stride, size, gw2.Slice(member.Offset, w));
            else _blas.Sgemm(Transpose.Yes, Transpose.Yes, k, w, size, 1f, gradient, k, units, stride, 0f, gw2.Slice(member.Offset * k, w * k), w);
            member.OutputBiasSum(chunk / PointChunks.Size, size);
        }
    }

    /// <summary>The length of the gradients (and of a chunk's sums) at the current step: the first layer's rows, then the output weights.</summary>
    private int GradientLength => ChunkProducts.PaddedRows(_total) * _paddedInputs + _total * _outputs;

    /// <summary>
    /// One half of the entries of the gradients (all of them without a split): the chunk sums added up, chunk by chunk
    /// in order, to a zeroed total.
    /// </summary>
    private void Backward(int half)
    {
        int length = GradientLength;
        var (first, end) = _split == 0 ? (0, length) : half == 0 ? (0, length / 2) : (length / 2, length);
        AddChunkSums(first, end);
    }

    /// <summary>Below this many additions, the chunk sums are added up on one thread (a hand-over costs more).</summary>
    private const long InlineSums = 1 << 16;

    /// <summary>Entries <paramref name="first"/> .. <paramref name="end"/> - 1 of the gradients: the chunk sums added up in order to a zeroed total.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddChunkSums(int first, int end)
    {
        var total = _gradients.AsSpan(first, end - first);
        total.Clear();
        for (int chunk = 0; chunk < PointChunks.Count(_data.SampleCount); chunk++)
            TensorPrimitives.Add(total, _sums.AsSpan(chunk * _sumsStride + first, end - first), total);
    }

    /// <summary>
    /// The float64 network of a member that stopped (none when it diverged), verified on every point when it claims to
    /// memorize.
    /// </summary>
    private void Finish(Member member)
    {
        if (member.StopReason == StopReason.Diverged) return;
        member.Result = Trainer.ToNetwork(member.Network, _recipe with { Hidden = [member.Width] }, member.Job.Seed, _data);
        if (member.Accuracy == 1) member.Verification = Verification.Verify(member.Result, _data, _blas, _verificationTolerance);
    }

    /// <summary>Lays the active members' first layers side by side in the shared buffers; returns the total width.</summary>
    private int Assemble(List<Member> active)
    {
        int d = _data.FeatureCount, offset = 0;
        foreach (var member in active)
        {
            var net = member.Network;
            member.Offset = offset;
            net.Weights(net.Parameters, 0).CopyTo(_w1.AsSpan(offset * d));
            net.Biases(net.Parameters, 0).CopyTo(_b1.AsSpan(offset));
            offset += member.Width;
        }
        // The rows that pad the last tile compute values nobody reads; zero weights keep them finite.
        _w1.AsSpan(offset * d, (ChunkProducts.PaddedRows(offset) - offset) * d).Clear();
        _b1.AsSpan(offset, ChunkProducts.PaddedRows(offset) - offset).Clear();
        return offset;
    }

    /// <summary>One network of the batch: its parameters (in the one-network trainer's layout), optimizer state, outputs and status.</summary>
    internal sealed class Member
    {
        public Member(TrainingJob job, int inputs, int outputs, int samples, TrainOptions recipe)
        {
            Job = job;
            Network = new Mlp<float>([inputs, job.Width, outputs], 0, 0);
            InitialWeights.Fill(Network, recipe.Initialization, recipe.InitScale, job.Seed.Derive("init"));
            Update = new ParameterUpdate<float>(recipe, Network.Parameters.Length);
            Outputs = new float[samples * outputs];
            OutputGradient = new float[Outputs.Length];
            _outputCount = outputs;
            _outputBiasSums = new float[PointChunks.Count(samples) * outputs];
        }

        public TrainingJob Job { get; }

        public int Width => Job.Width;

        public Mlp<float> Network { get; }

        public ParameterUpdate<float> Update { get; }

        public float[] Outputs { get; }

        public float[] OutputGradient { get; }

        private readonly int _outputCount;

        private readonly float[] _outputBiasSums;

        /// <summary>
        /// Chunk <paramref name="chunk"/>'s sum of the output gradient (<paramref name="size"/> points from the chunk's
        /// first), for each output: the points in order, from zero.
        /// </summary>
        public void OutputBiasSum(int chunk, int size)
        {
            int k = _outputCount;
            var gradient = OutputGradient.AsSpan(chunk * PointChunks.Size * k, size * k);
            for (int o = 0; o < k; o++)
            {
                float sum = 0;
                for (int i = o; i < gradient.Length; i += k) sum += gradient[i];
                _outputBiasSums[chunk * k + o] = sum;
            }
        }

        /// <summary>
        /// The output biases' gradient: the chunks' sums added in order to zero, the order of the one-network trainer's
        /// <see cref="Mlp{T}.SumRows"/>.
        /// </summary>
        public void AddOutputBiasSums(Span<float> gradient)
        {
            gradient.Clear();
            for (int c = 0; c < _outputBiasSums.Length; c += gradient.Length)
                for (int o = 0; o < gradient.Length; o++) gradient[o] += _outputBiasSums[c + o];
        }

        /// <summary>Points memorized at this step's check, in each half of the points.</summary>
        public int[] HalfCorrect { get; } = new int[2];

        /// <summary>Whether the loss was finite at this step's check, in each half of the points.</summary>
        public bool[] HalfFinite { get; } = [true, true];

        /// <summary>The first column of this network in the shared buffers at the current step.</summary>
        public int Offset { get; set; }

        public StopReason? StopReason { get; private set; }

        public int Steps { get; private set; }

        public int? FirstMemorizedStep { get; private set; }

        public double Loss { get; private set; } = double.NaN;

        public double Accuracy { get; private set; }

        /// <summary>The trained network in float64, once stopped (null when it diverged or was stopped as decided).</summary>
        public Network? Result { get; set; }

        /// <summary>The float64 check on every point of a stopped network that memorized in float32; null otherwise.</summary>
        public VerificationReport? Verification { get; set; }

        /// <summary>The check at <paramref name="step"/>, with the one-network trainer's stopping rule.</summary>
        public void Check(int step, double loss, double accuracy, bool finite, bool allMemorized, bool budgetOut, bool stopWhenMemorized)
        {
            Loss = loss;
            Accuracy = accuracy;
            if (finite && allMemorized) FirstMemorizedStep ??= step;
            StopReason? stop = !finite ? Training.StopReason.Diverged : allMemorized && stopWhenMemorized ? Training.StopReason.Memorized
                : budgetOut ? Training.StopReason.StepBudget : null;
            if (stop is { } reason) Stop(reason, step);
        }

        private void Stop(StopReason reason, int step)
        {
            StopReason = reason;
            Steps = step;
        }
    }
}
