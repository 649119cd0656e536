# Stand-in for mcr.microsoft.com/dotnet/runtime-deps:10.0, for machines that cannot pull it (see
# deploy/docker-host.sh): the Debian base (CA certificates, OpenSSL, ICU, tzdata: what a natively
# compiled .NET program loads at run time) with the official image's non-root user `app` (uid/gid 1654,
# $APP_UID) and its environment. No .NET runtime: the image runs a Native AOT executable.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN groupadd --gid 1654 app \
 && useradd --no-log-init --uid 1654 --gid 1654 --create-home --shell /bin/false app
ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true
