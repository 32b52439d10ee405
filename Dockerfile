# One build, two images: `docker build --target control-plane .` and `--target host-agent`.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests package -pl control-plane,host-agent -am

FROM eclipse-temurin:17-jre AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app

FROM runtime AS control-plane
COPY --from=build /src/control-plane/target/quarkus-app/ /app/
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]

FROM runtime AS host-agent
COPY --from=build /src/host-agent/target/quarkus-app/ /app/
EXPOSE 9810
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
