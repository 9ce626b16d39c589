"""Coordinate networks (INRs) as plain functions of explicit weight lists.

The cross-modal engine owns *which* weights are trained and how they map to pixels; these
modules own only the architecture: initialisation (from the keystream) and the forward pass.
"""
