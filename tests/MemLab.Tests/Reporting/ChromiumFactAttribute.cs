namespace MemLab.Tests.Reporting;

/// <summary>
/// A fact that needs headless Chromium at /usr/bin/chromium (Debian package chromium). Where it is missing the test
/// is skipped with that reason, so the missing coverage shows in the test report; with MEMLAB_REQUIRE_CHROMIUM=1 it
/// runs anyway and fails.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where the test looks for Chromium.</summary>
    public const string Path = "/usr/bin/chromium";

    /// <summary>Skips the test unless Chromium exists or is required.</summary>
    public ChromiumFactAttribute()
    {
        bool required = Environment.GetEnvironmentVariable("MEMLAB_REQUIRE_CHROMIUM") == "1";
        if (!required && !File.Exists(Path))
            Skip = $"Chromium is not installed at {Path} (apt-get install chromium); the report was not rendered in a browser. Set MEMLAB_REQUIRE_CHROMIUM=1 to make this a failure.";
    }
}
