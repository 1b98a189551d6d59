/**
 * Renderings of a finished build for machines and people: a Chrome trace ({@link TraceWriter}),
 * Prometheus metrics for a textfile or a pushgateway ({@link Exposition}, {@link Pushgateway}), and
 * the stage-by-stage account against a time budget ({@link BudgetTable}). Everything here reads a
 * {@link dev.slipway.record.BuildSummary}; nothing reaches back into the build.
 */
package dev.slipway.report;
