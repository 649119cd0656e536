namespace Ingestion.Worker.StatusPage;

/// <summary>
/// Markup that is already safe to write as it is (built by <see cref="HtmlWriter"/> or a literal of this folder). Every
/// other value written into a page goes through the encoder, so text from the database can never become markup.
/// </summary>
public readonly record struct Html(string Value)
{
    public static Html Empty { get; } = new("");

    public override string ToString() => Value;
}
