"""Cross-modal hiding (Han et al., ICIP 2023): a secret fitted by an INR whose variable weight
matrices *are* the container image's R, G, B channels."""
