using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("CallCentre.Scheduling.Tests")]
