package io.lockstep.engine;

/** Checks of declared sizes (lengths, precisions, scales) shared by the engines' type mappings. */
public final class TypeSizes {

  private TypeSizes() {}

  /** Whether a declared size is known and within {@code [min, max]}. */
  public static boolean within(Integer value, int min, int max) {
    return value != null && value >= min && value <= max;
  }
}
