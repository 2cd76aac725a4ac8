using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Geonode.Scraper.Benchmarks;

// dotnet run -c Release --project benchmarks/Geonode.Scraper.Benchmarks -- polling | scale | soak | <BenchmarkDotNet arguments>
// Each verb lives in its own class; anything else goes to BenchmarkDotNet (for example --filter '*' or --list flat).
switch (args.FirstOrDefault())
{
    case "polling":
        return PollingSimulation.Run(args[1..]);
    case "scale":
        return await ScaleRun.RunAsync(args[1..]);
    case "soak":
        return await SoakRun.RunAsync(args[1..]);
    default:
        // In-process toolchain: BenchmarkDotNet 0.14 does not generate projects for net10.0, and in-process needs none.
        var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(BatchPageBenchmarks).Assembly).Run(args, config);
        return 0;
}
