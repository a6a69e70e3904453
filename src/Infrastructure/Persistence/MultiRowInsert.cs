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

    private readonly List<(TableShape Shape, IReadOnlyCollection<object> Rows, Func<object, IProperty, object?>? ShadowValue)> _inserts = [];

    /// <summary>Adds one statement that inserts <paramref name="rows"/> (none: no statement).</summary>
    /// <param name="rows">The new entities: nothing tracks them afterwards.</param>
    /// <param name="shadowValue">
    /// The value of each shadow property (a column the entity does not hold) for a row; without it, an entity type with
    /// shadow properties is refused, so that a new column cannot be left silently empty.
    /// </param>
    public MultiRowInsert Add<TEntity>(IReadOnlyCollection<TEntity> rows, Func<TEntity, IProperty, object?>? shadowValue = null)
        where TEntity : class
    {
        if (rows.Count > 0)
        {
            var entityType = db.Model.FindEntityType(typeof(TEntity))
                ?? throw new InvalidOperationException($"{typeof(TEntity)} is not an entity of {db.GetType()}.");
            var shape = Shapes.GetOrAdd(entityType, TableShape.Of, db.GetService<ISqlGenerationHelper>());
            if (shadowValue is null && shape.Columns.FirstOrDefault(c => c.Shadow) is { } shadow)
            {
                throw new NotSupportedException($"{entityType.DisplayName()}.{shadow.Property.Name} is a shadow property: give its values.");
            }

            _inserts.Add((shape, rows, shadowValue is null ? null : (row, property) => shadowValue((TEntity)row, property)));
        }

        return this;
    }

    /// <summary>Runs the statements; false when one was refused because a unique key already holds one of its values.</summary>
    public async Task<bool> TryExecuteAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(cancellationToken);
            return true;
        }
        catch (DbException e) when (UniqueKeyViolation.Is(e))
        {
            return false;
        }
    }

    /// <summary>Runs the statements; a refused one throws the driver's exception.</summary>
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (_inserts.Count == 0)
        {
            return;
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
        foreach (var (shape, rows, shadowValue) in _inserts)
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
                    var value = column.Getter is null ? shadowValue!(row, column.Property) : column.Getter.GetClrValueUsingContainingEntity(row);
                    command.Parameters.Add(column.Mapping.CreateParameter(command, sqlHelper.GenerateParameterName(name), value, column.Nullable));
                    sql.Append(i == 0 ? string.Empty : ", ").Append(sqlHelper.GenerateParameterNamePlaceholder(name));
                }

                sql.Append(')');
            }

            sql.Append(sqlHelper.StatementTerminator).AppendLine();
        }

        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A column of the insert; its getter is null for a shadow property, whose value the caller gives.</summary>
    private sealed record Column(IProperty Property, IClrPropertyGetter? Getter, RelationalTypeMapping Mapping, bool Nullable)
    {
        public bool Shadow => Getter is null;
    }

    /// <summary>An entity type's table as an insert needs it: the statement's head and the columns in its order.</summary>
    private sealed record TableShape(string InsertInto, IReadOnlyList<Column> Columns)
    {
        public static TableShape Of(IEntityType entityType, ISqlGenerationHelper sqlHelper)
        {
            var table = StoreObjectIdentifier.Table(
                entityType.GetTableName() ?? throw new InvalidOperationException($"{entityType} is not mapped to a table."), entityType.GetSchema());
            var properties = entityType.GetProperties().ToList();
            if (properties.FirstOrDefault(p => p.ValueGenerated != ValueGenerated.Never) is { } unsupported)
            {
                // Its value comes from the database: this insert writes only what it is given.
                throw new NotSupportedException($"{entityType.DisplayName()}.{unsupported.Name} is a generated property.");
            }

            var columnNames = properties.Select(p => sqlHelper.DelimitIdentifier(p.GetColumnName(table)!));
            return new TableShape(
                $"INSERT INTO {sqlHelper.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columnNames)})",
                properties.Select(p => new Column(p, p.IsShadowProperty() ? null : p.GetGetter(), p.GetRelationalTypeMapping(), p.IsNullable)).ToList());
        }
    }
}
