"""The analysis of a chain: gaps, bottlenecks, underutilized resources, leverage points."""
