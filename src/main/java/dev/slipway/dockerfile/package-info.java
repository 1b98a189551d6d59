/**
 * Dockerfiles for {@code slipway init}: reads a repository's Dockerfiles and plans the slipway.yaml
 * that reproduces each final image.
 *
 * <p>{@link dev.slipway.dockerfile.DockerfileParser} reads a Dockerfile as the Dockerfile reference
 * defines it, and {@link dev.slipway.dockerfile.Stages} substitutes its variables stage by stage.
 * {@link dev.slipway.dockerfile.Translator} follows the final stage's binary back to the {@code go
 * build} that made it and the context paths it was built from, giving a {@link
 * dev.slipway.dockerfile.TargetPlan} and {@link dev.slipway.dockerfile.Note}s for what does not
 * translate. {@link dev.slipway.dockerfile.DockerfileDiscovery} finds the Dockerfiles and their
 * contexts, {@link dev.slipway.dockerfile.SlipwayInit} plans them all, and {@link
 * dev.slipway.dockerfile.SlipwayYamlWriter} writes the plan. Nothing here runs docker, go or a
 * shell: RUN scripts are read, never run.
 */
package dev.slipway.dockerfile;
