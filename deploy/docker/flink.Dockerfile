# lockstep/flink:0.1.0: the Flink 2.2 image with the Lockstep job jar and the S3 file system plugin
# (checkpoints, savepoints and HA metadata on S3-compatible storage). Build from the repository root
# after the job jar is built (deploy/README.md):
#   docker build -f deploy/docker/flink.Dockerfile -t lockstep/flink:0.1.0 .
FROM flink:2.2.1-java17
RUN mkdir -p /opt/flink/plugins/s3-fs-presto \
 && cp /opt/flink/opt/flink-s3-fs-presto-2.2.1.jar /opt/flink/plugins/s3-fs-presto/
COPY --chown=flink:flink job-jar/target/lockstep-jobs.jar /opt/flink/usrlib/lockstep-jobs.jar
