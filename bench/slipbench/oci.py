"""Reads an OCI image layout just enough to find the binary layer (the last layer of the image)."""

import json
from pathlib import Path

INDEX_TYPES = ("application/vnd.oci.image.index.v1+json",
               "application/vnd.docker.distribution.manifest.list.v2+json")


def _blob(layout: Path, digest: str) -> Path:
    algo, hexpart = digest.split(":", 1)
    return layout / "blobs" / algo / hexpart


def binary_layer(layout: Path):
    """Returns {digest, size, mediaType} of the last layer of the newest image, or of the largest blob."""
    try:
        desc = json.loads((layout / "index.json").read_text())["manifests"][-1]
        doc = json.loads(_blob(layout, desc["digest"]).read_text())
        while doc.get("mediaType", desc.get("mediaType")) in INDEX_TYPES or "manifests" in doc:
            desc = doc["manifests"][0]
            doc = json.loads(_blob(layout, desc["digest"]).read_text())
        layer = doc["layers"][-1]
        return {"digest": layer["digest"], "size": _blob(layout, layer["digest"]).stat().st_size,
                "mediaType": layer.get("mediaType"), "found": "manifest"}
    except (OSError, KeyError, IndexError, ValueError):
        blobs = [p for p in (layout / "blobs" / "sha256").glob("*") if p.is_file()]
        if not blobs:
            return None
        big = max(blobs, key=lambda p: p.stat().st_size)
        return {"digest": "sha256:" + big.name, "size": big.stat().st_size, "mediaType": None,
                "found": "largest blob"}
