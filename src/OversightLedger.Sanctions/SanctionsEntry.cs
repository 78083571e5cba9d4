namespace OversightLedger.Sanctions;

/// <summary>One designated person, entity, vessel or aircraft of a sanctions list, with what screening needs.</summary>
/// <param name="Id">The list's own identifier (OFAC's <c>ent_num</c> / <c>uid</c>), unique within the list.</param>
/// <param name="Name">The primary name as published (OFAC writes individuals "SURNAME, Given").</param>
/// <param name="Kind">What the entry designates.</param>
/// <param name="Programs">The sanctions programs, split (OFAC joins several as <c>SDGT] [IFSR</c>).</param>
/// <param name="Aliases">Other names (alias rows and the <c>a.k.a.</c>/<c>f.k.a.</c>/<c>n.k.a.</c> of the remarks), without duplicates.</param>
/// <param name="Countries">Countries named by addresses, nationality, citizenship, place of birth or a vessel's flag.</param>
/// <param name="DatesOfBirth">Dates of birth (individuals), a range expanded to its years.</param>
/// <param name="Identifiers">Registration numbers, passports, tax and national IDs, IMO numbers, as published.</param>
/// <param name="Remarks">The remarks as published (with <c>sdn_comments.csv</c> continuations appended), or empty.</param>
public sealed record SanctionsEntry(
    string Id,
    string Name,
    EntryKind Kind,
    IReadOnlyList<string> Programs,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Countries,
    IReadOnlyList<PartialDate> DatesOfBirth,
    IReadOnlyList<string> Identifiers,
    string Remarks);
