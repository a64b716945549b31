#if canImport(Glibc)
import Glibc
#endif

/// Heap settings for commands that read and write many files in one process.
public enum HeapTuning {
    /// Keeps freed heap memory for the next allocations instead of handing it back to the system after each
    /// file: a batch conversion allocates and frees buffers of similar sizes per file, and memory handed back
    /// and taken again costs a page fault per 4 KiB. (On the 34 IR files of benchmarks/jcamp this halves
    /// `spectra convert`'s page faults, 2210 → 1035.) Up to 64 MiB stay with the process; allocations below
    /// 32 MiB come from the heap. glibc only (looked up at run time); a no-op elsewhere.
    public static func keepFreedMemoryForReuse() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-1, 64 << 20) // M_TRIM_THRESHOLD
        _ = mallopt(-3, 32 << 20) // M_MMAP_THRESHOLD
        #endif
    }
}
