package dev.custodian.batch.boundary;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/** One job execution with its steps' counters, as the API shows it. */
public record BatchExecution(long id, String jobName, String status, String exitStatus, Instant createdAt,
                             Instant startedAt, Instant finishedAt, long readCount, long writeCount, long skipCount,
                             List<Step> steps) {

    /** One step's outcome and counters. */
    public record Step(String name, String status, String exitStatus, long readCount, long writeCount,
                       long filterCount, long commitCount, long rollbackCount, long readSkipCount,
                       long processSkipCount, long writeSkipCount) {

        static Step of(StepExecution step) {
            return new Step(step.getStepName(), step.getBatchStatus().name().toLowerCase(), step.getExitStatus(),
                    metric(step, Metric.MetricType.READ_COUNT), metric(step, Metric.MetricType.WRITE_COUNT),
                    metric(step, Metric.MetricType.FILTER_COUNT), metric(step, Metric.MetricType.COMMIT_COUNT),
                    metric(step, Metric.MetricType.ROLLBACK_COUNT), metric(step, Metric.MetricType.READ_SKIP_COUNT),
                    metric(step, Metric.MetricType.PROCESS_SKIP_COUNT), metric(step, Metric.MetricType.WRITE_SKIP_COUNT));
        }

        long skipCount() {
            return readSkipCount + processSkipCount + writeSkipCount;
        }
    }

    static BatchExecution of(JobExecution execution, JobOperator operator) {
        List<Step> steps = operator.getStepExecutions(execution.getExecutionId()).stream().map(Step::of).toList();
        return new BatchExecution(execution.getExecutionId(), execution.getJobName(),
                execution.getBatchStatus().name().toLowerCase(), execution.getExitStatus(),
                instant(execution.getCreateTime()), instant(execution.getStartTime()), instant(execution.getEndTime()),
                steps.stream().mapToLong(Step::readCount).sum(), steps.stream().mapToLong(Step::writeCount).sum(),
                steps.stream().mapToLong(Step::skipCount).sum(), steps);
    }

    private static long metric(StepExecution step, Metric.MetricType type) {
        Metric[] metrics = step.getMetrics();
        if (metrics != null) {
            for (Metric metric : metrics) {
                if (metric.getType() == type) {
                    return metric.getValue();
                }
            }
        }
        return 0;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
