// Composition root: the real console and process environment go in; everything else lives in CliApp.
using MemLab.Cli;

Console.OutputEncoding = System.Text.Encoding.UTF8;
MemLab.HugePages.AdviseManagedHeap();
return CliApp.Run(args, new CliEnvironment(Console.Out, Console.Error, Environment.GetEnvironmentVariable, Console.IsOutputRedirected, Console.IsErrorRedirected));
