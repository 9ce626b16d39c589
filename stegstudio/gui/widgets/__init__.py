"""Reusable views: image, video, audio, mesh previews, loss curves, metric tables."""
