# Stand-in for mcr.microsoft.com/dotnet/sdk:10.0, for machines that cannot pull it (see
# deploy/docker-host.sh): this machine's .NET SDK on the runtime stand-in. NuGet is not reachable from
# inside a container there (its TLS does not verify), so restores are offline: the machine's NuGet
# packages folder (the build context's `packages`) is both the global packages folder and the only
# package source, and NuGetAudit is off (the audit would ask nuget.org for vulnerability data).
ARG RUNTIME_IMAGE
FROM ${RUNTIME_IMAGE}
COPY dotnet /usr/share/dotnet
COPY packages /root/.nuget/packages
COPY NuGet.Config /root/.nuget/NuGet/NuGet.Config
ENV NUGET_PACKAGES=/root/.nuget/packages \
    NuGetAudit=false \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    DOTNET_GENERATE_ASPNET_CERTIFICATE=false
