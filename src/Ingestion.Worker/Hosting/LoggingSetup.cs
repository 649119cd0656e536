using Ingestion.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Ingestion.Worker.Hosting;

/// <summary>
/// Serilog: compact JSON outside Development, readable text in Development. The worker (<c>run</c>) logs to
/// stdout; CLI verbs log to stderr so that their stdout (tables, <c>--json</c>) stays clean for pipes.
/// </summary>
public static class LoggingSetup
{
    private const string ConsoleTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>CLI verbs in Development: the failure's message is in the line; stack traces stay out of a person's terminal.</summary>
    private const string CliConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}";

    /// <summary>The logger used before the host exists (and for the final fatal line).</summary>
    public static Serilog.ILogger CreateBootstrapLogger() => new LoggerConfiguration()
        .MinimumLevel.Information()
        .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
        .CreateBootstrapLogger();

    public static IServiceCollection AddIngestionLogging(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, bool logToStandardError)
    {
        var errorFrom = logToStandardError ? LogEventLevel.Verbose : (LogEventLevel?)null;
        return services.AddSerilog((provider, logger) =>
        {
            logger.MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
                // Polly's own telemetry repeats what the source logs for each retry (attempt, reason, delay).
                .MinimumLevel.Override("Polly", LogEventLevel.Error);
            LogLevelSettings.Apply(logger, configuration);
            logger.ReadFrom.Services(provider)
                .Enrich.FromLogContext();
            if (environment.IsDevelopment())
            {
                logger.WriteTo.Console(outputTemplate: logToStandardError ? CliConsoleTemplate : ConsoleTemplate, standardErrorFromLevel: errorFrom, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                logger.WriteTo.Console(new CompactJsonFormatter(), standardErrorFromLevel: errorFrom);
            }
        });
    }
}
