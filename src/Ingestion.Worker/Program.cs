using Ingestion.Worker.Cli;
using Ingestion.Worker.Hosting;

JitProfile.Start(args);
return await IngestionCli.RunAsync(args);
