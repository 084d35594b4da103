package io.lockstep.recovery.service.pipeline;

import io.lockstep.config.PipelineConfig;

/**
 * A pipeline configuration handed over by whoever starts the service in its own JVM (the local
 * runner resolves its embedded servers first); takes the place of {@code lockstep.pipeline-config}.
 */
public record SuppliedPipeline(PipelineConfig config) {}
