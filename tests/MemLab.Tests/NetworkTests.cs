namespace MemLab.Tests;

public class NetworkTests
{
    private static DenseLayer Layer(int inputs, int outputs, Activation activation = Activation.Relu) =>
        new(inputs, outputs, new double[inputs * outputs], new double[outputs], activation);

    [Fact]
    public void ParameterCount_CountsEveryWeightAndBias()
    {
        var network = new Network([Layer(784, 1000), Layer(1000, 1, Activation.Identity)], OutputRule.Value, NetworkProvenance.Manual());
        Assert.Equal(784L * 1000 + 1000 + 1000 + 1, network.ParameterCount);
        Assert.Equal(new[] { 1000, 1 }, network.Widths);
        Assert.Equal(784, network.InputCount);
    }

    [Fact]
    public void Constructor_LayersDoNotChain_NamesBothSizes()
    {
        var error = Assert.Throws<MemLabException>(() => new Network([Layer(3, 4), Layer(5, 1)], OutputRule.Sign, NetworkProvenance.Manual()));
        Assert.Contains("expects 5 inputs", error.Message);
        Assert.Contains("has 4 outputs", error.Message);
    }

    [Theory]
    [InlineData(OutputRule.Sign, 2)]
    [InlineData(OutputRule.Value, 3)]
    [InlineData(OutputRule.Argmax, 1)]
    public void Constructor_OutputRuleDoesNotFitLastLayer_Throws(OutputRule rule, int outputs) =>
        Assert.Throws<MemLabException>(() => new Network([Layer(3, outputs)], rule, NetworkProvenance.Manual()));

    [Fact]
    public void DenseLayer_WrongWeightCount_Throws()
    {
        var error = Assert.Throws<MemLabException>(() => new DenseLayer(3, 2, new double[5], new double[2], Activation.Relu));
        Assert.Contains("needs 6 weights; got 5", error.Message);
    }

    [Fact]
    public void DenseLayer_NonFiniteWeight_NamesPosition()
    {
        var weights = new double[6];
        weights[4] = double.NaN;
        var error = Assert.Throws<MemLabException>(() => new DenseLayer(3, 2, weights, new double[2], Activation.Relu));
        Assert.Contains("(1, 1)", error.Message);
    }
}
