"""Deterministic synthetic demo data: realistic voyages into Kingston, Colombo and Freeport with
planted risks and their ground truth.

``generate`` streams the manifests in filing order; ``write_demo`` writes them as CUSCAR and
canonical JSON beside the ground truth and the demo watch list.
"""

from cargotarget.demo.files import DemoSummary, write_demo
from cargotarget.demo.generator import DemoManifest, generate
from cargotarget.demo.truth import GroundTruth, Threat

__all__ = ["DemoManifest", "DemoSummary", "GroundTruth", "Threat", "generate", "write_demo"]
