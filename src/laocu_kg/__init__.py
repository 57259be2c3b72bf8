"""laocu-kg: Chinese reports about 老促会 → an ontology-mapped knowledge graph to query, view and export."""

from __future__ import annotations

__version__ = "0.1.0"
