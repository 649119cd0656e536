using System.Runtime.CompilerServices;
using Ingestion.Core.Model;
using Ingestion.Core.Rows;

namespace Ingestion.Core.Validation;

public static class ValidatingRows
{
    /// <summary>
    /// Validates and fingerprints rows as they stream past, adding each to <paramref name="profile"/>; throws the
    /// <see cref="ValidationException"/> after the last row, so a consumer that publishes only on completion never
    /// publishes an invalid batch. Rows whose shape is wrong are not passed on (nothing could store them).
    /// </summary>
    public static async IAsyncEnumerable<HashedRow> ValidateAsync(
        this IAsyncEnumerable<StatRow> rows,
        DatasetDescriptor dataset,
        YearScope scope,
        BatchProfile profile,
        TimeProvider timeProvider,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(profile);
        var validator = new BatchValidator(dataset, scope, timeProvider);
        var hasher = new RowHasher();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (!validator.Add(row, hasher.Key(row)))
            {
                continue;
            }

            var rowHash = hasher.Row(row);
            profile.Add(row, rowHash);
            yield return new HashedRow(row, rowHash);
        }

        validator.Complete();
    }
}
