using Microsoft.Data.Sqlite;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Server.Persistence;

/// <summary>The writer thread's statements, on its own connection.</summary>
public sealed partial class SqliteLogEntryIndex
{
    private sealed class WriteCommands : IDisposable
    {
        private readonly SqliteCommand _putLeaf;
        private readonly SqliteCommand _lastRun;
        private readonly SqliteCommand _extendRun;
        private readonly SqliteCommand _insertRun;
        private readonly SqliteCommand _writePosition;

        public WriteCommands(SqliteConnection connection)
        {
            _putLeaf = Command(connection, SqliteLogEntryIndexSql.PutLeaf, "$fingerprint", "$leaf");
            _lastRun = Command(connection, SqliteLogEntryIndexSql.LastRun, "$subject");
            _extendRun = Command(connection, SqliteLogEntryIndexSql.ExtendRun, "$subject", "$firstLeaf", "$leafCount");
            _insertRun = Command(connection, SqliteLogEntryIndexSql.InsertRun, "$subject", "$firstLeaf", "$leafCount");
            _writePosition = Command(connection, SqliteLogEntryIndexSql.WritePosition, "$treeSize", "$root");
        }

        private SqliteCommand[] All => [_putLeaf, _lastRun, _extendRun, _insertRun, _writePosition];

        public void SetTransaction(SqliteTransaction? transaction)
        {
            foreach (SqliteCommand command in All)
            {
                command.Transaction = transaction;
            }
        }

        /// <summary>
        /// Writes <paramref name="batches"/> (leaves ascending) in the open transaction with the last one's position; each
        /// id's fingerprint, computed once, goes to the file and to <paramref name="filter"/> (before the commit, so that
        /// a lookup after the id leaves the unwritten set finds its bits).
        /// </summary>
        public void Write(List<UnwrittenBatch> batches, EntryFingerprints fingerprints, FingerprintFilter filter)
        {
            // A subject's leaves in these batches, as runs.
            var runs = new Dictionary<string, List<(ulong First, ulong Count)>>(StringComparer.Ordinal);
            var leaves = new List<(byte[] Fingerprint, long Leaf)>();
            foreach (UnwrittenBatch batch in batches)
            {
                foreach (IndexedLogEntry entry in batch.Entries)
                {
                    byte[] fingerprint = new byte[FingerprintLength];
                    fingerprints.Compute(entry.Id, fingerprint);
                    leaves.Add((fingerprint, checked((long)entry.LeafIndex)));
                    filter.Add(fingerprint);
                    foreach (string subject in entry.Subjects)
                    {
                        if (!runs.TryGetValue(subject, out List<(ulong First, ulong Count)>? subjectRuns))
                        {
                            subjectRuns = [];
                            runs.Add(subject, subjectRuns);
                        }

                        if (subjectRuns.Count > 0 && subjectRuns[^1].First + subjectRuns[^1].Count == entry.LeafIndex)
                        {
                            subjectRuns[^1] = (subjectRuns[^1].First, subjectRuns[^1].Count + 1);
                        }
                        else if (subjectRuns.Count == 0 || subjectRuns[^1].First + subjectRuns[^1].Count < entry.LeafIndex)
                        {
                            subjectRuns.Add((entry.LeafIndex, 1));
                        }
                    }
                }
            }

            // In the key's order (a repeated id's later leaf last, so that it is the one kept): each insert then descends
            // the B-tree next to the previous one, through pages already in the cache.
            leaves.Sort(static (a, b) => a.Fingerprint.AsSpan().SequenceCompareTo(b.Fingerprint) is int order and not 0 ? order : a.Leaf.CompareTo(b.Leaf));
            foreach ((byte[] fingerprint, long leaf) in leaves)
            {
                _putLeaf.Parameters["$fingerprint"].Value = fingerprint;
                _putLeaf.Parameters["$leaf"].Value = leaf;
                _putLeaf.ExecuteNonQuery();
            }

            foreach ((string subject, List<(ulong First, ulong Count)> subjectRuns) in runs)
            {
                AddRuns(subject, subjectRuns);
            }

            LogIndexPosition position = batches[^1].Position;
            _writePosition.Parameters["$treeSize"].Value = checked((long)position.TreeSize);
            _writePosition.Parameters["$root"].Value = position.Root.ToArray();
            _writePosition.ExecuteNonQuery();
        }

        public void Dispose()
        {
            foreach (SqliteCommand command in All)
            {
                command.Dispose();
            }
        }

        /// <summary>Appends a subject's runs, the first lengthening the stored last run when they touch.</summary>
        private void AddRuns(string subject, List<(ulong First, ulong Count)> runs)
        {
            _lastRun.Parameters["$subject"].Value = subject;
            int next = 0;
            using (SqliteDataReader reader = _lastRun.ExecuteReader())
            {
                if (reader.Read())
                {
                    ulong first = (ulong)reader.GetInt64(0);
                    ulong count = (ulong)reader.GetInt64(1);
                    if (runs[0].First < first + count)
                    {
                        throw new InvalidDataException($"Leaves are indexed in ascending order; {subject} has leaves up to {first + count - 1} in the file, the batch adds {runs[0].First}.");
                    }

                    if (runs[0].First == first + count)
                    {
                        reader.Close();
                        RunCommand(_extendRun, subject, first, count + runs[0].Count);
                        next = 1;
                    }
                }
            }

            for (int i = next; i < runs.Count; i++)
            {
                RunCommand(_insertRun, subject, runs[i].First, runs[i].Count);
            }
        }

        private static void RunCommand(SqliteCommand command, string subject, ulong firstLeaf, ulong leafCount)
        {
            command.Parameters["$subject"].Value = subject;
            command.Parameters["$firstLeaf"].Value = checked((long)firstLeaf);
            command.Parameters["$leafCount"].Value = checked((long)leafCount);
            command.ExecuteNonQuery();
        }
    }
}
