"""Pure chart builders: (DataFrame, options) -> plotly Figure. One visual language, defined in style.py."""
