# Stand-in for mcr.microsoft.com/dotnet/aspnet:10.0, for machines that cannot pull it (see
# deploy/docker-host.sh): this machine's .NET and ASP.NET Core runtimes (the build context) on the
# Debian base, with the official image's non-root user `app` (uid/gid 1654, $APP_UID).
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && groupadd --gid 1654 app \
 && useradd --uid 1654 --gid 1654 --create-home --shell /bin/false app
ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
