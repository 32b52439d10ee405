# One build, two images: `docker build --target control-plane .` and `--target host-agent`.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests package -pl control-plane,host-agent -am

FROM eclipse-temurin:17-jre AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl iproute2 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

FROM runtime AS control-plane
COPY --from=build /src/control-plane/target/quarkus-app/ /app/
COPY control-plane/jvm.options /app/jvm.options
EXPOSE 8080
# a bounded heap (README, Configuration); JAVA_OPTS comes after, so -Xmx there overrides it
ENTRYPOINT ["sh", "-c", "exec java $(cat /app/jvm.options) $JAVA_OPTS -jar /app/quarkus-run.jar"]

FROM runtime AS host-agent
COPY --from=build /src/host-agent/target/quarkus-app/ /app/
COPY host-agent/jvm.options /app/jvm.options
EXPOSE 9810
# `docker run ... host-agent analyze` works too: arguments pass through
ENTRYPOINT ["sh", "-c", "exec java $(cat /app/jvm.options) -jar /app/quarkus-run.jar \"$@\"", "host-agent"]
