using System.CommandLine;
using Ingestion.Core.Model;
using Ingestion.Sources;
using Ingestion.Worker.Configuration;
using Serilog;

namespace Ingestion.Worker.Cli;

/// <summary>
/// The <c>ingestion</c> command line: parses the verb, runs it, and turns failures into DESIGN §5 exit codes with
/// one line on stderr (the log has the detail), never a bare stack trace.
/// </summary>
public static class IngestionCli
{
    /// <summary>How long a signalled CLI verb gets to record its cancelled run before the process ends anyway.</summary>
    private static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(30);

    /// <param name="catalog">The datasets the arguments may name: the program's publishers' (the host registers the same).</param>
    public static RootCommand CreateRootCommand(DatasetCatalog catalog)
    {
        var root = new RootCommand("Ingestion: fetches refugee and asylum statistics (UNHCR, Eurostat) and publishes versioned snapshots into PostgreSQL.")
        {
            RunCommand.Create(),
            IngestCommand.Create(catalog),
            BackfillCommand.Create(catalog),
            ReprocessCommand.Create(),
            DecisionCommands.Approve(),
            DecisionCommands.Reject(),
            RunsCommand.Create(catalog),
            SnapshotsCommand.Create(catalog),
            DiffCommand.Create(catalog),
            DatasetsCommand.Create(),
            MigrateCommand.Create(),
        };
        RunCommand.MakeDefault(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        Log.Logger = Hosting.LoggingSetup.CreateBootstrapLogger();
        try
        {
            var parse = CreateRootCommand(Publishers.Catalog).Parse(args);
            if (parse.Errors.Count > 0)
            {
                await Console.Error.WriteLineAsync($"ingestion: {parse.Errors[0].Message} (see ingestion --help)");
                return ExitCodes.Usage;
            }

            // CLI verbs: SIGTERM/SIGINT cancel the verb's token; the run in flight then records itself cancelled.
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TerminationGrace };
            if (RunCommand.IsInvokedBy(parse))
            {
                // The worker's host stops on SIGTERM/SIGINT itself, within its own shutdown timeout.
                invocation.ProcessTerminationTimeout = null;
            }

            return await parse.InvokeAsync(invocation);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"ingestion: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("ingestion: cancelled.");
            return ExitCodes.RunFailed;
        }
        catch (Exception e)
        {
            Log.Fatal(e, "The ingestion command failed");
            await Console.Error.WriteLineAsync($"ingestion: {e.Message}");
            return ExitCodes.RunFailed;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
