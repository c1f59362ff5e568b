using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine.Devices;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn check [--device D]`: the product's own proof on this machine: the device self-test on every
/// device found, then every op's forward and backward against the reference on the chosen device.
/// Ends with one `N passed, M failed` line; exits non-zero when anything failed.
/// </summary>
public static class CheckCommand
{
    public static Command Build()
    {
        var device = CommonOptions.Device();
        device.Description = "Device for the gradient checks (the self-test runs on every device): " + DeviceRegistry.Accepted + ".";
        var command = new Command("check", "Self-test every device, then gradient-check every op on one (the main job until training lands).");
        command.Options.Add(device);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var target = CommonOptions.OpenDevice(parse, parse.GetValue(device)!);
            var inventory = DeviceRegistry.Discover();
            DevicesCommand.PrintInventory(inventory);
            Console.WriteLine();
            var (selfPassed, selfFailed) = DevicesCommand.RunSelfTest(inventory.Devices);
            Console.WriteLine();
            var (gradPassed, gradFailed) = GradCheckCommand.Run(target, filter: null, seed: 1);
            int passed = selfPassed + gradPassed, failed = selfFailed + gradFailed;
            Console.WriteLine();
            Console.WriteLine($"self-test {selfPassed} passed, {selfFailed} failed; gradcheck on {target.Info.Id} {gradPassed} passed, {gradFailed} failed");
            Console.WriteLine($"{passed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        }));
        return command;
    }
}
