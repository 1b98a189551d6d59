/**
 * Kubernetes YAML for {@code slipway resolve}: the {@code ko://} references in a stream of
 * documents, and the same text with only those references replaced.
 *
 * <p>{@link dev.slipway.kube.ResolveInputs} reads what {@code -f} names, in ko's order; {@link
 * dev.slipway.kube.Selection} is what of each stream {@code -l}'s {@link
 * dev.slipway.kube.LabelSelector} keeps; {@link dev.slipway.kube.KoReferences} finds each reference
 * in it with its exact place (ko's rules: every {@code !!str} scalar starting with {@code ko://},
 * keys included); {@link dev.slipway.kube.ReferencedPackages} gives the import path of the package
 * each names; {@link dev.slipway.kube.KoRewriter} puts the built images in their places, keeping
 * every other byte that is kept; {@link dev.slipway.kube.ResolvedStream} joins the results with
 * ko's {@code ---} delimiter.
 */
package dev.slipway.kube;
