// Builds the C simulator of the XFS Manager (Linux/macOS only). Filled in with the simulator.
