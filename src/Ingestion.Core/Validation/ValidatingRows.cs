using System.Runtime.CompilerServices;
using Ingestion.Core.Model;

namespace Ingestion.Core.Validation;

public static class ValidatingRows
{
    /// <summary>
    /// Passes rows through unchanged while validating them; throws the <see cref="ValidationException"/> after the
    /// last row, so a consumer that publishes only on completion never publishes an invalid batch.
    /// </summary>
    public static async IAsyncEnumerable<StatRow> ValidateAsync(
        this IAsyncEnumerable<StatRow> rows,
        DatasetDescriptor dataset,
        TimeProvider timeProvider,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var validator = new BatchValidator(dataset, timeProvider);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            validator.Add(row);
            yield return row;
        }

        validator.Complete();
    }
}
