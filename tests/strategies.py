"""Hypothesis strategies shared by the library tests."""

from hypothesis import strategies as st

from origami import ReLUNetwork


@st.composite
def networks(draw, input_dim: int = 2, max_depth: int = 4, max_width: int = 32, leaky: bool = True):
    """Random He-initialised networks: 1 to ``max_depth`` hidden layers, ReLU or Leaky ReLU."""
    depth = draw(st.integers(1, max_depth))
    hidden = draw(st.lists(st.integers(1, max_width), min_size=depth, max_size=depth))
    slope = draw(st.sampled_from([0.0, 0.1])) if leaky else 0.0
    seed = draw(st.integers(0, 2**32 - 1))
    return ReLUNetwork.random([input_dim, *hidden, 1], seed=seed, negative_slope=slope)


boxes = st.tuples(
    st.floats(-4, -0.5), st.floats(0.5, 4), st.floats(-4, -0.5), st.floats(0.5, 4)
)
