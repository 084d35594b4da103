#!/usr/bin/env bash
# Scaffolds the kustomize component of one pipeline: deploy/k8s/pipelines/<dir>/ with its session
# jobs (capture, apply, verify), its recovery service, its two Kafka users and the kustomization
# that merges its file into the lockstep-pipelines ConfigMap and its credentials into the
# lockstep-pipeline-credentials Secret.
#
#   deploy/k8s/new-pipeline.sh DIR PIPELINE_FILE
#
# PIPELINE_FILE is the pipeline as it runs in the cluster: host names, kafka.bootstrap-servers
# lockstep-kafka-bootstrap:9093 (the TLS listener) and a kafka.topic-prefix of its own
# (lockstep-<name>: the Kafka users' ACLs allow the pipeline its own prefix only). Its pipeline.name
# names the jobs and the Kafka users. When the file has no kafka.properties, the copy gets the TLS
# and SCRAM-SHA-512 settings that read this pipeline's Kafka credentials from
# /opt/lockstep/credentials (deploy/README.md, "Kafka security"); a file that has them must have
# exactly those. Then add ../../pipelines/DIR to the components of an overlay. deploy-check's tests
# validate the result.
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 DIR PIPELINE_FILE   (for example: $0 postgres-to-postgres my-pipeline.yaml)" >&2
  exit 2
