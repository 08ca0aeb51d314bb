using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace MemLab.Training;

/// <summary>
/// One optimizer's state and update rule over a flat parameter buffer: Adam (PyTorch's formula: bias-corrected step
/// lr / (1 - beta1^t) and denominator sqrt(v) / sqrt(1 - beta2^t) + epsilon) or gradient descent with heavy-ball momentum
/// (v = mu v + g, w -= lr v). Buffers are allocated once; <see cref="Apply"/> is one vectorized pass.
/// </summary>
internal sealed class ParameterUpdate<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TrainOptions _options;
    private readonly T[] _first;
    private readonly T[] _second;
    private int _step;

    /// <summary>Zeroed state for <paramref name="parameterCount"/> parameters.</summary>
    public ParameterUpdate(TrainOptions options, int parameterCount)
    {
        _options = options;
        bool adam = options.Optimizer == Optimizer.Adam;
        _first = adam || options.EffectiveMomentum > 0 ? new T[parameterCount] : [];
        _second = adam ? new T[parameterCount] : [];
    }

    /// <summary>Updates <paramref name="parameters"/> in place from <paramref name="gradients"/>.</summary>
    public void Apply(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        _step++;
        if (_options.Optimizer == Optimizer.Adam) Adam(parameters, gradients);
        else Momentum(parameters, gradients);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Adam(Span<T> w, ReadOnlySpan<T> g)
    {
        double beta1 = _options.AdamBeta1, beta2 = _options.AdamBeta2;
        T b1 = T.CreateTruncating(beta1), c1 = T.CreateTruncating(1 - beta1);
        T b2 = T.CreateTruncating(beta2), c2 = T.CreateTruncating(1 - beta2);
        T stepSize = T.CreateTruncating(_options.LearningRate / (1 - Math.Pow(beta1, _step)));
        T invRootCorrection = T.CreateTruncating(1 / Math.Sqrt(1 - Math.Pow(beta2, _step)));
        T epsilon = T.CreateTruncating(_options.AdamEpsilon);
        Span<T> m = _first, v = _second;
        int i = 0, width = Vector<T>.Count;
        var vb1 = new Vector<T>(b1); var vc1 = new Vector<T>(c1); var vb2 = new Vector<T>(b2); var vc2 = new Vector<T>(c2);
        var vStep = new Vector<T>(stepSize); var vInv = new Vector<T>(invRootCorrection); var vEps = new Vector<T>(epsilon);
        for (; i <= w.Length - width; i += width)
        {
            var gi = new Vector<T>(g[i..]);
            var mi = vb1 * new Vector<T>(m[i..]) + vc1 * gi;
            var vi = vb2 * new Vector<T>(v[i..]) + vc2 * gi * gi;
            mi.CopyTo(m[i..]);
            vi.CopyTo(v[i..]);
            (new Vector<T>(w[i..]) - vStep * mi / (Vector.SquareRoot(vi) * vInv + vEps)).CopyTo(w[i..]);
        }
        for (; i < w.Length; i++)
        {
            m[i] = b1 * m[i] + c1 * g[i];
            v[i] = b2 * v[i] + c2 * g[i] * g[i];
            w[i] -= stepSize * m[i] / (T.Sqrt(v[i]) * invRootCorrection + epsilon);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Momentum(Span<T> w, ReadOnlySpan<T> g)
    {
        T rate = T.CreateTruncating(_options.LearningRate);
        T mu = T.CreateTruncating(_options.EffectiveMomentum);
        if (_first.Length == 0)
        {
            TensorPrimitives.MultiplyAdd(g, -rate, w, w);
            return;
        }
        Span<T> velocity = _first;
        // The first step starts the velocity at g, as PyTorch does.
        if (_step == 1) g.CopyTo(velocity);
        else TensorPrimitives.MultiplyAdd(velocity, mu, g, velocity);
        TensorPrimitives.MultiplyAdd(velocity, -rate, w, w);
    }
}
