package io.lockstep.runner.submit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable part of a Flink REST error: its {@code errors} entries without stack frames. When a
 * job's main fails, the server's stack trace is in the second entry, and the lines that matter are
 * the exception messages and their causes (a pipeline file problem, a preflight finding).
 */
final class RestErrors {

  private static final int MAX_LINES = 25;

  private RestErrors() {}

  static String summary(JsonNode body, String raw) {
    List<String> lines = new ArrayList<>();
    for (JsonNode error : body.path("errors")) {
      for (String line : error.asText().split("\\R")) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()
            || trimmed.startsWith("at ")
            || trimmed.matches("\\.\\.\\. \\d+ more")) {
          continue;
        }
        if (!lines.contains(trimmed)) {
          lines.add(trimmed);
        }
      }
    }
    if (lines.isEmpty()) {
      String text = raw == null ? "" : raw.strip();
      return "  " + (text.isEmpty() ? "(no error text)" : abbreviate(text, 2000));
    }
    List<String> shown = lines.size() > MAX_LINES ? lines.subList(0, MAX_LINES) : lines;
    StringBuilder out = new StringBuilder();
    shown.forEach(l -> out.append("  ").append(l).append('\n'));
    if (shown.size() < lines.size()) {
      out.append("  ... (").append(lines.size() - shown.size()).append(" more lines)\n");
    }
    return out.toString().stripTrailing();
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + " ...";
  }
}