fi
dir="$(cd "$(dirname "$0")" && pwd)/pipelines/$1"
file="$2"
value() { # the value of a top-level section's key, e.g. value pipeline name
  awk -v section="$1:" -v key="$2:" '
    /^[^ #]/ { in_section = ($1 == section) }
    in_section && $1 == key { print $2; exit }' "$file"
}
has_key() { # whether a top-level section has the key, e.g. has_key kafka properties
  awk -v section="$1:" -v key="$2:" '
    /^[^ #]/ { in_section = ($1 == section) }
    in_section && $1 == key { found = 1; exit }
    END { exit !found }' "$file"
}
name="$(value pipeline name)"
source_env="$(value source password-env)"
target_env="$(value target password-env)"
apply_parallelism="$(value apply parallelism)"
verify_parallelism="$(value verify parallelism)"
bootstrap="$(value kafka bootstrap-servers)"
prefix="$(value kafka topic-prefix)"
apply_group="$(value apply consumer-group)"
verify_group="$(value verify consumer-group)"
if [[ -z "$name" || -z "$source_env" || -z "$target_env" ]]; then
  echo "$file needs pipeline.name, source.password-env and target.password-env" >&2
  exit 1
fi
if [[ ! "$name" =~ ^[a-z][a-z0-9]*$ ]]; then
  echo "pipeline.name '$name' becomes part of Kubernetes object names: use lower case letters and digits only" >&2
  exit 1
fi
if [[ "$bootstrap" != "lockstep-kafka-bootstrap:9093" ]]; then
  echo "kafka.bootstrap-servers must be lockstep-kafka-bootstrap:9093 (the TLS listener of base/kafka.yaml), not '$bootstrap'" >&2
  exit 1
fi
if [[ -z "$prefix" || "$prefix" == "lockstep" ]]; then
  echo "kafka.topic-prefix must be the pipeline's own (lockstep-$name): pipelines in one Kafka must not share a prefix, and the Kafka users' ACLs allow each pipeline its own prefix only" >&2
  exit 1
fi
if [[ -n "$apply_group" || -n "$verify_group" ]]; then
  echo "apply.consumer-group and verify.consumer-group must be left to their defaults (lockstep-apply-$name, lockstep-verify-$name): the Kafka users' ACLs name those groups" >&2
  exit 1
fi
# The variables of this pipeline's Kafka credentials: keys of lockstep-pipeline-credentials for
# the jobs, file names under /opt/lockstep/credentials in every pod.
env_prefix="$(tr '[:lower:]' '[:upper:]' <<< "$name")"
kafka_user_env="${env_prefix}_KAFKA_USERNAME"
kafka_password_env="${env_prefix}_KAFKA_PASSWORD"
credentials=/opt/lockstep/credentials
jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"\${directory:$credentials:$kafka_user_env}\" password=\"\${directory:$credentials:$kafka_password_env}\";"
kafka_properties="  # TLS and SCRAM-SHA-512 (deploy/README.md, \"Kafka security\"). The user name and password are
  # files every pod mounts (in the Flink pods this pipeline's jobs user, in the recovery service
  # its own user); Kafka's DirectoryConfigProvider reads them when a client is created, so
  # neither is in this file, in the job graph or in the printed configuration.
  properties:
    security.protocol: SASL_SSL
    sasl.mechanism: SCRAM-SHA-512
    sasl.jaas.config: '$jaas'
    ssl.truststore.type: PEM
    ssl.truststore.location: /opt/lockstep/kafka-ca/ca.crt
    config.providers: directory
    config.providers.directory.class: org.apache.kafka.common.config.provider.DirectoryConfigProvider
    config.providers.directory.param.allowed.paths: $credentials"

if has_key kafka properties; then
  for expected in "security.protocol: SASL_SSL" "sasl.mechanism: SCRAM-SHA-512" "$jaas" \
    "ssl.truststore.location: /opt/lockstep/kafka-ca/ca.crt"; do
    if ! grep -qF -- "$expected" "$file"; then
      echo "$file has kafka.properties without '$expected'. Remove its kafka.properties (this script then adds them) or make them:" >&2
      echo "$kafka_properties" >&2
      exit 1
    fi
  done
  mkdir -p "$dir"
  cp "$file" "$dir/$name.yaml.tmp"
else
  mkdir -p "$dir"
  # The settings go at the end of the kafka section, before the blank and comment lines that
  # precede the next section.
  KAFKA_PROPERTIES="$kafka_properties" awk '
    function flush() { for (i = 1; i <= n; i++) print pending[i]; n = 0 }
    /^[^ #]/ {
      if (in_kafka && !done) { print ENVIRON["KAFKA_PROPERTIES"]; done = 1 }
      flush()
      in_kafka = ($1 == "kafka:")
      print
      next
    }
    in_kafka && (/^[[:space:]]*$/ || /^#/) { pending[++n] = $0; next }
    { flush(); print }
    END { if (in_kafka && !done) print ENVIRON["KAFKA_PROPERTIES"]; flush() }' "$file" \
    > "$dir/$name.yaml.tmp"
fi
mv "$dir/$name.yaml.tmp" "$dir/$name.yaml"

jar_uri="https://artifacts.example.com/lockstep/lockstep-jobs-0.1.0.jar"
{
  for kind in capture apply verify; do
    case "$kind" in
      capture) class=io.lockstep.capture.CaptureJob parallelism=1 ;;
      apply) class=io.lockstep.apply.ApplyJob parallelism="${apply_parallelism:-1}" ;;
      verify) class=io.lockstep.verify.VerifierJob parallelism="${verify_parallelism:-1}" ;;
    esac
    cat <<YAML
---
apiVersion: flink.apache.org/v1beta1
kind: FlinkSessionJob
metadata:
  name: lockstep-$kind-$name
  namespace: lockstep
  labels:
    app.kubernetes.io/part-of: lockstep
    lockstep.io/pipeline: $name
    lockstep.io/job: $kind
spec:
  deploymentName: lockstep-session
  job:
    # The operator downloads the jar and uploads it to the session cluster (see deploy/README.md).
    jarURI: $jar_uri
    entryClass: $class
    args: ["--config", "/opt/lockstep/pipelines/$name.yaml"]
    parallelism: $parallelism
    upgradeMode: savepoint
    state: running
YAML
  done
} > "$dir/session-jobs.yaml"

cat > "$dir/kafka-users.yaml" <<YAML
# The Kafka users of pipeline $name (docs/security.md, "Who can write to Kafka"). Strimzi's User
# Operator creates each user's SCRAM-SHA-512 credential with the password of the Secret key it
# names, and keeps its ACLs: rules for this pipeline's topics and consumer groups only, nothing on
# the cluster, no transactional ids (the jobs' Kafka sinks are at-least-once, without
# transactions). Anything not allowed is refused. Topic prefix:
#   $prefix.
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaUser
metadata:
  name: lockstep-jobs-$name
  namespace: lockstep
  labels:
    strimzi.io/cluster: lockstep
    app.kubernetes.io/part-of: lockstep
    lockstep.io/pipeline: $name
