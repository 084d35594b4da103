package io.lockstep.config;

import java.io.Serializable;

/**
 * The two options that can say where one secret is: an environment variable or a file. A pipeline
 * file gives exactly one of them.
 *
 * @param what the secret in words, for messages ("source password")
 */
public record SecretOptions(
    String what, PipelineOption<String> environmentVariable, PipelineOption<String> file)
    implements Serializable {

  /** Whether {@code option} is one of this secret's two options. */
  public boolean isNamedBy(PipelineOption<?> option) {
    return option == environmentVariable || option == file;
  }

  /** "source.password-env or source.password-file", for messages. */
  String keys() {
    return environmentVariable.key() + " or " + file.key();
  }
}
