package io.lockstep.recovery.service.resnapshot;

/**
 * The pipeline has no usable signal channel: no signaling table configured, or one the service
 * cannot write. The API answers 409: the request is sound, the pipeline is not set up for it.
 */
public class NoSignalChannelException extends RuntimeException {

  public NoSignalChannelException(String message) {
    super(message);
  }
}
