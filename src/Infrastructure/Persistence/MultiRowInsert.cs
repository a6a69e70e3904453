using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlashPurchase.Infrastructure.Persistence;

/// <summary>
/// Inserts many rows of one entity type with one <c>INSERT ... VALUES (...), (...)</c>, written from the model's mapping
/// (table, columns, each column's type mapping and value converter, on either engine). Where <c>SaveChanges</c> would
/// track every entity, snapshot it, and open a savepoint inside the caller's transaction, this is one statement and one
/// round trip: for hot paths that insert a batch of new rows and read nothing back.
/// </summary>
internal static class MultiRowInsert
{
    /// <param name="db">The context; its current transaction, if any, holds the insert.</param>
    /// <param name="rows">The new entities: nothing tracks them afterwards.</param>
    /// <param name="shadowValue">The value of each shadow property (a column the entity does not hold) for a row.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    public static async Task ExecuteAsync<TEntity>(
        DbContext db, IReadOnlyList<TEntity> rows, Func<TEntity, IProperty, object?> shadowValue, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = StoreObjectIdentifier.Create(entityType, StoreObjectType.Table)
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped to a table.");
        var columns = entityType.GetProperties().ToList();
        var sql = db.GetService<ISqlGenerationHelper>();

        // EF formats the raw SQL: {n} becomes the n-th parameter's name, in the engine's own syntax.
        var text = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(table.Name, table.Schema)).Append(" (")
            .AppendJoin(", ", columns.Select(column => sql.DelimitIdentifier(column.GetColumnName(table)!)))
            .Append(") VALUES ");
        var parameters = new List<object>(rows.Count * columns.Count);
        await using var parameterSource = db.Database.GetDbConnection().CreateCommand(); // only makes the parameters
        foreach (var row in rows)
        {
            text.Append(parameters.Count == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                var index = parameters.Count.ToString(CultureInfo.InvariantCulture);
                text.Append(c == 0 ? "{" : ", {").Append(index).Append('}');
                var value = column.IsShadowProperty() ? shadowValue(row, column) : column.GetGetter().GetClrValue(row);
                DbParameter parameter = column.GetRelationalTypeMapping()
                    .CreateParameter(parameterSource, "p" + index, value, column.IsNullable);
                parameters.Add(parameter);
            }

            text.Append(')');
        }

        await db.Database.ExecuteSqlRawAsync(text.ToString(), parameters, cancellationToken);
    }
}
