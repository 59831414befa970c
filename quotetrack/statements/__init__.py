"""One statement, many appearances: near-duplicate quotes joined across articles, wire
copies marked, and where each statement was first seen and how far it spread."""
