using Ingestion.Worker.Cli;

return await IngestionCli.RunAsync(args);
