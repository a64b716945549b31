/// Colour-blind-safe colours for categorical data.
public enum Palette {
    /// Okabe & Ito (2008) "Color Universal Design" colours, black last so the first curves are
    /// coloured; the yellow is dropped because it is unreadable as a thin line on white.
    public static let okabeIto = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"]

    /// The colour of series `index` (cycling when there are more series than colours).
    public static func categorical(_ index: Int) -> String {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }

    /// Neutral greys for axes, grid lines and text.
    public static let axis = "#333333"
    /// Light grey for grid lines.
    public static let grid = "#e3e3e3"
    /// Text colour.
    public static let text = "#222222"
}
