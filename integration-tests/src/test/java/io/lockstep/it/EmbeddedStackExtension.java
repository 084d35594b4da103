package io.lockstep.it;

import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.types.Engine;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded stack (source and target database, Kafka, Flink) per test class: started before the
 * class's own {@code @BeforeAll} methods, and always stopped after its tests, whatever they threw.
 * Register it as {@code @RegisterExtension static final EmbeddedStackExtension STACK}.
 */
final class EmbeddedStackExtension implements BeforeAllCallback, AfterAllCallback {

  private final Engine sourceEngine;
  private final Engine targetEngine;
  private EmbeddedStack stack;

  /** PostgreSQL on both sides. */
  EmbeddedStackExtension() {
    this(Engine.POSTGRES, Engine.POSTGRES);
  }

  EmbeddedStackExtension(Engine sourceEngine, Engine targetEngine) {
    this.sourceEngine = sourceEngine;
    this.targetEngine = targetEngine;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    stack = EmbeddedStack.start(0, sourceEngine, targetEngine);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (stack != null) {
      stack.close();
      stack = null;
    }
  }

  EmbeddedStack stack() {
    if (stack == null) {
      throw new IllegalStateException("the embedded stack is not running");
    }
    return stack;
  }
}
