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
/// Activations and their gradients are stored unit-major block by block (per block of points, one row per hidden unit, padded to whole vectors),
/// so that every
/// element-wise pass, output sum and bias gradient runs over long contiguous rows even when the networks are one unit
/// wide (<see cref="UnitMajor{T}"/>); a row-major N x (sum of widths) layout spent most of a narrow batch's time in
/// per-point loops over a handful of columns.
/// Equivalence with <see cref="Trainer"/>: each network keeps its parameters, gradients and optimizer state in the
/// layout the one-network trainer uses, and every entry gets the same operations in the same order as there (the
/// same loss and update code; <see cref="UnitMajor{T}"/> reproduces the row-major passes' order). The first-layer
/// products run in <see cref="ChunkProducts"/>, which sums each entry in the managed GEMM's order; what can differ
/// is how an OpenBLAS backend sums an entry of the output products of several outputs; memlab's managed backend sums
/// every entry over the inner dimension in the same order whatever the shape, which the tests check bit for bit.
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
    private readonly CacheAlignedArray<float>[] _hidden;
    private readonly CacheAlignedArray<float>[] _delta;
    private readonly CacheAlignedArray<float> _sums;
    private readonly float[] _gradients;
    private readonly int _sumsStride;
    private readonly int _paddedInputs;
    private readonly CacheAlignedArray<float> _transposed;
    private readonly int[] _transposedOffsets;
    private readonly CacheAlignedArray<float> _padded;
    private readonly float[][] _lanes;
    private readonly (int Start, int Count)[] _blocks;
    private readonly int _threads;
    private readonly Action<int, int> _forwardBlock;
    private readonly Action<int, int> _sumsPiece;
    private int _pieceLength;
    private List<Member> _active = [];
    private int _total;
    private readonly double _verificationTolerance;

    /// <summary>
    /// A batch of <paramref name="jobs"/> with <paramref name="outputs"/> outputs each; every job trains to its own end.
    /// With <paramref name="threads"/> of 2 or more, two threads share each step's blocks of points and pieces of the
    /// gradients (<see cref="HelperThread"/>).
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
        // Cache-line aligned, with rows of whole vectors (each chunk's sums too), so that no vector load straddles two lines.
        int blockFloats = checked(ChunkProducts.VectorStride(block) * rows);
        _hidden = [new CacheAlignedArray<float>(blockFloats), new CacheAlignedArray<float>(blockFloats)];
        _delta = [new CacheAlignedArray<float>(blockFloats), new CacheAlignedArray<float>(blockFloats)];
        _paddedInputs = ChunkProducts.VectorStride(d + 1);
        _sumsStride = ChunkProducts.VectorStride(checked(rows * _paddedInputs + total * outputs));
        _sums = new CacheAlignedArray<float>(checked(PointChunks.Count(n) * _sumsStride));
        _gradients = new float[_sumsStride];
        _lanes = [new float[Vector<float>.Count * block], new float[Vector<float>.Count * block]];
        // The points as the first-layer products read them: each block transposed, each point padded.
        _transposedOffsets = new int[PointChunks.Count(n)];
        _blocks = Blocks(n);
        long transposedLength = 0;
        foreach (var (_, count) in _blocks) transposedLength += (long)d * ChunkProducts.VectorStride(count);
        _transposed = new CacheAlignedArray<float>(checked((int)transposedLength));
        int offset = 0;
        foreach (var (start, count) in _blocks)
        {
            _transposedOffsets[start / PointChunks.Size] = offset;
            ChunkProducts.Transposed(data.Features, d, start, count, _transposed.Span[offset..]);
            offset += d * ChunkProducts.VectorStride(count);
        }
        _padded = new CacheAlignedArray<float>(checked(n * _paddedInputs));
        ChunkProducts.Padded(data.Features, n, d, _padded.Span);
        _threads = threads;
        _forwardBlock = (thread, item) => ForwardBlock(thread, _blocks[item].Start, _blocks[item].Count);
        _sumsPiece = (_, item) => AddChunkSums(item * _pieceLength, Math.Min(GradientLength, (item + 1) * _pieceLength));
    }

    /// <summary>The members, in job order, once <see cref="Run"/> returns.</summary>
    public IReadOnlyList<Member> Members => _members;

    /// <summary>Trains until every member has stopped.</summary>
    public void Run()
    {
        int n = _data.SampleCount, d = _data.FeatureCount, k = _outputs;
        float scale = 1f / n;
        float weightDecay = (float)_recipe.WeightDecay;
        using var helper = _threads > 1 && _blocks.Length > 1 ? new HelperThread() : null;
        _active = _members.ToList();
        for (int step = 0; _active.Count > 0; step++)
        {
            _total = Assemble(_active);
            foreach (var member in _active) member.ResetCounts();
            InParallel(helper, _blocks.Length, _forwardBlock);

            bool budgetOut = step >= _recipe.Steps;
            foreach (var member in _active)
            {
                int correct = member.Correct;
                bool finite = member.Finite;
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
            // Where that is little work, this thread does it alone rather than share it.
            long additions = (long)GradientLength * PointChunks.Count(n);
            if (helper is null || additions < InlineSums) AddChunkSums(0, GradientLength);
            else
            {
                int pieces = (int)Math.Min(MaximumPieces, additions / (InlineSums / 2));
                _pieceLength = ChunkProducts.VectorStride((GradientLength + pieces - 1) / pieces);
                InParallel(helper, (GradientLength + _pieceLength - 1) / _pieceLength, _sumsPiece);
            }

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

    /// <summary>
    /// Runs items 0 .. <paramref name="count"/> - 1 of a pass: shared by this thread and the helper, or in order on
    /// this one. Every item computes values of its own (a block's points, a piece's entries), so the bits do not depend
    /// on which thread runs it.
    /// </summary>
    private static void InParallel(HelperThread? helper, int count, Action<int, int> item)
    {
        if (helper is not null) helper.Run(count, item);
        else
            for (int i = 0; i < count; i++) item(0, i);
    }

    /// <summary>
    /// The blocks of a forward pass over <paramref name="points"/> points: a block is a chunk of
    /// <see cref="PointChunks"/>; the last one takes in a remainder under <see cref="MinimumBlock"/> points, so that
    /// every block's passes see whole vectors as the one-network trainer's do. Each block's values (the forward
    /// product, the output layer, the loss and the hidden gradient) depend on its points alone, and so do its chunk's
    /// gradient sums.
    /// </summary>
    internal static (int Start, int Count)[] Blocks(int points)
    {
        var blocks = new List<(int, int)>();
        for (int from = 0; from < points;)
        {
            int count = Math.Min(PointChunks.Size, points - from);
            if (points - from - count < MinimumBlock) count = points - from;
            blocks.Add((from, count));
            from += count;
        }
        return [.. blocks];
    }

    /// <summary>The smallest block of points of a forward pass.</summary>
    internal const int MinimumBlock = 64;

    /// <summary>The largest block: a chunk and a remainder under <see cref="MinimumBlock"/>.</summary>
    internal const int MaximumBlock = PointChunks.Size + MinimumBlock - 1;

    /// <summary>
    /// The forward pass over points <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> - 1
    /// on thread <paramref name="thread"/>, into that thread's block buffers (unit-major, rows of <paramref name="count"/>
    /// points rounded up to whole vectors): hidden activations, each member's outputs, loss gradient, count of points
    /// memorized and the hidden layer's gradient, for every member, also those that stop at this step's check; then the
    /// block's chunk sums (<see cref="ChunkSums"/>) while its activations and gradients are in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardBlock(int thread, int start, int count)
    {
        int d = _data.FeatureCount, k = _outputs, rows = ChunkProducts.PaddedRows(_total), stride = ChunkProducts.VectorStride(count);
        var hidden = _hidden[thread].Span[..(rows * stride)];
        var delta = _delta[thread].Span[..(rows * stride)];
        // Unit-major: row j of hidden holds unit j's activations on the block's points.
        ChunkProducts.Forward(_w1, rows, d, _b1, _transposed.Span[_transposedOffsets[start / PointChunks.Size]..], stride, hidden);
        foreach (var member in _active)
        {
            var net = member.Network;
            int w = member.Width;
            var units = hidden[(member.Offset * stride)..];
            var unitDelta = delta[(member.Offset * stride)..];
            var outputs = member.Outputs.AsSpan(start * k, count * k);
            var gradient = member.OutputGradient.AsSpan(start * k, count * k);
            var w2 = net.Weights(net.Parameters, 1);
            if (k == 1) UnitMajor<float>.Output(units, stride, count, w2, net.Biases(net.Parameters, 1)[0], outputs, _lanes[thread]);
            else
            {
                _blas.Sgemm(Transpose.Yes, Transpose.Yes, count, k, w, 1f, units, stride, w2, w, 0f, outputs, k);
                Mlp<float>.AddBiasRows(outputs, count, net.Biases(net.Parameters, 1), relu: false);
            }
            var (sum, correct) = _targets.Evaluate(_recipe.Loss, outputs, start, count, k, gradient, 1f / _data.SampleCount, computeLoss: false);
            member.CountBlock(thread, correct, double.IsFinite(sum));
            if (k == 1) UnitMajor<float>.Backprop(gradient, w2, units, stride, count, unitDelta);
            else
            {
                _blas.Sgemm(Transpose.Yes, Transpose.Yes, w, count, k, 1f, w2, w, gradient, k, 0f, unitDelta, stride);
                for (int j = 0; j < w; j++) Mlp<float>.ReluBackward(unitDelta.Slice(j * stride, count), units.Slice(j * stride, count));
            }
        }
        for (int chunk = start; chunk < start + count; chunk += PointChunks.Size)
            ChunkSums(thread, start, stride, chunk, Math.Min(PointChunks.Size, start + count - chunk));
    }

    /// <summary>
    /// The sums over the points <paramref name="chunk"/> .. + <paramref name="size"/> - 1 (one chunk of
    /// <see cref="PointChunks"/>, inside the block at <paramref name="start"/> whose rows are <paramref name="stride"/>
    /// apart), each from zero and in order, into the chunk's row of the sums: the first layer's weight gradient and, in
    /// its column d, the hidden biases' gradient (one product, <see cref="ChunkProducts.Gradient"/>), then the output
    /// weights' gradient, and each member's sum of its output gradient (its output biases' gradient).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ChunkSums(int thread, int start, int stride, int chunk, int size)
    {
        int k = _outputs, rows = ChunkProducts.PaddedRows(_total), offset = chunk - start;
        var sums = _sums.Span.Slice(chunk / PointChunks.Size * _sumsStride, _sumsStride);
        var hidden = _hidden[thread].Span[..(rows * stride)];
        var delta = _delta[thread].Span[..(rows * stride)];
        ChunkProducts.Gradient(delta[offset..], rows, stride, size, _padded.Span.Slice(chunk * _paddedInputs, size * _paddedInputs), _paddedInputs, _data.FeatureCount + 1,
            sums[..(rows * _paddedInputs)]);
        var gw2 = sums.Slice(rows * _paddedInputs, _total * k);
        foreach (var member in _active)
        {
            int w = member.Width;
            var units = hidden[(member.Offset * stride + offset)..];
            var gradient = member.OutputGradient.AsSpan(chunk * k, size * k);
            if (k == 1) member.SetOutputBiasSum(chunk / PointChunks.Size, UnitMajor<float>.WeightGradient(gradient, units, stride, size, gw2.Slice(member.Offset, w)));
            else
            {
                _blas.Sgemm(Transpose.Yes, Transpose.Yes, k, w, size, 1f, gradient, k, units, stride, 0f, gw2.Slice(member.Offset * k, w * k), w);
                member.OutputBiasSum(chunk / PointChunks.Size, size);
            }
        }
    }

    /// <summary>The length of the gradients (and of a chunk's sums) at the current step: the first layer's rows, then the output weights.</summary>
    private int GradientLength => ChunkProducts.PaddedRows(_total) * _paddedInputs + _total * _outputs;

    /// <summary>Below this many additions, the chunk sums are added up on one thread (a hand-over costs more).</summary>
    private const long InlineSums = 1 << 16;

    /// <summary>The most pieces the adding up of the chunk sums is cut into when two threads share it (at least <see cref="InlineSums"/> / 2 additions each).</summary>
    private const int MaximumPieces = 8;

    /// <summary>Entries <paramref name="first"/> .. <paramref name="end"/> - 1 of the gradients: the chunk sums added up in order to a zeroed total.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddChunkSums(int first, int end)
    {
        var total = _gradients.AsSpan(first, end - first);
        total.Clear();
        for (int chunk = 0; chunk < PointChunks.Count(_data.SampleCount); chunk++)
            TensorPrimitives.Add(total, _sums.Span.Slice(chunk * _sumsStride + first, end - first), total);
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
            _chunkStride = (outputs + LineFloats - 1) / LineFloats * LineFloats;
            _outputBiasSums = new float[PointChunks.Count(samples) * _chunkStride];
        }

        public TrainingJob Job { get; }

        public int Width => Job.Width;

        public Mlp<float> Network { get; }

        public ParameterUpdate<float> Update { get; }

        public float[] Outputs { get; }

        public float[] OutputGradient { get; }

        private readonly int _outputCount;

        /// <summary>
        /// Four-byte entries per cache line: the two threads' counts and each chunk's output-bias sums lie a line apart,
        /// so that the threads, which write them block by block, do not take the line from each other.
        /// </summary>
        private const int LineFloats = 16;

        /// <summary>Each chunk's output-bias sums, <see cref="_chunkStride"/> apart.</summary>
        private readonly float[] _outputBiasSums;

        private readonly int _chunkStride;

        /// <summary>Per thread, a line apart: points memorized at this step's check, and 1 where the loss was not finite, on the blocks it ran.</summary>
        private readonly int[] _counts = new int[2 * LineFloats];

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
                _outputBiasSums[chunk * _chunkStride + o] = sum;
            }
        }

        /// <summary>Sets chunk <paramref name="chunk"/>'s sum of the output gradient of a network with one output (summed as <see cref="OutputBiasSum"/> sums it).</summary>
        public void SetOutputBiasSum(int chunk, float sum) => _outputBiasSums[chunk * _chunkStride] = sum;

        /// <summary>
        /// The output biases' gradient: the chunks' sums added in order to zero, the order of the one-network trainer's
        /// <see cref="Mlp{T}.SumRows"/>.
        /// </summary>
        public void AddOutputBiasSums(Span<float> gradient)
        {
            gradient.Clear();
            for (int c = 0; c < _outputBiasSums.Length; c += _chunkStride)
                for (int o = 0; o < gradient.Length; o++) gradient[o] += _outputBiasSums[c + o];
        }

        /// <summary>Counts one block that <paramref name="thread"/> ran: its points memorized and whether its loss was finite.</summary>
        public void CountBlock(int thread, int correct, bool finite)
        {
            _counts[thread * LineFloats] += correct;
            if (!finite) _counts[thread * LineFloats + 1] = 1;
        }

        /// <summary>Points memorized at this step's check (once every block has run).</summary>
        public int Correct => _counts[0] + _counts[LineFloats];

        /// <summary>Whether the loss was finite on every block at this step's check.</summary>
        public bool Finite => _counts[1] == 0 && _counts[LineFloats + 1] == 0;

        /// <summary>Zeroes the counts before a step's blocks.</summary>
        public void ResetCounts() => Array.Clear(_counts);

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
