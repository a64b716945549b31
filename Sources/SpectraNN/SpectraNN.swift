// SpectraNN: see DESIGN.md.

