using Ingestion.Core.Model;

namespace Ingestion.Core.Rows;

/// <summary>A validated row with its <see cref="RowHasher.Row"/> fingerprint, as the store stages it.</summary>
public readonly record struct HashedRow(StatRow Row, UInt128 Hash);
