# lockstep/recovery-service:0.1.0: the recovery service's runnable jar on a JRE 17. Build from the
# repository root after `mvn -B -o -q install -DskipTests -pl common-model,recovery-core,recovery-service`:
#   docker build -f deploy/docker/recovery-service.Dockerfile -t lockstep/recovery-service:0.1.0 .
FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --no-create-home lockstep
COPY recovery-service/target/lockstep-recovery-service-0.1.0-SNAPSHOT-exec.jar /opt/lockstep/recovery-service.jar
USER 10001
EXPOSE 8090
ENTRYPOINT ["java", "-jar", "/opt/lockstep/recovery-service.jar"]
