/// Heap settings for commands that read and write many files in one process.
public enum HeapTuning {
    /// Keeps freed heap memory for the next allocations instead of handing it back to the system after each
    /// file: a batch conversion allocates and frees buffers of similar sizes per file, and memory handed back
    /// and taken again costs a page fault per 4 KiB. (On the 34 IR files of benchmarks/jcamp this halves
    /// `spectra convert`'s page faults, 2210 → 1035.) Up to 64 MiB stay with the process; allocations below
    /// 32 MiB come from the heap. glibc only; a no-op elsewhere.
    public static func keepFreedMemoryForReuse() {
        #if os(Linux) && canImport(Glibc)
        _ = mallopt(-1, 64 << 20) // M_TRIM_THRESHOLD
        _ = mallopt(-3, 32 << 20) // M_MMAP_THRESHOLD
        #endif
    }
}

#if os(Linux) && canImport(Glibc)
/// glibc's `mallopt` (malloc.h, which the Glibc module does not import): two C ints in, one out, the same
/// registers in Swift's calling convention, so it is declared here by its C name.
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
