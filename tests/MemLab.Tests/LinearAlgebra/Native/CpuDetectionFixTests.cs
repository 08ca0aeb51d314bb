using System.Runtime.Intrinsics.X86;
using MemLab.LinearAlgebra.Native;

namespace MemLab.Tests.LinearAlgebra.Native;

[Collection(TestBackends.OpenBlasCollection)]
public class CpuDetectionFixTests
{
    private const string Variable = "OPENBLAS_CORETYPE";

    [Fact]
    public void Apply_OnThisCpu_LeavesCoreTypeSetExactlyWhenAvx512IsPresent()
    {
        Assert.True(LibC.IsAvailable, "these tests run on Linux or macOS");
        string? before = LibC.GetEnvironmentVariable(Variable);
        string note = CpuDetectionFix.Apply();
        string? after = LibC.GetEnvironmentVariable(Variable);
        if (!Avx512F.IsSupported)
        {
            Assert.Equal("no CPU-detection fix needed", note);
            Assert.Equal(before, after);
        }
        else if (before is null)
        {
            Assert.Equal("SkylakeX", after);
            Assert.Contains("set by memlab", note);
        }
        else
        {
            Assert.Equal(before, after);
            Assert.Contains($"{Variable}={before} from the environment", note);
        }
    }

    [Fact]
    public void SetEnvironmentVariable_NativeEnvironment_IsVisibleToNativeGetenv()
    {
        string name = "MEMLAB_TEST_" + Guid.NewGuid().ToString("N");
        Assert.Null(LibC.GetEnvironmentVariable(name));
        Assert.True(LibC.SetEnvironmentVariable(name, "SkylakeX"));
        Assert.Equal("SkylakeX", LibC.GetEnvironmentVariable(name));
    }
}