spec:
  authentication:
    type: scram-sha-512
    # The Flink pods read the same key as a file in $credentials.
    password:
      valueFrom:
        secretKeyRef:
          name: lockstep-pipeline-credentials
          key: $kafka_password_env
  authorization:
    type: simple
    acls:
      # Every topic of the pipeline: the change topics (the capture writes them and creates them
      # on first write; apply and the verifier read them), <prefix>.failed-rows (apply writes
      # refused rows), <prefix>.discrepancies (the verifier writes) and <prefix>.epochs (the
      # capture announces the epochs it opens, the apply job reads them).
      - resource:
          type: topic
          name: $prefix.
          patternType: prefix
        operations: [Describe, Read, Write, Create]
      # The apply job's group (the verifier also reads its committed offsets) and the verifier's.
      - resource:
          type: group
          name: lockstep-apply-$name
          patternType: literal
        operations: [Describe, Read]
      - resource:
          type: group
          name: lockstep-verify-$name
          patternType: literal
        operations: [Describe, Read]
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaUser
metadata:
  name: lockstep-recovery-$name
  namespace: lockstep
  labels:
    strimzi.io/cluster: lockstep
    app.kubernetes.io/part-of: lockstep
    lockstep.io/pipeline: $name
spec:
  authentication:
    type: scram-sha-512
    password:
      valueFrom:
        secretKeyRef:
          name: lockstep-recovery-$name-kafka
          key: password
  authorization:
    type: simple
    acls:
      # Ingest: the dead-letter and discrepancies topics, in the service's own group.
      - resource:
          type: topic
          name: $prefix.failed-rows
          patternType: literal
        operations: [Describe, Read]
      - resource:
          type: topic
          name: $prefix.discrepancies
          patternType: literal
        operations: [Describe, Read]
      - resource:
          type: group
          name: lockstep-recovery-$name
          patternType: literal
        operations: [Describe, Read]
      # Force-sync images go to the row's change topic; the cutover lag lists and describes the
      # change topics. Not Read: the service never consumes them.
      - resource:
          type: topic
          name: $prefix.
          patternType: prefix
        operations: [Describe, Write]
      # ... but never to the control topics (a deny wins over an allow): the dead-letter and
      # discrepancies topics, and above all the epochs topic, whose announcements let a change
      # raise the target's epoch (docs/security.md).
      - type: deny
        resource:
          type: topic
          name: $prefix.failed-rows
          patternType: literal
        operations: [Write]
      - type: deny
        resource:
          type: topic
          name: $prefix.discrepancies
          patternType: literal
        operations: [Write]
      - type: deny
        resource:
          type: topic
          name: $prefix.epochs
          patternType: literal
        operations: [Write]
      # The cutover lag reads the apply group's committed offsets: Describe only, so the service
      # cannot commit offsets for it.
      - resource:
          type: group
          name: lockstep-apply-$name
          patternType: literal
        operations: [Describe]
YAML

cat > "$dir/recovery.yaml" <<YAML
# The recovery service of pipeline $name (docs/recovery-service.md): one per pipeline, since it
# reads that pipeline's failed-rows and discrepancies topics.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: lockstep-recovery-$name
  namespace: lockstep
  labels:
    app.kubernetes.io/name: lockstep-recovery
    app.kubernetes.io/part-of: lockstep
    lockstep.io/pipeline: $name
