"""Outputs: the paper's tables, the codebook, exports, figures and maps, and the build."""
