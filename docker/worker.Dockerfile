# The queue worker. Build from the repository root: docker build -f docker/worker.Dockerfile .
# The aspnet runtime, not the plain one: the infrastructure uses ASP.NET Core's password hasher and health checks.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/Worker/FlashPurchase.Worker.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
ENTRYPOINT ["dotnet", "FlashPurchase.Worker.dll"]
