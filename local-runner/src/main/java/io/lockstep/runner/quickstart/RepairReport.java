package io.lockstep.runner.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of {@code quickstart --repair}: asks the recovery service, through its admin API and the
 * run's token as an operator would, whether it resolved every row {@code --corrupt} tampered with
 * (tier 1: re-read from the source and force-synced).
 */
final class RepairReport {

  private static final Duration WITHIN = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final String apiAddress;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RepairReport(PrintStream out, String apiAddress, String token) {
    this.out = out;
    this.apiAddress = apiAddress;
    this.token = token;
  }

  /** Returns whether every victim's discrepancy is resolved by the service. */
  boolean await(List<Corruption.Victim> victims) throws Exception {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    Map<Long, String> states = Map.of();
    while (System.nanoTime() < deadline) {
      states = customerItemStates();
      if (resolved(victims, states) == victims.size()) {
        break;
      }
      // Polling the service while tier 1 works through its queue.
      Thread.sleep(1_000);
    }
    long resolved = resolved(victims, states);
    for (Corruption.Victim victim : victims) {
      if (!"RESOLVED".equals(states.get(victim.id()))) {
        out.printf(
            "  not repaired: shop.customers {\"id\":%d} (%s)%n",
            victim.id(), states.getOrDefault(victim.id(), "no item in the recovery service"));
      }
    }
    boolean all = resolved == victims.size();
    out.printf(
        "%s: %d of %d tampered rows re-synced from the source by the recovery service (tier 1)%n",
        all ? "REPAIRED" : "NOT REPAIRED", resolved, victims.size());
    return all;
  }

  private static long resolved(List<Corruption.Victim> victims, Map<Long, String> states) {
    return victims.stream().filter(v -> "RESOLVED".equals(states.get(v.id()))).count();
  }

  /** Customer id to the state of its item, from {@code GET /discrepancies}. */
  private Map<Long, String> customerItemStates() throws Exception {
    Map<Long, String> states = new HashMap<>();
    for (int page = 0; ; page++) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      apiAddress + "/discrepancies?table=shop.customers&size=200&page=" + page))
              .header("Authorization", "Bearer " + token)
              .timeout(Duration.ofSeconds(10))
              .GET()
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "the recovery service answered "
                + response.statusCode()
                + " to GET /discrepancies: "
                + response.body());
      }
      JsonNode body = JSON.readTree(response.body());
      for (JsonNode item : body.path("items")) {
        states.put(item.path("key").path("id").asLong(), item.path("state").asText());
      }
      if ((long) (page + 1) * body.path("size").asInt(200) >= body.path("total").asLong()) {
        return states;
      }
    }
  }
}
