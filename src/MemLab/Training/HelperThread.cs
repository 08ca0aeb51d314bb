using System.Runtime.ExceptionServices;

namespace MemLab.Training;

/// <summary>
/// A second thread that shares the items of a piece of work with the caller's, many times a second: the blocks of points
/// of each <see cref="NetworkBatch"/> step, and the pieces of its gradients. The caller takes items from the front and the
/// helper from the back, each the next one not yet taken, until none is left, so the two share the work whatever their
/// speeds (and, starting together, run a contiguous half each and finish together): when the helper is late (on a busy
/// machine it may not be running), the caller goes on through the items alone and the helper joins in where it finds
/// them, and a pass never waits for more than the one item each thread has in hand. The helper spins briefly before
/// sleeping, so that a hand-over costs microseconds, not a thread-pool wake-up. Which thread runs an item never changes
/// what the item computes. Dispose to end the thread.
/// </summary>
internal sealed class HelperThread : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _wake = new(false, 1000);
    private readonly ManualResetEventSlim _finished = new(false, 1000);
    private Round? _current;
    private volatile bool _stopping;

    public HelperThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "memlab batch helper" };
        _thread.Start();
    }

    /// <summary>
    /// Runs <paramref name="body"/>(thread, item) for items 0 .. <paramref name="count"/> - 1, each once, on the caller
    /// (thread 0) and the helper (thread 1), each taking the next item left; returns when every item is done and
    /// rethrows the error of the lowest item that failed.
    /// </summary>
    public void Run(int count, Action<int, int> body)
    {
        var round = new Round(count, body);
        _finished.Reset();
        Volatile.Write(ref _current, round);
        _wake.Set();
        round.Work(0, _finished);
        while (Volatile.Read(ref round.Done) < count)
        {
            _finished.Wait();
            _finished.Reset();
        }
        if (round.Error is { } error) ExceptionDispatchInfo.Capture(error).Throw();
    }

    private void Loop()
    {
        Round? seen = null;
        while (true)
        {
            Round? round;
            while (true)
            {
                _wake.Reset();
                if (_stopping) return;
                round = Volatile.Read(ref _current);
                if (round != seen) break;
                _wake.Wait();
            }
            seen = round;
            round!.Work(1, _finished);
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

    /// <summary>One call's items: the next one to take, how many are done, and the first error by item.</summary>
    private sealed class Round(int count, Action<int, int> body)
    {
        private readonly Lock _errorLock = new();
        private int _errorItem = int.MaxValue;

        /// <summary>Items taken: from the front (thread 0) in the low 32 bits, from the back (thread 1) in the high ones.</summary>
        private long _taken;
        public int Done;

        public Exception? Error { get; private set; }

        /// <summary>
        /// Takes and runs items on <paramref name="thread"/> until none is left: the caller from the front, the helper from
        /// the back, so that two threads that start together each run a contiguous half and finish together; the one that
        /// finishes the last item signals <paramref name="finished"/>.
        /// </summary>
        public void Work(int thread, ManualResetEventSlim finished)
        {
            for (int item = Take(thread); item >= 0; item = Take(thread))
            {
                try
                {
                    body(thread, item);
                }
                catch (Exception error)
                {
                    lock (_errorLock)
                        if (item < _errorItem) (_errorItem, Error) = (item, error);
                }
                if (Interlocked.Increment(ref Done) == count) finished.Set();
            }
        }

        /// <summary>The next item for <paramref name="thread"/>: the first untaken from the front (0) or the back (1); -1 when none is left.</summary>
        private int Take(int thread)
        {
            while (true)
            {
                long taken = Volatile.Read(ref _taken);
                int front = (int)(taken & uint.MaxValue), back = (int)(taken >> 32);
                if (front + back >= count) return -1;
                long next = thread == 0 ? taken + 1 : taken + (1L << 32);
                if (Interlocked.CompareExchange(ref _taken, next, taken) == taken) return thread == 0 ? front : count - 1 - back;
            }
        }
    }
}
