namespace MemLab.Training;

/// <summary>
/// A second thread that runs one half of a piece of work beside the caller's, many times a second: the two halves of
/// each pass of a <see cref="NetworkBatch"/> step. It spins briefly before sleeping, so that a hand-over costs
/// microseconds, not a thread-pool wake-up; and the caller, once done with its own half, takes the other half itself
/// when the helper has not started it yet (on a busy machine the helper may not be running), so a second thread never
/// makes a pass wait for a thread that is not there. Which thread runs a half never changes what it computes.
/// Dispose to end the thread.
/// </summary>
internal sealed class HelperThread : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _wake = new(false, 1000);
    private readonly ManualResetEventSlim _finished = new(false, 1000);
    private Action<int>? _work;
    private Exception? _error;
    private int _round;
    private int _claimed;
    private int _done;
    private volatile bool _stopping;

    public HelperThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "memlab batch helper" };
        _thread.Start();
    }

    /// <summary>
    /// Runs <paramref name="half"/>(0) on the caller and <paramref name="half"/>(1) on the helper, or on the caller
    /// after its own half when the helper has not claimed it; returns when both are done and rethrows the first error.
    /// </summary>
    public void RunHalves(Action<int> half)
    {
        int round = _round + 1;
        _work = half;
        _error = null;
        Volatile.Write(ref _round, round);
        _wake.Set();
        Exception? own = null;
        try
        {
            half(0);
        }
        catch (Exception error)
        {
            own = error;
        }
        if (Claim(round))
        {
            if (own is null) half(1);
        }
        else
        {
            while (true)
            {
                _finished.Reset();
                if (Volatile.Read(ref _done) == round) break;
                _finished.Wait();
            }
        }
        if ((own ?? _error) is { } first) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
    }

    /// <summary>Claims the second half of <paramref name="round"/> for the calling thread; false when the other thread already has.</summary>
    private bool Claim(int round) => Interlocked.CompareExchange(ref _claimed, round, round - 1) == round - 1;

    private void Loop()
    {
        int seen = 0;
        while (true)
        {
            while (true)
            {
                _wake.Reset();
                if (_stopping) return;
                if (Volatile.Read(ref _round) > seen) break;
                _wake.Wait();
            }
            int round = Volatile.Read(ref _round);
            seen = round;
            if (!Claim(round)) continue;
            try
            {
                _work!(1);
            }
            catch (Exception error)
            {
                _error = error;
            }
            Volatile.Write(ref _done, round);
            _finished.Set();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread.Join();
        _wake.Dispose();
        _finished.Dispose();
    }
}
