"""GASP cover generation: a latent goes through a hypernetwork to all the weights of a coordinate MLP,
and a cover is that function evaluated on a pixel grid of any size."""
