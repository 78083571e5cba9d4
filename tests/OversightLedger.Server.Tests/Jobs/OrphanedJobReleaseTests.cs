using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Logging.Abstractions;
using OversightLedger.Server.Jobs;
using OversightLedger.Server.Tests.Persistence;

namespace OversightLedger.Server.Tests.Jobs;

/// <summary>
/// A run fetched by a process that was then killed stays invisible to the workers of the SQLite storage for its
/// 30-minute invisibility timeout; the embedded server releases such runs before its workers start, so they run at once.
/// On the real storage and its real database.
/// </summary>
public sealed class OrphanedJobReleaseTests
{
    private static readonly string[] Queues = ["default"];

    [Fact]
    public void A_run_fetched_by_a_killed_process_is_fetched_again_only_after_the_release()
    {
        using var directory = new SqliteTestDirectory();
        string path = Path.Combine(directory.Root, "jobs.db");
        Assert.Equal(0, OrphanedJobRelease.Release(path, NullLogger.Instance));
        string jobId;
        using (SQLiteStorage before = JobsSetup.OpenSqliteStorage(path))
        {
            jobId = new BackgroundJobClient(before).Enqueue(() => Console.WriteLine("never run here: only enqueued and fetched"));
            using IStorageConnection connection = before.GetConnection();

            // Fetched and never acknowledged nor given back: what a kill -9 leaves (disposing would put it back).
            IFetchedJob fetched = connection.FetchNextJob(Queues, TestContext.Current.CancellationToken);
            Assert.Equal(jobId, fetched.JobId);
        }

        using (SQLiteStorage restarted = JobsSetup.OpenSqliteStorage(path))
        using (IStorageConnection connection = restarted.GetConnection())
        using (var shortly = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            Assert.ThrowsAny<OperationCanceledException>(() => connection.FetchNextJob(Queues, shortly.Token));
        }

        Assert.Equal(1, OrphanedJobRelease.Release(path, NullLogger.Instance));

        using (SQLiteStorage released = JobsSetup.OpenSqliteStorage(path))
        using (IStorageConnection connection = released.GetConnection())
        using (var soon = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            using IFetchedJob again = connection.FetchNextJob(Queues, soon.Token);
            Assert.Equal(jobId, again.JobId);
            again.RemoveFromQueue();
        }

        Assert.Equal(0, OrphanedJobRelease.Release(path, NullLogger.Instance));
    }
}
