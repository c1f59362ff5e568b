using Xunit;

// Device tests share one device instance per backend and the cpu device (like ILGPU's CPU accelerator) already uses every core:
// running test classes in parallel only adds contention on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
