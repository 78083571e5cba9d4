namespace OversightLedger.Transparency;
internal static class Placeholder { }
