"""Loading and saving each modality: files in, arrays out (and back), with clear errors."""
