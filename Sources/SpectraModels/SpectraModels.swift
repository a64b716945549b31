// SpectraModels: see DESIGN.md.
