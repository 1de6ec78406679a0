"""Pages of area outcomes (thin: parse, gate, call selectors and services, render)."""
