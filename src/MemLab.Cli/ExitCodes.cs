namespace MemLab.Cli;

/// <summary>Process exit codes of the memlab command.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>A problem the user can fix (bad file, bad data, bad option): the message says how.</summary>
    public const int UserError = 1;
    /// <summary>The command line itself could not be parsed.</summary>
    public const int UsageError = 2;
    /// <summary>The work ran but the result does not pass: verify found points that are not memorized, a build did not memorize, or sweep runs failed.</summary>
    public const int CheckFailed = 3;
    /// <summary>Interrupted (SIGINT or SIGTERM) before the work was done; what finished is kept (128 + SIGINT).</summary>
    public const int Interrupted = 130;
    /// <summary>A bug in memlab (EX_SOFTWARE): please report it with the stack trace.</summary>
    public const int InternalError = 70;
}
