namespace MemLab.Training;

/// <summary>
/// A second thread that runs one piece of work beside the caller's, many times a second: the two halves of each pass
/// of a <see cref="NetworkBatch"/> step. It spins briefly before sleeping, so that a hand-over between passes costs
/// microseconds, not a thread-pool wake-up. Dispose to end the thread.
/// </summary>
internal sealed class HelperThread : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _start = new(false, 1000);
    private readonly ManualResetEventSlim _done = new(false, 1000);
    private Action<int>? _work;
    private Exception? _error;
    private volatile bool _stopping;

    public HelperThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "memlab batch helper" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="half"/>(0) on the caller and <paramref name="half"/>(1) on the helper; returns when both are done and rethrows the first error.</summary>
    public void RunHalves(Action<int> half)
    {
        _work = half;
        _error = null;
        _done.Reset();
        _start.Set();
        Exception? own = null;
        try
        {
            half(0);
        }
        catch (Exception error)
        {
            own = error;
        }
        _done.Wait();
        if ((own ?? _error) is { } first) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
    }

    private void Loop()
    {
        while (true)
        {
            _start.Wait();
            _start.Reset();
            if (_stopping) return;
            try
            {
                _work!(1);
            }
            catch (Exception error)
            {
                _error = error;
            }
            _done.Set();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _start.Set();
        _thread.Join();
        _start.Dispose();
        _done.Dispose();
    }
}
