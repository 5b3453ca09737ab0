using System.Runtime.CompilerServices;

// The tests check the special functions directly, not only through the Erlang formulas.
[assembly: InternalsVisibleTo("CallCentre.Scheduling.Tests")]
