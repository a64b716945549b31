// SpectraInsight: see DESIGN.md.
