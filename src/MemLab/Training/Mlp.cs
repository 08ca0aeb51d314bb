using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MemLab.LinearAlgebra;

namespace MemLab.Training;

/// <summary>
/// A dense ReLU network being trained: its parameters in one flat buffer (per layer W row-major out x in, then b),
/// the matching gradient buffer, and every activation buffer a batch of up to <see cref="Capacity"/> rows needs,
/// all allocated once. <see cref="Forward"/> and <see cref="Backward"/> do no allocation. The math is written once,
/// generic over the float type: the trainer runs it in float32, the gradient check in float64, so the check covers
/// the production code. Hidden layers are ReLU, the output layer is affine.
/// </summary>
internal sealed class Mlp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _sizes;
    private readonly int[] _weightOffsets;
    private readonly T[][] _activations;
    private readonly T[][] _dropped;
    private readonly T[][] _masks;
    private readonly T[] _deltaA;
    private readonly T[] _deltaB;
    private readonly double _dropout;

    /// <summary>A network with layer sizes d, hidden widths..., outputs; buffers for batches of up to <paramref name="capacity"/> rows.</summary>
    public Mlp(IReadOnlyList<int> sizes, int capacity, double dropout)
    {
        _sizes = sizes.ToArray();
        Capacity = capacity;
        _dropout = dropout;
        int layers = _sizes.Length - 1;
        _weightOffsets = new int[layers + 1];
        long total = 0;
        for (int l = 0; l < layers; l++)
        {
            _weightOffsets[l] = checked((int)total);
            total += (long)_sizes[l] * _sizes[l + 1] + _sizes[l + 1];
        }
        _weightOffsets[layers] = checked((int)total);
        Parameters = new T[total];
        Gradients = new T[total];
        _activations = new T[layers][];
        _dropped = new T[layers][];
        _masks = new T[layers][];
        for (int l = 0; l < layers; l++)
        {
            _activations[l] = new T[checked(capacity * _sizes[l + 1])];
            bool hidden = l < layers - 1;
            _dropped[l] = hidden && dropout > 0 ? new T[_activations[l].Length] : [];
            _masks[l] = hidden && dropout > 0 ? new T[_activations[l].Length] : [];
        }
        int widest = 0;
        for (int l = 1; l < _sizes.Length - 1; l++) widest = Math.Max(widest, _sizes[l]);
        _deltaA = new T[checked(capacity * widest)];
        _deltaB = new T[_deltaA.Length];
    }

    /// <summary>The most rows one forward or backward pass takes.</summary>
    public int Capacity { get; }

    /// <summary>The number of layers (hidden layers plus the output layer).</summary>
    public int LayerCount => _sizes.Length - 1;

    /// <summary>Layer sizes: d, then each layer's unit count.</summary>
    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>All parameters: for each layer, W (row-major, units x inputs) then b.</summary>
    public T[] Parameters { get; }

    /// <summary>The gradient of the batch loss with respect to <see cref="Parameters"/>, laid out the same way; filled by <see cref="Backward"/>.</summary>
    public T[] Gradients { get; }

    /// <summary>Layer <paramref name="layer"/>'s weights within <paramref name="buffer"/> (Parameters or Gradients).</summary>
    public Span<T> Weights(T[] buffer, int layer) =>
        buffer.AsSpan(_weightOffsets[layer], _sizes[layer] * _sizes[layer + 1]);

    /// <summary>Layer <paramref name="layer"/>'s biases within <paramref name="buffer"/> (Parameters or Gradients).</summary>
    public Span<T> Biases(T[] buffer, int layer) =>
        buffer.AsSpan(_weightOffsets[layer] + _sizes[layer] * _sizes[layer + 1], _sizes[layer + 1]);

    /// <summary>
    /// The outputs (rows x units of the last layer) for <paramref name="rows"/> inputs; with a <paramref name="dropoutRng"/>
    /// and a dropout rate above 0, hidden outputs are dropped (inverted dropout) for training. The returned span is
    /// overwritten by the next call.
    /// </summary>
    public Span<T> Forward(ReadOnlySpan<T> input, int rows, IBlas blas, Rng? dropoutRng)
    {
        ReadOnlySpan<T> current = input;
        for (int l = 0; l < LayerCount; l++)
        {
            int inCount = _sizes[l], outCount = _sizes[l + 1];
            Span<T> a = _activations[l].AsSpan(0, rows * outCount);
            bool singleOutput = outCount == 1 && l == LayerCount - 1;
            if (singleOutput) SingleOutput<T>.Forward(current, inCount, rows, Weights(Parameters, l), a);
            else Gemm(blas, Transpose.No, Transpose.Yes, rows, outCount, inCount, current, inCount, Weights(Parameters, l), inCount, T.Zero, a, outCount);
            ReadOnlySpan<T> bias = Biases(Parameters, l);
            bool hidden = l < LayerCount - 1;
            AddBiasRows(a, rows, bias, relu: hidden);
            current = a;
            if (hidden && dropoutRng is not null && _dropout > 0)
            {
                Span<T> mask = _masks[l].AsSpan(0, a.Length);
                Span<T> dropped = _dropped[l].AsSpan(0, a.Length);
                FillMask(mask, dropoutRng);
                TensorPrimitives.Multiply(a, mask, dropped);
                current = dropped;
            }
        }
        return _activations[LayerCount - 1].AsSpan(0, rows * _sizes[^1]);
    }

    /// <summary>
    /// Fills <see cref="Gradients"/> with the gradient of the loss for the batch of the last <see cref="Forward"/> call,
    /// given <paramref name="outputGradient"/> = d loss / d outputs (rows x outputs, already averaged over the batch),
    /// plus <paramref name="weightDecay"/> times each weight. <paramref name="input"/> and <paramref name="rows"/> must be
    /// those of that call, and so must its dropout masks (they are reused).
    /// </summary>
    public void Backward(ReadOnlySpan<T> input, int rows, ReadOnlySpan<T> outputGradient, IBlas blas, T weightDecay, bool dropoutActive)
    {
        ReadOnlySpan<T> delta = outputGradient;
        bool useA = true;
        for (int l = LayerCount - 1; l >= 0; l--)
        {
            int inCount = _sizes[l], outCount = _sizes[l + 1];
            ReadOnlySpan<T> layerInput = l == 0 ? input
                : dropoutActive && _dropout > 0 ? _dropped[l - 1].AsSpan(0, rows * inCount)
                : _activations[l - 1].AsSpan(0, rows * inCount);
            Span<T> gradW = Weights(Gradients, l);
            // A one-unit output layer is written out (SingleOutput); hidden layers, even of one unit, go to the BLAS, as in the batched trainer.
            bool singleOutput = outCount == 1 && l == LayerCount - 1;
            if (singleOutput) SingleOutput<T>.RowSums(delta, layerInput, inCount, rows, gradW);
            else Gemm(blas, Transpose.Yes, Transpose.No, outCount, inCount, rows, delta, outCount, layerInput, inCount, T.Zero, gradW, inCount);
            if (weightDecay != T.Zero)
                TensorPrimitives.MultiplyAdd(Weights(Parameters, l), weightDecay, gradW, gradW);
            SumRows(delta, rows, Biases(Gradients, l));
            if (l == 0) break;
            Span<T> next = (useA ? _deltaA : _deltaB).AsSpan(0, rows * inCount);
            useA = !useA;
            if (singleOutput) SingleOutput<T>.Backprop(delta, Weights(Parameters, l), rows, next, inCount);
            else Gemm(blas, Transpose.No, Transpose.No, rows, inCount, outCount, delta, outCount, Weights(Parameters, l), inCount, T.Zero, next, inCount);
            if (dropoutActive && _dropout > 0)
                TensorPrimitives.Multiply(next, _masks[l - 1].AsSpan(0, next.Length), next);
            ReluBackward(next, _activations[l - 1].AsSpan(0, next.Length));
            delta = next;
        }
    }

    /// <summary>
    /// Every row of <paramref name="matrix"/> (<paramref name="rows"/> rows of <paramref name="bias"/>.Length entries)
    /// plus the bias, then max(., 0) for hidden layers; the same operations per entry as <see cref="AddBias"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddBiasRows(Span<T> matrix, int rows, ReadOnlySpan<T> bias, bool relu)
    {
        int n = bias.Length;
        if (n == 1)
        {
            T b = bias[0];
            for (int r = 0; r < rows; r++) matrix[r] = relu ? T.Max(matrix[r] + b, T.Zero) : matrix[r] + b;
            return;
        }
        for (int r = 0; r < rows; r++) AddBias(matrix.Slice(r * n, n), bias, relu);
    }

    /// <summary>
    /// into_j = sum over rows of matrix[r, j], in the order of <see cref="PointChunks"/> (<see cref="SingleOutput{T}.RowSums"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SumRows(ReadOnlySpan<T> matrix, int rows, Span<T> into)
    {
        int n = into.Length;
        if (n == 1)
        {
            into[0] = SingleOutput<T>.Sum(matrix[..rows]);
            return;
        }
        SingleOutput<T>.RowSums([], matrix, n, rows, into);
    }

    /// <summary>row = row + bias, then max(row, 0) for hidden layers: one vectorized pass.</summary>
    internal static void AddBias(Span<T> row, ReadOnlySpan<T> bias, bool relu)
    {
        if (!relu)
        {
            TensorPrimitives.Add(row, bias, row);
            return;
        }
        int i = 0;
        for (; i <= row.Length - Vector<T>.Count; i += Vector<T>.Count)
            Vector.Max(new Vector<T>(row[i..]) + new Vector<T>(bias[i..]), Vector<T>.Zero).CopyTo(row[i..]);
        for (; i < row.Length; i++)
            row[i] = T.Max(row[i] + bias[i], T.Zero);
    }

    /// <summary>delta = delta where the unit was active (its ReLU output &gt; 0), else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ReluBackward(Span<T> delta, ReadOnlySpan<T> activation)
    {
        int i = 0;
        for (; i <= delta.Length - Vector<T>.Count; i += Vector<T>.Count)
        {
            var active = Vector.GreaterThan(new Vector<T>(activation[i..]), Vector<T>.Zero);
            Vector.ConditionalSelect(active, new Vector<T>(delta[i..]), Vector<T>.Zero).CopyTo(delta[i..]);
        }
        for (; i < delta.Length; i++)
            if (!(activation[i] > T.Zero)) delta[i] = T.Zero;
    }

    /// <summary>Each entry 0 with probability p, else 1 / (1 - p).</summary>
    private void FillMask(Span<T> mask, Rng rng)
    {
        T kept = T.CreateTruncating(1 / (1 - _dropout));
        for (int i = 0; i < mask.Length; i++)
            mask[i] = rng.NextDouble() < _dropout ? T.Zero : kept;
    }

    private static void Gemm(IBlas blas, Transpose transA, Transpose transB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
    {
        if (typeof(T) == typeof(float))
            blas.Sgemm(transA, transB, m, n, k, 1f, MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(b), ldb,
                float.CreateTruncating(beta), MemoryMarshal.Cast<T, float>(c), ldc);
        else if (typeof(T) == typeof(double))
            blas.Dgemm(transA, transB, m, n, k, 1.0, MemoryMarshal.Cast<T, double>(a), lda, MemoryMarshal.Cast<T, double>(b), ldb,
                double.CreateTruncating(beta), MemoryMarshal.Cast<T, double>(c), ldc);
        else
            throw new NotSupportedException($"Mlp computes in float or double, not {typeof(T).Name}.");
    }
}
