"""Portfolio: the projects the PMO delivers for its customers, and who gives feedback on each."""
