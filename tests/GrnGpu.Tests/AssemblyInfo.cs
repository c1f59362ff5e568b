using Xunit;

// Device tests share one device instance per backend and PoCL already uses every core:
// running test classes in parallel only adds contention on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
