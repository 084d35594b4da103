#!/usr/bin/env bash
# Scaffolds the kustomize component of one pipeline: deploy/k8s/pipelines/<dir>/ with its session
# jobs (capture, apply, verify), its recovery service and the kustomization that merges its file
# into the lockstep-pipelines ConfigMap and its password variables into the credentials Secret.
#
#   deploy/k8s/new-pipeline.sh DIR PIPELINE_FILE
#
# PIPELINE_FILE is the pipeline as it runs in the cluster (host names, kafka.bootstrap-servers
# lockstep-kafka-bootstrap:9092); its pipeline.name names the jobs. Then add
# ../../pipelines/DIR to the components of an overlay. deploy-check's tests validate the result.
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
name="$(value pipeline name)"
source_env="$(value source password-env)"
target_env="$(value target password-env)"
apply_parallelism="$(value apply parallelism)"
verify_parallelism="$(value verify parallelism)"
if [[ -z "$name" || -z "$source_env" || -z "$target_env" ]]; then
  echo "$file needs pipeline.name, source.password-env and target.password-env" >&2
  exit 1
fi
if [[ ! "$name" =~ ^[a-z][a-z0-9]*$ ]]; then
  echo "pipeline.name '$name' becomes part of Kubernetes object names: use lower case letters and digits only" >&2
  exit 1
fi
mkdir -p "$dir"
cp "$file" "$dir/$name.yaml"

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
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: pipeline
          configMap:
            name: lockstep-pipelines
            items:
              - key: $name.yaml
                path: pipeline.yaml
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
YAML

cat > "$dir/kustomization.yaml" <<YAML
# Pipeline $name: generated by deploy/k8s/new-pipeline.sh from $(basename "$file").
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources:
  - session-jobs.yaml
  - recovery.yaml
configMapGenerator:
  - name: lockstep-pipelines
    behavior: merge
    files:
      - $name.yaml
secretGenerator:
  # Placeholders (deploy/README.md, "Secrets").
  - name: lockstep-pipeline-credentials
    behavior: merge
    literals:
      - $source_env=change-me
      - $target_env=change-me
YAML
echo "wrote $dir; add ../../pipelines/$1 to an overlay's components"
