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
    private readonly float[] _hidden;
    private readonly float[] _delta;
    private readonly float[] _g1;
    private readonly float[] _gb1;
    private readonly float[] _ones;
    private readonly float[] _lanes;
    private readonly double _verificationTolerance;

    /// <summary>A batch of <paramref name="jobs"/> with <paramref name="outputs"/> outputs each; every job trains to its own end.</summary>
    public NetworkBatch(Dataset data, TrainingTargets targets, TrainOptions recipe, IReadOnlyList<TrainingJob> jobs, int outputs, IBlas blas,
        double verificationTolerance)
    {
        _verificationTolerance = verificationTolerance;
        _data = data;
        _targets = targets;
        _recipe = recipe;
        _blas = blas;
        _outputs = outputs;
        int n = data.SampleCount, d = data.FeatureCount;
        _members = jobs.Select(job => new Member(job, d, outputs, n, recipe)).ToArray();
        int total = jobs.Sum(j => j.Width);
        _w1 = new float[checked(total * d)];
        _b1 = new float[total];
        _hidden = new float[checked(n * total)];
        _delta = new float[_hidden.Length];
        _g1 = new float[_w1.Length];
        _gb1 = new float[total];
        _ones = new float[n];
        Array.Fill(_ones, 1f);
        _lanes = new float[Vector<float>.Count * n];
    }

    /// <summary>The members, in job order, once <see cref="Run"/> returns.</summary>
    public IReadOnlyList<Member> Members => _members;

    /// <summary>Trains until every member has stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run()
    {
        int n = _data.SampleCount, d = _data.FeatureCount, k = _outputs;
        float scale = 1f / n;
        float weightDecay = (float)_recipe.WeightDecay;
        var active = _members.ToList();
        for (int step = 0; active.Count > 0; step++)
        {
            int total = Assemble(active);
            var hidden = _hidden.AsSpan(0, n * total);
            var delta = _delta.AsSpan(0, n * total);
            // Unit-major: row j of hidden holds unit j's activations on all N points.
            _blas.Sgemm(Transpose.No, Transpose.Yes, total, n, d, 1f, _w1, d, _data.Features, d, 0f, hidden, n);
            UnitMajor<float>.AddBiasRelu(hidden, n, _b1.AsSpan(0, total));

            bool budgetOut = step >= _recipe.Steps;
            foreach (var member in active)
            {
                var net = member.Network;
                var units = hidden.Slice(member.Offset * n, member.Width * n);
                if (k == 1) UnitMajor<float>.Output(units, n, net.Weights(net.Parameters, 1), net.Biases(net.Parameters, 1)[0], member.Outputs, _lanes);
                else
                {
                    _blas.Sgemm(Transpose.Yes, Transpose.Yes, n, k, member.Width, 1f, units, n, net.Weights(net.Parameters, 1), member.Width, 0f, member.Outputs, k);
                    Mlp<float>.AddBiasRows(member.Outputs, n, net.Biases(net.Parameters, 1), relu: false);
                }
                // The loss itself is summed only where the network may stop (its last check), as the stop records it.
                var (sum, correct) = _targets.Evaluate(_recipe.Loss, member.Outputs.AsSpan(), 0, n, k, member.OutputGradient, scale, computeLoss: budgetOut);
                bool memorizedNow = correct == n && double.IsFinite(sum);
                if (!budgetOut && (memorizedNow || !double.IsFinite(sum)))
                    sum = _targets.Evaluate<float>(_recipe.Loss, member.Outputs.AsSpan(), 0, n, k, [], scale).Sum;
                member.Check(step, sum / n, (double)correct / n, double.IsFinite(sum), correct == n, budgetOut, _recipe.StopWhenMemorized);
                if (member.StopReason is not null) Finish(member);
            }
            active.RemoveAll(m => m.StopReason is not null);
            if (active.Count == 0) break;
            // A member that stopped leaves no gap in the backward product: the survivors' rows move up.
            int kept = Compact(active, n);
            if (kept != total)
            {
                total = kept;
                hidden = _hidden.AsSpan(0, n * total);
                delta = _delta.AsSpan(0, n * total);
            }

            foreach (var member in active)
            {
                var net = member.Network;
                int w = member.Width;
                var units = hidden.Slice(member.Offset * n, w * n);
                var unitDelta = delta.Slice(member.Offset * n, w * n);
                var gradW2 = net.Weights(net.Gradients, 1);
                if (k == 1) UnitMajor<float>.WeightGradient(member.OutputGradient, units, n, gradW2);
                else _blas.Sgemm(Transpose.Yes, Transpose.Yes, k, w, n, 1f, member.OutputGradient, k, units, n, 0f, gradW2, w);
                if (weightDecay != 0) TensorPrimitives.MultiplyAdd(net.Weights(net.Parameters, 1), weightDecay, gradW2, gradW2);
                Mlp<float>.SumRows(member.OutputGradient, n, net.Biases(net.Gradients, 1));
                if (k == 1) UnitMajor<float>.Backprop(member.OutputGradient, net.Weights(net.Parameters, 1), units, n, unitDelta);
                else
                {
                    _blas.Sgemm(Transpose.Yes, Transpose.Yes, w, n, k, 1f, net.Weights(net.Parameters, 1), w, member.OutputGradient, k, 0f, unitDelta, n);
                    Mlp<float>.ReluBackward(unitDelta, units);
                }
            }
            var g1 = _g1.AsSpan(0, total * d);
            var gb1 = _gb1.AsSpan(0, total);
            _blas.Sgemm(Transpose.No, Transpose.No, total, d, n, 1f, delta, n, _data.Features, d, 0f, g1, d);
            UnitMajor<float>.WeightGradient(_ones, delta, n, gb1);
            foreach (var member in active)
            {
                var net = member.Network;
                var gradW1 = net.Weights(net.Gradients, 0);
                g1.Slice(member.Offset * d, member.Width * d).CopyTo(gradW1);
                if (weightDecay != 0) TensorPrimitives.MultiplyAdd(net.Weights(net.Parameters, 0), weightDecay, gradW1, gradW1);
                gb1.Slice(member.Offset, member.Width).CopyTo(net.Biases(net.Gradients, 0));
                member.Update.Apply(net.Parameters, net.Gradients);
            }
        }
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

    /// <summary>Moves the active members' rows of the hidden activations up to close the gaps of members that stopped; returns their total width.</summary>
    private int Compact(List<Member> active, int points)
    {
        int offset = 0;
        foreach (var member in active)
        {
            if (member.Offset != offset)
                _hidden.AsSpan(member.Offset * points, member.Width * points).CopyTo(_hidden.AsSpan(offset * points));
            member.Offset = offset;
            offset += member.Width;
        }
        return offset;
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
        }

        public TrainingJob Job { get; }

        public int Width => Job.Width;

        public Mlp<float> Network { get; }

        public ParameterUpdate<float> Update { get; }

        public float[] Outputs { get; }

        public float[] OutputGradient { get; }

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
