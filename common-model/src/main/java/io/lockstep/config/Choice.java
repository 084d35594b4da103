package io.lockstep.config;

import java.util.Locale;

/**
 * A value of a choice option ({@link OptionType#choice}): an enum constant, named in a pipeline
 * file by its name in lower case ({@code ALL_TABLES} is {@code all_tables}). Printed configurations
 * and the generated reference show the word ({@link #text}), as the file says it.
 */
public interface Choice {

  /** The constant's name (an enum's own {@code name()}). */
  String name();

  /** The word in the pipeline file, lower case. */
  default String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code value} as a pipeline file writes it: a choice's word, anything else as it is. */
  static Object text(Object value) {
    return value instanceof Choice choice ? choice.word() : value;
  }
}
