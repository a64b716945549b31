// SpectraZoo: see DESIGN.md.
