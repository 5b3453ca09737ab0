using CallCentre.Simulator.Cli;

namespace CallCentre.Simulator;

// Not a top-level program: the Host references this assembly, and its own Program must stay the only global one.
internal static class Program
{
    private static int Main(string[] args) => SimulatorCommands.Run(args, Console.Out, Console.Error);
}
