package io.lockstep.recovery.service.status;

import io.lockstep.config.PipelineConfig;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The pipeline's state: its Flink jobs and the apply job's lag. */
@RestController
@RequestMapping("/api/v1")
class StatusController {

  private final PipelineConfig pipeline;
  private final FlinkJobs flink;
  private final PipelineLag lag;

  StatusController(PipelineConfig pipeline, FlinkJobs flink, PipelineLag lag) {
    this.pipeline = pipeline;
    this.flink = flink;
    this.lag = lag;
  }

  record Status(String pipeline, FlinkStatus flink, LagReport applyLag) {}

  @Operation(summary = "The pipeline's Flink jobs, their last checkpoints, and the apply lag")
  @GetMapping("/status")
  Status status() {
    return new Status(pipeline.name(), flink.status(), lag.applyLag());
  }
}