spec:
  # More replicas are safe (items are taken with a lease and SKIP LOCKED).
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: lockstep-recovery
      lockstep.io/pipeline: $name
  template:
    metadata:
      labels:
        app.kubernetes.io/name: lockstep-recovery
        app.kubernetes.io/part-of: lockstep
        lockstep.io/pipeline: $name
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "8090"
        prometheus.io/path: /actuator/prometheus
    spec:
      serviceAccountName: lockstep-recovery
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        # The group that may read the mounted credentials (mode 0440).
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: recovery
          image: lockstep/recovery-service:0.1.0
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: 8090
              protocol: TCP
          env:
            - name: LOCKSTEP_PIPELINE_CONFIG
              value: /etc/lockstep/pipeline.yaml
            - name: LOCKSTEP_FLINK_REST_URL
              value: http://lockstep-session-rest:8081
            - name: JAVA_TOOL_OPTIONS
              value: -XX:MaxRAMPercentage=75
            # Only this pipeline's passwords, not the whole credentials Secret.
            - name: $source_env
              valueFrom:
                secretKeyRef:
                  name: lockstep-pipeline-credentials
                  key: $source_env
            - name: $target_env
              valueFrom:
                secretKeyRef:
                  name: lockstep-pipeline-credentials
                  key: $target_env
          envFrom:
            # SPRING_DATASOURCE_URL/USERNAME/PASSWORD (the service's store) and LOCKSTEP_API_TOKENS.
            - secretRef:
                name: lockstep-recovery-$name
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: 5
            failureThreshold: 36
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: http
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: http
            periodSeconds: 10
            failureThreshold: 3
          resources:
            requests:
              cpu: 250m
              memory: 512Mi
            limits:
              memory: 1Gi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: pipeline
              mountPath: /etc/lockstep
              readOnly: true
            - name: credentials
              mountPath: $credentials
              readOnly: true
            - name: kafka-ca
              mountPath: /opt/lockstep/kafka-ca
              readOnly: true
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: pipeline
          configMap:
            name: lockstep-pipelines
            items:
              - key: $name.yaml
                path: pipeline.yaml
        # The same file names as in the Flink pods, so that the pipeline file's Kafka settings work
        # in both; here the Kafka user name and password are the recovery service's own user, and
        # the database passwords are this pipeline's only.
        - name: credentials
          projected:
            # 0440: root and the pod's fsGroup read them.
            defaultMode: 288
            sources:
              - secret:
                  name: lockstep-recovery-$name-kafka
                  items:
                    - key: username
                      path: $kafka_user_env
                    - key: password
                      path: $kafka_password_env
              - secret:
                  name: lockstep-pipeline-credentials
                  items:
                    - key: $source_env
                      path: $source_env
                    - key: $target_env
                      path: $target_env
        # The Kafka cluster CA (Strimzi keeps it in lockstep-cluster-ca-cert): the truststore.
        - name: kafka-ca
          secret:
            secretName: lockstep-cluster-ca-cert
            items:
              - key: ca.crt
                path: ca.crt
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: lockstep-recovery-$name
  namespace: lockstep
  labels:
    app.kubernetes.io/name: lockstep-recovery
    app.kubernetes.io/part-of: lockstep
    lockstep.io/pipeline: $name
spec:
  selector:
    app.kubernetes.io/name: lockstep-recovery
    lockstep.io/pipeline: $name
  ports:
    - name: http
      port: 8090
      targetPort: http
      protocol: TCP
---
# Placeholders: replace them before applying (deploy/README.md, "Secrets"). The tokens are SHA-256
# hashes (docs/recovery-service.md, "Tokens"), never the tokens themselves.
apiVersion: v1
kind: Secret
metadata:
  name: lockstep-recovery-$name
  namespace: lockstep
  labels:
    app.kubernetes.io/name: lockstep-recovery
    app.kubernetes.io/part-of: lockstep
    lockstep.io/pipeline: $name
type: Opaque
stringData:
  SPRING_DATASOURCE_URL: jdbc:postgresql://lockstep-store:5432/recovery_$name
  SPRING_DATASOURCE_USERNAME: lockstep_recovery_$name
  SPRING_DATASOURCE_PASSWORD: change-me
  LOCKSTEP_API_TOKENS: change-me:viewer:sha256:0000000000000000000000000000000000000000000000000000000000000000
---
# The recovery service's Kafka user (kafka-users.yaml): Strimzi sets the user's SCRAM password from
# this key, the service reads both as files. Placeholder password: replace it (deploy/README.md,
# "Secrets"), with no trailing newline and no '"' or '\\' (it goes into a JAAS line).
apiVersion: v1
kind: Secret
metadata:
  name: lockstep-recovery-$name-kafka
  namespace: lockstep
  labels:
    app.kubernetes.io/name: lockstep-recovery
    app.kubernetes.io/part-of: lockstep
    lockstep.io/pipeline: $name
type: Opaque
stringData:
  username: lockstep-recovery-$name
  password: change-me
YAML

cat > "$dir/kustomization.yaml" <<YAML
# Pipeline $name: generated by deploy/k8s/new-pipeline.sh from $(basename "$file").
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources:
  - session-jobs.yaml
  - recovery.yaml
  - kafka-users.yaml
configMapGenerator:
  - name: lockstep-pipelines
    behavior: merge
    files:
      - $name.yaml
secretGenerator:
  # Placeholders (deploy/README.md, "Secrets"): the database passwords the pipeline file names,
  # and its jobs' Kafka user (the KafkaUser lockstep-jobs-$name takes its password from here).
  - name: lockstep-pipeline-credentials
    behavior: merge
    literals:
      - $source_env=change-me
      - $target_env=change-me
      - $kafka_user_env=lockstep-jobs-$name
      - $kafka_password_env=change-me
YAML
echo "wrote $dir; add ../../pipelines/$1 to an overlay's components"
