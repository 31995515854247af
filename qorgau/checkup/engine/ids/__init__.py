"""The identifier detectors, one module per family; `identifiers.find_identifiers` runs them."""
