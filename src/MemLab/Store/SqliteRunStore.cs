using System.Globalization;
using System.Text;
using System.Text.Json;
using MemLab.Experiments;
using Microsoft.Data.Sqlite;

namespace MemLab.Store;

/// <summary>
/// A SQLite results database holding one sweep: a <c>sweep</c> table with the spec (JSON) and its hash, and a
/// <c>runs</c> table with one row per finished run (cell, parameters as JSON, repetition, seed, status, message,
/// metrics as JSON, start time, duration, memlab version, machine). The database is in WAL mode with full
/// synchronisation and every run is its own transaction, so a sweep killed at any moment keeps every run it
/// finished; a unique key on (spec hash, cell, repetition) makes a run impossible to record twice. A <c>claims</c>
/// table lets several processes share one database: each run is claimed before it is computed (<see cref="TryClaim"/>),
/// and a claim expires when its process stops renewing it (killed) or, on the same machine, as soon as the process is gone.
/// </summary>
public sealed class SqliteRunStore : IRunStore, IDisposable
{
    private const int SchemaVersion = 1;
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteReadOnly = 8, SqliteIoError = 10, SqliteCorrupt = 11, SqliteFull = 13,
        SqliteCannotOpen = 14, SqliteNotADatabase = 26;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS sweep (
            spec_hash TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, spec_json TEXT NOT NULL, created_utc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY,
            spec_hash TEXT NOT NULL REFERENCES sweep (spec_hash),
            cell_index INTEGER NOT NULL, cell TEXT NOT NULL, parameters TEXT NOT NULL,
            repetition INTEGER NOT NULL, seed TEXT NOT NULL,
            status TEXT NOT NULL, message TEXT, metrics TEXT NOT NULL,
            started_utc TEXT NOT NULL, duration_ms REAL NOT NULL,
            memlab_version TEXT NOT NULL, machine TEXT NOT NULL,
            UNIQUE (spec_hash, cell_index, repetition));
        CREATE TABLE IF NOT EXISTS claims (
            spec_hash TEXT NOT NULL, cell_index INTEGER NOT NULL, repetition INTEGER NOT NULL,
            owner TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL, expires_ms INTEGER NOT NULL,
            PRIMARY KEY (spec_hash, cell_index, repetition));
        """;

    private const string Columns = "cell_index, repetition, seed, status, message, metrics, started_utc, duration_ms, memlab_version, machine";

    private readonly SqliteConnection _connection;
    private readonly TimeSpan _lockTimeout;
    private readonly Lock _gate = new();
    private readonly SqliteCommand _insert;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private Timer? _heartbeat;

    private SqliteRunStore(string path, SqliteConnection connection, SweepSpec spec, TimeSpan lockTimeout)
    {
        Path = path;
        _connection = connection;
        Spec = spec;
        _lockTimeout = lockTimeout;
        _insert = connection.CreateCommand();
        _insert.CommandText = $"""
            INSERT INTO runs (spec_hash, cell, parameters, {Columns})
            VALUES ($hash, $cell, $parameters, $cell_index, $repetition, $seed, $status, $message, $metrics, $started, $duration, $version, $machine)
            ON CONFLICT (spec_hash, cell_index, repetition) DO UPDATE SET
                seed = excluded.seed, status = excluded.status, message = excluded.message, metrics = excluded.metrics,
                started_utc = excluded.started_utc, duration_ms = excluded.duration_ms,
                memlab_version = excluded.memlab_version, machine = excluded.machine
            WHERE runs.status = 'failed'
            """;
    }

    /// <summary>How long a claim lives without renewal: a killed process's runs are free again after this. Live processes renew theirs every third of it.</summary>
    public static TimeSpan ClaimLease { get; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for a database another process is writing before giving up: 30 seconds.</summary>
    public static TimeSpan DefaultLockTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The sweep the database holds.</summary>
    public SweepSpec Spec { get; }

    /// <summary>
    /// Opens the database at <paramref name="path"/> for <paramref name="spec"/>, creating it when absent. A database
    /// another process is writing is waited for up to <paramref name="lockTimeout"/>.
    /// </summary>
    /// <exception cref="MemLabException">The path is a folder or its folder does not exist, the file is not a SQLite
    /// database (InvalidFile), the database holds a different sweep spec (ResultsStore: the message suggests a new
    /// new database file), a newer schema version than this memlab reads (ResultsStore), or it stays locked past the timeout (ResultsStore).</exception>
    public static SqliteRunStore Open(string path, SweepSpec spec, TimeSpan lockTimeout)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(spec);
        if (Directory.Exists(path))
            throw MemLabException.InvalidFile(path, "is a folder; give the path of a database file, for example results.db.");
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
            throw MemLabException.FileNotFound(folder, "Create the folder first or write the database elsewhere.");
        var connection = Connect(path, SqliteOpenMode.ReadWriteCreate, lockTimeout);
        return Guarded(path, lockTimeout, connection, () =>
        {
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                RequireKnownSchema(connection, path);
                Execute(connection, Schema + $"PRAGMA user_version = {SchemaVersion};");
                var stored = ReadSweep(connection);
                if (stored is null)
                {
                    using var insert = connection.CreateCommand();
                    insert.CommandText = "INSERT INTO sweep (spec_hash, name, version, spec_json, created_utc) VALUES ($hash, $name, $version, $json, $created)";
                    insert.Parameters.AddWithValue("$hash", spec.Hash);
                    insert.Parameters.AddWithValue("$name", spec.Name);
                    insert.Parameters.AddWithValue("$version", spec.Version);
                    insert.Parameters.AddWithValue("$json", spec.ToJson());
                    insert.Parameters.AddWithValue("$created", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                    insert.ExecuteNonQuery();
                }
                else if (stored.Value.Hash != spec.Hash)
                {
                    throw MemLabException.ResultsStore(
                        $"{path} holds results of sweep '{stored.Value.Name}' (spec {Short(stored.Value.Hash)}), not of this spec '{spec.Name}' " +
                        $"(spec {Short(spec.Hash)}); a database holds one sweep spec. Write the changed spec's results to a new database file (--db for sweep run, -o for merge), or restore the original spec to resume.");
                }
                transaction.Commit();
            }
            return new SqliteRunStore(path, connection, spec, lockTimeout);
        });
    }

    /// <summary>Opens an existing results database to read it or merge from it; the spec is the one it holds.</summary>
    /// <exception cref="MemLabException">The file is missing (FileNotFound), is not a memlab results database (InvalidFile), or stays locked past the timeout (ResultsStore).</exception>
    public static SqliteRunStore OpenExisting(string path, TimeSpan lockTimeout)
    {
        ArgumentNullException.ThrowIfNull(path);
        ExistingFile.Require(path, "Give the path of a results database written by 'memlab sweep run'.");
        var connection = Connect(path, SqliteOpenMode.ReadOnly, lockTimeout);
        return Guarded(path, lockTimeout, connection, () =>
        {
            RequireKnownSchema(connection, path);
            bool hasSweep = Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sweep', 'runs')") == 2;
            var stored = hasSweep ? ReadSweep(connection) : null;
            if (stored is null)
                throw MemLabException.InvalidFile(path, "is a SQLite database but holds no memlab sweep; give a database written by 'memlab sweep run'.");
            var spec = SweepSpec.Parse(stored.Value.Json, path);
            if (spec.Hash != stored.Value.Hash)
                throw MemLabException.InvalidFile(path,
                    $"records spec hash {Short(stored.Value.Hash)} but its spec hashes to {Short(spec.Hash)}; the database was edited or written by an incompatible memlab.");
            return new SqliteRunStore(path, connection, spec, lockTimeout);
        });
    }

    /// <summary>
    /// Merges the results databases <paramref name="inputs"/> (for example the shards of one sweep) into
    /// <paramref name="output"/>, creating it when absent, in one transaction. Runs the output already holds with
    /// identical results are skipped, so merging again changes nothing.
    /// </summary>
    /// <exception cref="MemLabException">No inputs (InvalidOptions); an input is missing or not a results database;
    /// the inputs or the output hold different sweep specs; or two databases hold different results (seed, status,
    /// message or metrics) for the same run (ResultsStore, naming the run and both files; the output is left unchanged).</exception>
    public static MergeSummary Merge(IReadOnlyList<string> inputs, string output, TimeSpan lockTimeout)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        if (inputs.Count == 0)
            throw MemLabException.InvalidOptions("Merge got no input databases; name at least one, for example memlab merge shard-0.db shard-1.db -o all.db.");
        var sources = new List<SqliteRunStore>();
        try
        {
            foreach (string input in inputs) sources.Add(OpenExisting(input, lockTimeout));
            var first = sources[0];
            foreach (var other in sources.Skip(1).Where(s => s.Spec.Hash != first.Spec.Hash))
                throw MemLabException.ResultsStore(
                    $"{other.Path} holds sweep '{other.Spec.Name}' (spec {Short(other.Spec.Hash)}) but {first.Path} holds '{first.Spec.Name}' " +
                    $"(spec {Short(first.Spec.Hash)}); only databases of one sweep spec merge. Merge each sweep into its own output.");
            bool created = !File.Exists(output);
            try
            {
                using var target = Open(output, first.Spec, lockTimeout);
                return target.MergeFrom(sources);
            }
            catch (MemLabException) when (created)
            {
                // A refused merge leaves no trace: not even the empty database it opened.
                foreach (string file in new[] { output, output + "-wal", output + "-shm" }) File.Delete(file);
                throw;
            }
        }
        finally
        {
            foreach (var source in sources) source.Dispose();
        }
    }

    /// <inheritdoc/>
    public IReadOnlySet<RunKey> RecordedRuns() => Guard(() =>
    {
        lock (_gate)
        {
            using var query = _connection.CreateCommand();
            query.CommandText = "SELECT cell_index, repetition FROM runs WHERE spec_hash = $hash AND status = 'ok'";
            query.Parameters.AddWithValue("$hash", Spec.Hash);
            using var reader = query.ExecuteReader();
            var keys = new HashSet<RunKey>();
            while (reader.Read()) keys.Add(new RunKey(reader.GetInt32(0), reader.GetInt32(1)));
            return keys;
        }
    });

    /// <inheritdoc/>
    public void Record(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Guard(() =>
        {
            lock (_gate)
            {
                Insert(_insert, record);
                // A successful run needs its claim no longer; a failed one keeps it while this process lives, so
                // another process does not compute it again at the same time.
                if (record.Status == RunStatus.Ok)
                {
                    using var release = _connection.CreateCommand();
                    release.CommandText = "DELETE FROM claims WHERE spec_hash = $hash AND cell_index = $cell AND repetition = $repetition AND owner = $owner";
                    AddKey(release, record.Key);
                    release.Parameters.AddWithValue("$owner", _owner);
                    release.ExecuteNonQuery();
                }
            }
            return 0;
        });
    }

    /// <inheritdoc/>
    public bool TryClaim(RunKey key) => Guard(() =>
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            using var query = _connection.CreateCommand();
            query.Transaction = transaction;
            AddKey(query, key);
            query.CommandText = "SELECT count(*) FROM runs WHERE spec_hash = $hash AND cell_index = $cell AND repetition = $repetition AND status = 'ok'";
            if ((long)query.ExecuteScalar()! > 0) return false;
            query.CommandText = "SELECT owner, host, pid, expires_ms FROM claims WHERE spec_hash = $hash AND cell_index = $cell AND repetition = $repetition";
            using (var reader = query.ExecuteReader())
            {
                if (reader.Read() && reader.GetString(0) != _owner && Live(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)))
                    return false;
            }
            query.CommandText = """
                INSERT INTO claims (spec_hash, cell_index, repetition, owner, host, pid, expires_ms)
                VALUES ($hash, $cell, $repetition, $owner, $host, $pid, $expires)
                ON CONFLICT (spec_hash, cell_index, repetition) DO UPDATE SET
                    owner = excluded.owner, host = excluded.host, pid = excluded.pid, expires_ms = excluded.expires_ms
                """;
            query.Parameters.AddWithValue("$owner", _owner);
            query.Parameters.AddWithValue("$host", Environment.MachineName);
            query.Parameters.AddWithValue("$pid", Environment.ProcessId);
            query.Parameters.AddWithValue("$expires", ClaimExpiry());
            query.ExecuteNonQuery();
            transaction.Commit();
            _heartbeat ??= new Timer(_ => RenewClaims(), null, ClaimLease / 3, ClaimLease / 3);
            return true;
        }
    });

    /// <summary>Every recorded run, in grid order (cell, then repetition).</summary>
    /// <exception cref="MemLabException">A row does not match the sweep's grid (InvalidFile), or the database stays locked past the timeout.</exception>
    public IReadOnlyList<RunRecord> ReadRuns() => Guard(() =>
    {
        lock (_gate)
        {
            var cells = new Dictionary<int, SweepCell>();
            int cellCount = Spec.CellCount;
            using var query = _connection.CreateCommand();
            query.CommandText = $"SELECT {Columns} FROM runs WHERE spec_hash = $hash ORDER BY cell_index, repetition";
            query.Parameters.AddWithValue("$hash", Spec.Hash);
            using var reader = query.ExecuteReader();
            var runs = new List<RunRecord>();
            while (reader.Read())
            {
                int cell = reader.GetInt32(0);
                if (cell < 0 || cell >= cellCount)
                    throw MemLabException.InvalidFile(Path, $"has a run for cell {cell}, but the sweep has {cellCount} cells; the database was edited by hand.");
                if (!cells.TryGetValue(cell, out var gridCell)) cells[cell] = gridCell = Spec.CellAt(cell);
                runs.Add(new RunRecord(
                    gridCell,
                    reader.GetInt32(1),
                    new Seed(ulong.Parse(reader.GetString(2), CultureInfo.InvariantCulture)),
                    Enum.Parse<RunStatus>(reader.GetString(3), ignoreCase: true),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    ParseMetrics(reader.GetString(5)),
                    DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                    reader.GetDouble(7),
                    reader.GetString(8),
                    reader.GetString(9)));
            }
            return runs;
        }
    });

    /// <summary>Releases this process's claims and closes the database.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_heartbeat is not null)
            {
                _heartbeat.Dispose();
                _heartbeat = null;
                TryOwnClaims("DELETE FROM claims WHERE owner = $owner");
            }
            _insert.Dispose();
            _connection.Dispose();
        }
    }

    private void RenewClaims()
    {
        lock (_gate)
        {
            if (_heartbeat is null) return;
            TryOwnClaims("UPDATE claims SET expires_ms = $expires WHERE owner = $owner");
        }
    }

    /// <summary>Runs a statement on this process's claims; a failure (a busy database) is left to the claims' expiry.</summary>
    private void TryOwnClaims(string sql)
    {
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$owner", _owner);
            if (sql.Contains("$expires", StringComparison.Ordinal)) command.Parameters.AddWithValue("$expires", ClaimExpiry());
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Expiry frees the claims of a process that cannot reach its database.
        }
    }

    private static long ClaimExpiry() => DateTimeOffset.UtcNow.Add(ClaimLease).ToUnixTimeMilliseconds();

    /// <summary>Whether a claim still holds: not expired, and on this machine its process still runs.</summary>
    private static bool Live(string host, int pid, long expiresMilliseconds) =>
        expiresMilliseconds > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()
        && (host != Environment.MachineName || LiveProcess.IsRunning(pid));

    private void AddKey(SqliteCommand command, RunKey key)
    {
        command.Parameters.AddWithValue("$hash", Spec.Hash);
        command.Parameters.AddWithValue("$cell", key.CellIndex);
        command.Parameters.AddWithValue("$repetition", key.Repetition);
    }

    /// <summary>The metrics of a run as stored: a JSON object in the given order, numbers in shortest round-trip form.</summary>
    internal static string MetricsJson(IReadOnlyDictionary<string, double?> metrics)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in metrics)
            {
                if (value is double number) json.WriteNumber(name, number);
                else json.WriteNull(name);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private MergeSummary MergeFrom(IReadOnlyList<SqliteRunStore> sources) => Guard(() =>
    {
        var held = ReadRuns().ToDictionary(r => r.Key);
        var origin = held.Keys.ToDictionary(k => k, _ => Path);
        int added = 0, present = 0;
        using var transaction = _connection.BeginTransaction(deferred: false);
        using var insert = _connection.CreateCommand();
        insert.CommandText = _insert.CommandText;
        insert.Transaction = transaction;
        foreach (var source in sources)
            foreach (var run in source.ReadRuns())
            {
                if (held.TryGetValue(run.Key, out var existing))
                {
                    if (!SameResult(existing, run))
                        throw MemLabException.ResultsStore(
                            $"{source.Path} and {origin[run.Key]} hold different results for cell {run.Cell.Key} repetition {run.Repetition}: " +
                            $"{Describe(run)} versus {Describe(existing)}. Nothing was merged; re-run that cell into a fresh --db to find which is right.");
                    present++;
                    continue;
                }
                Insert(insert, run);
                held[run.Key] = run;
                origin[run.Key] = source.Path;
                added++;
            }
        transaction.Commit();
        return new MergeSummary(sources.Count, added, present, held.Count);
    });

    private void Insert(SqliteCommand command, RunRecord record)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$hash", Spec.Hash);
        command.Parameters.AddWithValue("$cell", record.Cell.Key);
        command.Parameters.AddWithValue("$parameters", ParametersJson(record.Cell));
        command.Parameters.AddWithValue("$cell_index", record.Cell.Index);
        command.Parameters.AddWithValue("$repetition", record.Repetition);
        command.Parameters.AddWithValue("$seed", record.Seed.ToString());
        command.Parameters.AddWithValue("$status", record.Status == RunStatus.Ok ? "ok" : "failed");
        command.Parameters.AddWithValue("$message", (object?)record.Message ?? DBNull.Value);
        command.Parameters.AddWithValue("$metrics", MetricsJson(record.Metrics));
        command.Parameters.AddWithValue("$started", record.Started.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$duration", record.DurationMilliseconds);
        command.Parameters.AddWithValue("$version", record.MemlabVersion);
        command.Parameters.AddWithValue("$machine", record.Machine);
        command.ExecuteNonQuery();
    }

    private static bool SameResult(RunRecord a, RunRecord b) =>
        a.Seed == b.Seed && a.Status == b.Status && a.Message == b.Message && MetricsJson(a.Metrics) == MetricsJson(b.Metrics);

    private static string Describe(RunRecord run) =>
        run.Status == RunStatus.Ok ? $"seed {run.Seed}, metrics {MetricsJson(run.Metrics)}" : $"seed {run.Seed}, failed: {run.Message}";

    private static string ParametersJson(SweepCell cell)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in cell.Parameters) json.WriteString(name, value);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Dictionary<string, double?> ParseMetrics(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.Null ? (double?)null : p.Value.GetDouble(),
            StringComparer.Ordinal);
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode, TimeSpan lockTimeout)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(lockTimeout.TotalSeconds)),
        }.ToString());
        return Guarded(path, lockTimeout, connection, () =>
        {
            connection.Open();
            Execute(connection, string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(long)lockTimeout.TotalMilliseconds};"));
            if (mode != SqliteOpenMode.ReadOnly)
                Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
            return connection;
        });
    }

    /// <summary>Refuses a database whose schema version is newer than this memlab's (version 0 is a new, empty file).</summary>
    private static void RequireKnownSchema(SqliteConnection connection, string path)
    {
        long version = Scalar(connection, "PRAGMA user_version");
        if (version > SchemaVersion)
            throw MemLabException.ResultsStore(
                $"{path} has results schema version {version}, but this memlab reads versions up to {SchemaVersion}; it was written by a newer memlab. Use that version, or write a new --db.");
    }

    private static (string Hash, string Name, string Json)? ReadSweep(SqliteConnection connection)
    {
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT spec_hash, name, spec_json FROM sweep";
        using var reader = query.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static string Short(string hash) => hash[..12];

    private T Guard<T>(Func<T> action) => Translate(Path, _lockTimeout, action);

    /// <summary>Runs <paramref name="action"/>, closing <paramref name="connection"/> when it throws.</summary>
    private static T Guarded<T>(string path, TimeSpan lockTimeout, SqliteConnection connection, Func<T> action)
    {
        bool done = false;
        try
        {
            T result = Translate(path, lockTimeout, action);
            done = true;
            return result;
        }
        finally
        {
            if (!done) connection.Dispose();
        }
    }

    /// <summary>Turns SQLite's "busy" and "not a database" errors into messages that say what to do, keeping the original as the inner exception.</summary>
    private static T Translate<T>(string path, TimeSpan lockTimeout, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException error) when (error.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            throw MemLabException.ResultsStore(
                string.Create(CultureInfo.InvariantCulture,
                    $"{path} is locked by another process (waited {lockTimeout.TotalSeconds:0.#} s); wait until that process finishes, or use a different database file."),
                error);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteNotADatabase)
        {
            throw MemLabException.InvalidFile(path, "is not a SQLite database; give a results database, or a new --db path to create one.", error);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SqliteCorrupt)
        {
            throw MemLabException.InvalidFile(path,
                "is damaged (SQLite: database disk image is malformed), for example truncated or overwritten; restore it from a copy, or merge the shard databases it came from into a new file.", error);
        }
        catch (SqliteException error) when (error.SqliteErrorCode is SqliteFull or SqliteIoError)
        {
            throw MemLabException.FileAccess(path,
                $"cannot be written ({error.Message.TrimEnd('.')}); the runs recorded so far are kept. Free some disk space and run the same command again to resume.", error);
        }
        catch (Exception error) when (error is JsonException or FormatException or InvalidCastException or OverflowException)
        {
            throw MemLabException.InvalidFile(path, $"holds a row memlab cannot read ({error.Message.TrimEnd('.')}); the database was edited or damaged. Restore it from a copy.", error);
        }
        catch (SqliteException error) when (error.SqliteErrorCode is SqliteReadOnly or SqliteCannotOpen)
        {
            throw MemLabException.InvalidFile(path,
                "cannot be opened for writing (SQLite needs to write the file and create journal files beside it); " +
                "check the permissions of the file and its folder, or copy the database somewhere writable.", error);
        }
    }
}
