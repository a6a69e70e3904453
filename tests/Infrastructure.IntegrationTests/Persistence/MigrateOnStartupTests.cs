using FlashPurchase.Infrastructure.IntegrationTests.Support;
using FlashPurchase.Infrastructure.Persistence;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>
/// Who migrates at start-up when Database:MigrateOnStartup is not set: the embedded default (SQLite, one process) and
/// Development; not the real stack in Production, where the API and every Worker would race, and the migrate command
/// runs once instead. A setting overrides the default either way.
/// </summary>
public sealed class MigrateOnStartupTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Production", null, true)]
    [InlineData(DatabaseProvider.Sqlite, "Development", null, true)]
    [InlineData(DatabaseProvider.MySql, "Development", null, true)]
    [InlineData(DatabaseProvider.MySql, "Production", null, false)]
    [InlineData(DatabaseProvider.MySql, "Staging", null, false)]
    [InlineData(DatabaseProvider.MySql, "Production", true, true)]
    [InlineData(DatabaseProvider.MySql, "Development", false, false)]
    [InlineData(DatabaseProvider.Sqlite, "Production", false, false)]
    public void MigratesOnStartup_DefaultsByProviderAndEnvironment_AndASettingWins(
        DatabaseProvider provider, string environment, bool? setting, bool expected)
    {
        var options = new DatabaseOptions { Provider = provider, MigrateOnStartup = setting };

        options.MigratesOnStartup(new TestHostEnvironment(environment)).Should().Be(expected);
    }
}
