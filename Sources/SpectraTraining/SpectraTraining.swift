// SpectraTraining: see DESIGN.md.
