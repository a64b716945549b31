/// The readers every registry starts with, in sniffing priority order.
///
/// Sniffing picks the highest score (ties go to the earlier reader): JCAMP-DX claims files with a
/// `##TITLE=` record (100) and `.npy` files with the `\x93NUMPY` magic (100); the column-text reader
/// claims `.xy/.xye/.csv/.txt/.dat` by extension (50) and other text whose first data line holds
/// numbers (20). A modality's instrument readers, added later, win with a higher signature score (at most
/// 100, which ends sniffing).
public enum GenericFormats {
    /// Generic readers: JCAMP-DX, NumPy `.npy`, column text.
    public static var readers: [any SpectrumReader] { [JCAMPReader(), NumpySpectrumReader(), ColumnTextReader()] }
}
