# Stand-in for mcr.microsoft.com/dotnet/sdk:10.0-noble-aot, for machines that cannot pull it (see
# deploy/docker-host.sh): this machine's .NET (SDK and shared runtimes, the build context's `dotnet`) on
# the runtime-deps stand-in, plus what Native AOT links with: clang (Debian 12's clang 14) as the
# compiler driver, and binutils for GNU ld, which the ILCompiler's targets ask clang for on Linux
# (-fuse-ld=bfd), and objcopy, which splits the symbols off into ingestion.dbg. zlib needs no -dev
# package: the ILCompiler package carries its own libz.a.
#
# NuGet is not reachable from inside a container there (its TLS does not verify), so restores are
# offline: the machine's NuGet packages folder (the build context's `packages`, which must hold the
# ILCompiler and runtime packs a Native AOT restore asks for) is both the global packages folder and
# the only package source, and NuGetAudit is off (the audit would ask nuget.org for vulnerability data).
ARG RUNTIME_DEPS_IMAGE
FROM ${RUNTIME_DEPS_IMAGE}
# First: the layer stays cached when only the .NET or the packages change.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang binutils >/dev/null \
 && rm -rf /var/lib/apt/lists/*
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
COPY packages /root/.nuget/packages
COPY NuGet.Config /root/.nuget/NuGet/NuGet.Config
ENV NUGET_PACKAGES=/root/.nuget/packages \
    NuGetAudit=false \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    DOTNET_GENERATE_ASPNET_CERTIFICATE=false
