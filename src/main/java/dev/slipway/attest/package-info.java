/**
 * What a security team asks of an image beside the image itself: its software bill of materials
 * (SPDX 2.3 and CycloneDX 1.6 JSON, from the build information go wrote into the binary), and, in
 * later steps, provenance and signatures. Sits between {@code image} and {@code publish}: it reads
 * finished images and their binaries, and the outputs attach what it writes as referrers.
 */
package dev.slipway.attest;
