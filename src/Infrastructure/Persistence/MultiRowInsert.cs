using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>
/// One database command of multi-row <c>INSERT</c>s (one per entity type added), written straight from the model's
/// tables, columns and type mappings (so values are stored exactly as SaveChanges stores them), in the caller's
/// transaction. For the hot paths that insert hundreds of new rows at once: no change tracking, no savepoint, one round
/// trip. The statements run in order and stop at the first that fails, which leaves the transaction usable with the
/// earlier statements of the command applied and the failed one rolled back as a whole.
/// </summary>
internal sealed class MultiRowInsert(DbContext db)
{
    private static readonly ConcurrentDictionary<IEntityType, TableShape> Shapes = new();

    private readonly List<(TableShape Shape, IReadOnlyCollection<object> Rows)> _inserts = [];

    /// <summary>Adds one statement that inserts <paramref name="rows"/> (none: no statement).</summary>
    public MultiRowInsert Add<TEntity>(IReadOnlyCollection<TEntity> rows)
        where TEntity : class
    {
        if (rows.Count > 0)
        {
            var entityType = db.Model.FindEntityType(typeof(TEntity))
                ?? throw new InvalidOperationException($"{typeof(TEntity)} is not an entity of {db.GetType()}.");
            _inserts.Add((Shapes.GetOrAdd(entityType, TableShape.Of, db.GetService<ISqlGenerationHelper>()), rows));
        }

        return this;
    }

    /// <summary>Runs the statements; false when one was refused because a unique key already holds one of its values.</summary>
    public async Task<bool> TryExecuteAsync(CancellationToken cancellationToken)
    {
        if (_inserts.Count == 0)
        {
            return true;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A multi-row insert runs in the caller's transaction: its refusal must leave it usable.");
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        if (db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        var sql = new StringBuilder();
        var sqlHelper = db.GetService<ISqlGenerationHelper>();
        foreach (var (shape, rows) in _inserts)
        {
            sql.Append(shape.InsertInto).Append(" VALUES ");
            var firstRow = true;
            foreach (var row in rows)
            {
                sql.Append(firstRow ? "(" : ", (");
                firstRow = false;
                for (var i = 0; i < shape.Columns.Count; i++)
                {
                    var column = shape.Columns[i];
                    var name = "p" + command.Parameters.Count;
                    command.Parameters.Add(column.Mapping.CreateParameter(
                        command, sqlHelper.GenerateParameterName(name), column.Getter.GetClrValueUsingContainingEntity(row), column.Nullable));
                    sql.Append(i == 0 ? string.Empty : ", ").Append(sqlHelper.GenerateParameterNamePlaceholder(name));
                }

                sql.Append(')');
            }

            sql.Append(sqlHelper.StatementTerminator).AppendLine();
        }

        command.CommandText = sql.ToString();
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (DbException e) when (UniqueKeyViolation.Is(e))
        {
            return false;
        }
    }

    private sealed record Column(IClrPropertyGetter Getter, RelationalTypeMapping Mapping, bool Nullable);

    /// <summary>An entity type's table as an insert needs it: the statement's head and the columns in its order.</summary>
    private sealed record TableShape(string InsertInto, IReadOnlyList<Column> Columns)
    {
        public static TableShape Of(IEntityType entityType, ISqlGenerationHelper sqlHelper)
        {
            var table = StoreObjectIdentifier.Table(
                entityType.GetTableName() ?? throw new InvalidOperationException($"{entityType} is not mapped to a table."), entityType.GetSchema());
            var properties = entityType.GetProperties().ToList();
            if (properties.FirstOrDefault(p => p.IsShadowProperty() || p.ValueGenerated != ValueGenerated.Never) is { } unsupported)
            {
                // Their values live in the change tracker or the database: this insert writes only what the entity holds.
                throw new NotSupportedException($"{entityType.DisplayName()}.{unsupported.Name} is a shadow or generated property.");
            }

            var columnNames = properties.Select(p => sqlHelper.DelimitIdentifier(p.GetColumnName(table)!));
            return new TableShape(
                $"INSERT INTO {sqlHelper.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columnNames)})",
                properties.Select(p => new Column(p.GetGetter(), p.GetRelationalTypeMapping(), p.IsNullable)).ToList());
        }
    }
}
