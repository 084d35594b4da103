package io.lockstep.config;

/**
 * A value of a choice option ({@link OptionType#choice}): an enum constant and the word that names
 * it in a pipeline file. Each such enum's {@code toString()} is its word, so that printed
 * configurations and the generated reference show what the file says.
 */
public interface Choice {

  /** The word in the pipeline file, lower case. */
  String word();
}
