using Ingestion.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace Ingestion.Benchmarks.Publish;

/// <summary>The floor: a plain binary COPY of the same rows into a typed table with a primary key on (year, origin, asylum).</summary>
internal static class FloorCopy
{
    public static async Task RunAsync(NpgsqlDataSource dataSource, IReadOnlyList<StatRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand("""
            DROP TABLE IF EXISTS public.floor_population;
            CREATE TABLE public.floor_population (
                year integer, origin text, asylum text,
                refugees bigint, asylum_seekers bigint, returned_refugees bigint, idps bigint, returned_idps bigint,
                stateless bigint, ooc bigint, oip bigint, hst bigint,
                origin_unhcr text, origin_name text, asylum_unhcr text, asylum_name text,
                PRIMARY KEY (year, origin, asylum));
            """, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var importer = await connection.BeginBinaryImportAsync("COPY public.floor_population FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(row.Period, NpgsqlDbType.Integer, cancellationToken);
            foreach (var key in row.Key)
            {
                await importer.WriteAsync(key, NpgsqlDbType.Text, cancellationToken);
            }

            foreach (var measure in row.Measures)
            {
                await importer.WriteAsync(measure, NpgsqlDbType.Bigint, cancellationToken);
            }

            foreach (var attribute in row.Attributes)
            {
                await importer.WriteAsync(attribute, NpgsqlDbType.Text, cancellationToken);
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
