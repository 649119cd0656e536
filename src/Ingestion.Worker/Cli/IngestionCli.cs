using System.CommandLine;
using Ingestion.Worker.Configuration;
using Serilog;

namespace Ingestion.Worker.Cli;

/// <summary>
/// The <c>ingestion</c> command line: parses the verb, runs it, and turns failures into DESIGN §5 exit codes with
/// one line on stderr (the log has the detail), never a bare stack trace.
/// </summary>
public static class IngestionCli
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Ingestion: fetches UNHCR refugee statistics and publishes versioned snapshots into PostgreSQL.")
        {
            RunCommand.Create(),
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
            var parse = CreateRootCommand().Parse(args);
            if (parse.Errors.Count > 0)
            {
                await Console.Error.WriteLineAsync($"ingestion: {parse.Errors[0].Message} (see ingestion --help)");
                return ExitCodes.Usage;
            }

            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
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
