package dev.slipway.cache;

import java.nio.file.Path;

/**
 * One action of a build's action set: its key, its record and its verified body on local disk.
 *
 * @param key the action key
 * @param record what the action produced
 * @param body the body in the local tier
 */
public record ListedAction(String key, ActionRecord record, Path body) {}
