package io.lockstep.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.engines.DataSources;
import io.lockstep.engines.Endpoint;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.schema.SchemaBootstrap;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source password in a mounted file ({@code source.password-file}) is read by the capture task
 * each time it connects, not carried in the job graph: after the password is rotated on the server
 * and in the file, a restarted task manager connects with the new one and the stream goes on. No
 * log line of the run shows either password.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SecretFileIT {

  private static final String USER = "lockstep_capture";

  /** Lines put first in the source's pg_hba.conf: this user must give its password. */
  private static final String PASSWORD_REQUIRED =
      """
      host all %1$s 0.0.0.0/0 scram-sha-256
      host all %1$s ::/0 scram-sha-256
      host replication %1$s 0.0.0.0/0 scram-sha-256
      host replication %1$s ::/0 scram-sha-256
      """
          .formatted(USER);

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  @TempDir Path secrets;

  @Test
  void aRotatedPasswordFileIsReadWhenTheCaptureReconnects() throws Exception {
    EmbeddedStack stack = STACK.stack();
    Path passwordFile = Files.writeString(secrets.resolve("source-password"), "First-Pa55\n");
    PipelineConfig config = config(stack, passwordFile);
    try (InfoLogs logs = InfoLogs.capture()) {
      replicateAcrossARotation(stack, config, passwordFile);
      assertThat(logs.text())
          .as("every INFO line of the run: Debezium's and Kafka's configuration dumps included")
          .contains("database.password = ********")
          .doesNotContain("First-Pa55")
          .doesNotContain("Rotated-Pa55");
    }
  }

  private static void replicateAcrossARotation(
      EmbeddedStack stack, PipelineConfig config, Path passwordFile) throws Exception {
    try (Connection root = stack.source().connect();
        Statement st = root.createStatement()) {
      requirePasswords(st);
      st.execute("SET password_encryption = 'scram-sha-256'");
      st.execute("CREATE ROLE " + USER + " LOGIN REPLICATION PASSWORD 'First-Pa55'");
      st.execute("GRANT CREATE ON DATABASE " + stack.source().database() + " TO " + USER);
      st.execute("CREATE SCHEMA shop AUTHORIZATION " + USER);
      st.execute("CREATE TABLE shop.accounts (id int PRIMARY KEY, name text)");
      st.execute("ALTER TABLE shop.accounts OWNER TO " + USER);
      insert(st, 1, 50);
      assertThatThrownBy(() -> connectAsCapture(stack, "Wrong-Pa55"))
          .as("the server checks this user's password")
          .isInstanceOf(SQLException.class);
      SchemaBootstrap.apply(config, SchemaBootstrap.plan(config, root));

      new LocalPipeline(stack.flink(), config).start();
      awaitTargetRows(stack, 50);

      st.execute("ALTER ROLE " + USER + " PASSWORD 'Rotated-Pa55'");
      Files.writeString(passwordFile, "Rotated-Pa55\n");
      stack.flink().restartTaskManager();
      insert(st, 51, 100);
    }
    awaitTargetRows(stack, 100);
  }

  /**
   * Every log event at INFO and above while it is open, in memory; the console keeps its own level.
   */
  private static final class InfoLogs implements AutoCloseable {
    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig root = context.getConfiguration().getRootLogger();
    private final Level rootLevel = root.getLevel();
    private final WriterAppender appender =
        WriterAppender.newBuilder()
            .setName("secret-file-it")
            .setTarget(text)
            .setLayout(PatternLayout.newBuilder().withPattern("%c - %m%n%ex").build())
            .build();

    static InfoLogs capture() {
      InfoLogs logs = new InfoLogs();
      logs.appender.start();
      for (Appender other : logs.root.getAppenders().values()) {
        logs.root.removeAppender(other.getName());
        logs.root.addAppender(other, logs.rootLevel, null);
      }
      logs.root.addAppender(logs.appender, Level.INFO, null);
      logs.root.setLevel(Level.INFO);
      logs.context.updateLoggers();
      return logs;
    }

    String text() {
      return text.toString();
    }

    @Override
    public void close() {
      root.removeAppender(appender.getName());
      root.setLevel(rootLevel);
      context.updateLoggers();
      appender.stop();
    }
  }

  /** Puts {@link #PASSWORD_REQUIRED} before the embedded server's trust lines, and reloads. */
  private static void requirePasswords(Statement st) throws Exception {
    Path hba;
    try (ResultSet rs = st.executeQuery("SHOW hba_file")) {
      rs.next();
      hba = Path.of(rs.getString(1));
    }
    Files.writeString(hba, PASSWORD_REQUIRED + Files.readString(hba));
    st.execute("SELECT pg_reload_conf()");
  }

  private static void connectAsCapture(EmbeddedStack stack, String password) throws Exception {
    DataSources.connect(
            new Endpoint(
                stack.source().engine(),
                stack.source().host(),
                stack.source().port(),
                stack.source().database(),
                USER,
                password))
        .close();
  }

  private static PipelineConfig config(EmbeddedStack stack, Path passwordFile) {
    return new PipelineConfigLoader(Map.of("TARGET_PW", "")::get)
        .parse(
            """
            pipeline.name: secret_file
            source.host: %s
            source.port: %d
            source.database: %s
            source.user: %s
            source.password-file: %s
            source.tables: ['shop\\.accounts']
            source.heartbeat-interval: 1s
            target.host: %s
            target.port: %d
            target.database: %s
            target.user: %s
            target.password-env: TARGET_PW
            kafka.bootstrap-servers: %s
            apply.flush-interval: 100ms
            checkpoint.interval: 1s
            """
                .formatted(
                    stack.source().host(),
                    stack.source().port(),
                    stack.source().database(),
                    USER,
                    passwordFile,
                    stack.target().host(),
                    stack.target().port(),
                    stack.target().database(),
                    stack.target().user(),
                    stack.kafka().bootstrapServers()),
            "(secret file pipeline)");
  }

  private static void insert(Statement st, int from, int to) throws Exception {
    for (int id = from; id <= to; id++) {
      st.execute("INSERT INTO shop.accounts VALUES (" + id + ", 'account " + id + "')");
    }
  }

  private static void awaitTargetRows(EmbeddedStack stack, int rows) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> targetRows(stack) == rows);
  }

  private static long targetRows(EmbeddedStack stack) throws Exception {
    try (Connection target = stack.target().connect();
        Statement st = target.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM shop.accounts")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
