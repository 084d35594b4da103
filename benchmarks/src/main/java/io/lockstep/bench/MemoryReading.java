package io.lockstep.bench;

import java.io.IOException;

/** Peak memory of a process under test during one suite. */
record MemoryReading(String suite, String process, long peakRssBytes, long peakHeapBytes) {

  static MemoryReading of(String suite, String process, ChildJvm child) throws IOException {
    return new MemoryReading(suite, process, child.peakRssBytes(), child.peakHeapBytes());
  }

  long rssMib() {
    return peakRssBytes / (1024 * 1024);
  }

  long heapMib() {
    return peakHeapBytes / (1024 * 1024);
  }
}
